// Package netsuite is a simulated NetSuite account's REST web services:
// the OAuth 2.0 client-credentials token endpoint, checking the JWT
// assertion's signature with the mapped certificate's public key and its
// claims as NetSuite does, and the journalEntry record (GET by id or
// eid:externalId, POST answering 204 + Location), with NetSuite's error
// shape {type, title, status, o:errorDetails[{detail, o:errorCode}]}, its
// concurrency-limit 429 and the faults of internal/sandbox.
package netsuite

import (
	"crypto"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fnshub/fnshub/internal/sandbox"
)

// Options configure an account: the one integration record and
// certificate mapping it knows, its accounts and subsidiaries.
type Options struct {
	ClientID      string
	CertificateID string
	PublicKey     crypto.PublicKey // the certificate's: *rsa.PublicKey or *ecdsa.PublicKey
	Accounts      []string         // account internal ids
	Subsidiary    string           // when set, an entry must name it
	Now           func() time.Time // nil: time.Now
	TokenLife     time.Duration    // 0: 3600s
	TBA           *TBACreds        // when set, TBA-signed calls are taken too
	Seed          uint64
}

// Server is one simulated account. It is safe for concurrent use.
type Server struct {
	opt    Options
	faults *sandbox.Faults

	mu      sync.Mutex
	tokens  sandbox.Tokens
	entries map[int64]*Entry
	byExt   map[string]int64
	nextID  int64
	creates sandbox.Creates // which creates a test refuses or loses the answer of
	nonces  map[string]bool // TBA nonces seen
}

// Entry is a stored journal entry.
type Entry struct {
	ID         int64
	TranID     string
	ExternalID string
	TranDate   string
	Memo       string
	Subsidiary string
	Lines      []Line
}

// Line is a stored journal entry line.
type Line struct {
	Account string
	Debit   string
	Credit  string
	Memo    string
}

// New returns an account with no entries.
func New(opt Options) *Server {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.TokenLife == 0 {
		opt.TokenLife = time.Hour
	}
	return &Server{opt: opt, faults: sandbox.NewFaults(opt.Seed),
		entries: map[int64]*Entry{}, byExt: map[string]int64{}, nonces: map[string]bool{}}
}

// Faults is the injector; a Throttle is 429 CONCURRENCY_LIMIT_EXCEEDED.
func (s *Server) Faults() *sandbox.Faults { return s.faults }

// RefuseCreate makes the n-th create (from 1) answer 400 as NetSuite does
// for an entry in a closed period.
func (s *Server) RefuseCreate(n int) { s.creates.Refuse(n) }

// LoseCreateAnswer makes the n-th create store the entry and then answer
// 502, as when the answer is lost between NetSuite and the client.
func (s *Server) LoseCreateAnswer(n int) { s.creates.Lose(n) }

// TokensIssued counts the access tokens the endpoint gave out.
func (s *Server) TokensIssued() int { return s.tokens.Issued() }

// RevokeTokens makes every access token issued so far invalid.
func (s *Server) RevokeTokens() { s.tokens.Revoke() }

// Entries returns the stored entries in id order.
func (s *Server) Entries() []Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Entry, 0, len(s.entries))
	for id := int64(1); id <= s.nextID; id++ {
		if e := s.entries[id]; e != nil {
			out = append(out, *e)
		}
	}
	return out
}

// Handler serves the token endpoint and the record API.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /services/rest/auth/oauth2/v1/token", s.token)
	mux.HandleFunc("GET /services/rest/record/v1/journalEntry/{key}", s.authed(s.get))
	mux.HandleFunc("POST /services/rest/record/v1/journalEntry", s.authed(s.create))
	return s.faults.Wrap(mux, func(w http.ResponseWriter, _ *http.Request) {
		writeError(w, http.StatusTooManyRequests, "CONCURRENCY_LIMIT_EXCEEDED",
			"Concurrent request limit exceeded. Request blocked.")
	})
}

// statusType is the RFC 9110 section NetSuite's type links to.
var statusType = map[int]string{400: "15.5.1", 401: "15.5.2", 403: "15.5.4", 404: "15.5.5", 429: "6.6"}

// writeError writes NetSuite's error object.
func writeError(w http.ResponseWriter, status int, code, detail string) {
	typ := "https://www.rfc-editor.org/rfc/rfc9110.html#section-" + statusType[status]
	if status == 429 {
		typ = "https://www.rfc-editor.org/rfc/rfc6585.html#section-4"
	}
	w.Header().Set("Content-Type", "application/vnd.oracle.resource+json; type=error")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"type": typ, "title": http.StatusText(status), "status": status,
		"o:errorDetails": []map[string]string{{"detail": detail, "o:errorCode": code}},
	})
}

func (s *Server) authed(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "OAuth ") {
			if !s.checkTBA(r, h) {
				invalidLogin(w)
				return
			}
			next(w, r)
			return
		}
		tok, ok := bearer(r)
		if !ok || !s.tokens.Valid(tok, s.opt.Now()) {
			invalidLogin(w)
			return
		}
		next(w, r)
	}
}

func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	if len(h) < 8 || (h[:7] != "Bearer " && h[:7] != "bearer ") {
		return "", false
	}
	return h[7:], true
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// invalidLogin is NetSuite's 401 for a token or signature it refuses.
func invalidLogin(w http.ResponseWriter) {
	writeError(w, http.StatusUnauthorized, "INVALID_LOGIN",
		"Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.")
}
