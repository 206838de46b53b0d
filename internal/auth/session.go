package auth

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
)

// Default session lifetimes (docs/adr/0038-sessions.md): a console left
// alone for half an hour signs out; none lives longer than a working day.
const (
	DefaultSessionIdle = 30 * time.Minute
	DefaultSessionMax  = 12 * time.Hour
)

// EndReason says why a session ended; the sessions table's CHECK lists the
// same names.
type EndReason string

const (
	EndLogout          EndReason = "logout"
	EndPasswordChanged EndReason = "password_changed"
	EndUserDisabled    EndReason = "user_disabled"
	EndRoleChanged     EndReason = "role_changed"
	EndIdle            EndReason = "idle"
	EndExpired         EndReason = "expired"
)

// Session is a console sign-in. Its secret and CSRF token are never stored,
// only their hashes.
type Session struct {
	ID         string
	UserID     int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time // the absolute end
	Ended      bool
}

// StoredSession is a session as the store holds it, with its owner.
type StoredSession struct {
	Session    Session
	SecretHash []byte
	CSRFHash   []byte
	Owner      User
}

// NewSession is what signing in gives: the cookie value, the CSRF token the
// console sends back in X-CSRF-Token, and the session with its owner.
type NewSession struct {
	Cookie    string
	CSRFToken string
	Session   Session
	User      User
	csrfHash  []byte // as stored
}

// CSRFValid reports whether token is this session's CSRF token: its hash
// is compared, in constant time, with the one stored at sign-in.
func (n NewSession) CSRFValid(token string) bool {
	return token != "" && len(n.csrfHash) > 0 && subtle.ConstantTimeCompare(hashText(token), n.csrfHash) == 1
}

// IdleTimeout is how long a session lives without requests.
func (s *Service) IdleTimeout() time.Duration { return s.idle }

// sessionCookie is "<id>.<secret>": the id finds the row, the secret (32
// random bytes) is the credential. A '.' keeps it apart from API tokens.
func sessionCookie(id, secret string) string { return id + "." + secret }

func parseSessionCookie(c string) (id, secret string, ok bool) {
	id, secret, ok = strings.Cut(c, ".")
	if !ok || !isBase32Lower(id, idLen) || !isBase32Lower(secret, randomLen) {
		return "", "", false
	}
	return id, secret, true
}

// csrfToken derives the CSRF token from the session's secret, so that
// GET /api/v1/session can give it again without the database holding it:
// whoever can compute it already holds the cookie.
func csrfToken(secret string) string {
	sum := sha256.Sum256([]byte("fnshub csrf\x00" + secret))
	return strings.ToLower(b32.EncodeToString(sum[:]))
}

func hashText(s string) []byte {
	sum := sha256.Sum256([]byte(s))
	return sum[:]
}

// startSession opens a session for u, now.
func (s *Service) startSession(ctx context.Context, u User) (NewSession, error) {
	now := s.clock()
	id := newTokenID()
	secret := randomText(randomBytes)
	csrf := csrfToken(secret)
	sess := Session{ID: id, UserID: u.ID, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.maxAge)}
	if err := s.store.CreateSession(ctx, sess, hashSecret(secret), hashText(csrf)); err != nil {
		return NewSession{}, err
	}
	return NewSession{Cookie: sessionCookie(id, secret), CSRFToken: csrf, Session: sess, User: u, csrfHash: hashText(csrf)}, nil
}

// ResumeSession returns who the session cookie c signs in, its session
// and its CSRF token. Nothing is cached: the session and its owner are
// read every time, so logout, a password change, disabling or a new role
// take effect at the next request.
//
// Errors: Unauthorized "session_expired", with one message, for a cookie
// that is malformed, unknown, ended, idle or past its absolute end, or
// whose user is disabled. An idle or expired session is ended on the way.
func (s *Service) ResumeSession(ctx context.Context, c string) (Principal, NewSession, error) {
	id, secret, ok := parseSessionCookie(c)
	if !ok {
		return Principal{}, NewSession{}, errSessionExpired()
	}
	st, err := s.store.SessionByID(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return Principal{}, NewSession{}, errSessionExpired()
	} else if err != nil {
		return Principal{}, NewSession{}, err
	}
	if subtle.ConstantTimeCompare(hashSecret(secret), st.SecretHash) != 1 || st.Session.Ended {
		return Principal{}, NewSession{}, errSessionExpired()
	}
	now := s.clock()
	if reason, over := s.over(st, now); over {
		if err := s.store.EndSession(ctx, id, now, reason); err != nil {
			return Principal{}, NewSession{}, err
		}
		return Principal{}, NewSession{}, errSessionExpired()
	}
	s.seen(ctx, st.Session, now)
	ns := NewSession{Cookie: c, CSRFToken: csrfToken(secret), Session: st.Session, User: st.Owner, csrfHash: st.CSRFHash}
	return Principal{User: st.Owner, SessionID: id}, ns, nil
}

// over says whether a live session must end now, and why.
func (s *Service) over(st StoredSession, now time.Time) (EndReason, bool) {
	switch {
	case st.Owner.Disabled:
		return EndUserDisabled, true
	case !now.Before(st.Session.ExpiresAt):
		return EndExpired, true
	case now.Sub(st.Session.LastSeenAt) >= s.idle:
		return EndIdle, true
	}
	return "", false
}

// seen moves last_seen_at forward at most once per seenEvery, judged by the
// stored time rather than a per-process map, so reads do not each become a
// write and several nodes agree. The idle timeout may thus end a session up
// to seenEvery early. A failed write is harmless: the next request retries.
func (s *Service) seen(ctx context.Context, sess Session, now time.Time) {
	if now.Sub(sess.LastSeenAt) < s.seenEvery() {
		return
	}
	_ = s.store.TouchSession(ctx, sess.ID, now)
}

func (s *Service) seenEvery() time.Duration { return min(time.Minute, s.idle/30) }

// EndSession signs a session out; ending it again changes nothing.
func (s *Service) EndSession(ctx context.Context, id string) error {
	return s.store.EndSession(ctx, id, s.clock(), EndLogout)
}

func errSessionExpired() error {
	return fault.New(fault.Unauthorized, "session_expired", "your session has ended; sign in again")
}
