package auth

import (
	"context"
	"time"
)

// Store persists users and tokens; authdb.Store implements it on SQLite and
// PostgreSQL. Besides the errors each method lists, any may fail with the
// database's own error (Internal or Unavailable).
type Store interface {
	// CreateUser inserts u (its ID is ignored) with its password hash and
	// returns it with the ID the database chose. Errors: Conflict when the
	// name is taken.
	CreateUser(ctx context.Context, u User, passwordHash string) (User, error)
	// UserByName returns a user and its password hash. Errors: NotFound.
	UserByName(ctx context.Context, name string) (User, string, error)
	// Users lists every user in ID order.
	Users(ctx context.Context) ([]User, error)
	// DisableUser marks a user disabled as of at; disabling again keeps the
	// first time. Errors: NotFound.
	DisableUser(ctx context.Context, name string, at time.Time) error
	// UpdateUser runs change on the user named name, with the number of
	// active admins, in one transaction that keeps that number true until
	// it commits, and stores the role and disabled flag change leaves; a
	// user disabled again keeps the first time (at), one enabled loses it.
	// In the same transaction it ends the user's live sessions when the
	// change disables the user (EndUserDisabled) or changes the role
	// (EndRoleChanged). Errors: NotFound, and whatever change returns
	// (nothing is stored).
	UpdateUser(ctx context.Context, name string, at time.Time, change func(u *User, activeAdmins int) error) (User, error)
	// CreateToken inserts t with the SHA-256 of its secret. Errors: NotFound
	// when t.UserID does not exist; Conflict when t.ID is taken.
	CreateToken(ctx context.Context, t Token, secretHash []byte) error
	// TokenByID returns a token with its secret hash and owner. Errors: NotFound.
	TokenByID(ctx context.Context, id string) (StoredToken, error)
	// Tokens lists a user's tokens, oldest first (none for an unknown ID).
	Tokens(ctx context.Context, userID int64) ([]Token, error)
	// AllTokens lists every user's tokens, oldest first.
	AllTokens(ctx context.Context) ([]Token, error)
	// TouchToken records a use at at, unless a later use is already recorded.
	// An unknown id is not an error: the token may just have been removed.
	TouchToken(ctx context.Context, id string, at time.Time) error
	// RevokeToken marks a token revoked as of at; revoking again keeps the
	// first time. Errors: NotFound.
	RevokeToken(ctx context.Context, id string, at time.Time) error

	// CreateFirstAdmin inserts u as CreateUser does, but only while there
	// are no users, and at most once ever: two at once cannot both succeed.
	// Errors: Conflict "setup_done".
	CreateFirstAdmin(ctx context.Context, u User, passwordHash string) (User, error)
	// SetPassword replaces a user's password hash and, in the same
	// transaction, ends all their live sessions (EndPasswordChanged).
	// Errors: NotFound.
	SetPassword(ctx context.Context, userID int64, passwordHash string, at time.Time) error
	// CreateSession inserts a live session with the hashes of its secret
	// and CSRF token. Errors: NotFound when the user does not exist.
	CreateSession(ctx context.Context, s Session, secretHash, csrfHash []byte) error
	// SessionByID returns a session with its hashes and owner. Errors: NotFound.
	SessionByID(ctx context.Context, id string) (StoredSession, error)
	// TouchSession records a request at at, unless a later one is recorded.
	TouchSession(ctx context.Context, id string, at time.Time) error
	// EndSession ends a live session at at for reason; an ended or unknown
	// session is left as it is.
	EndSession(ctx context.Context, id string, at time.Time, reason EndReason) error
}

// StoredToken is a token as the store holds it, with what Authenticate
// needs in one read: the secret's hash and the owner.
type StoredToken struct {
	Token      Token
	SecretHash []byte
	Owner      User
}
