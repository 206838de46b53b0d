-- Console sessions (ADR 38). The cookie holds "<id>.<secret>"; only the
-- SHA-256 of the secret and of the CSRF token are kept, so a copy of the
-- database signs nobody in. A session ends once (ended_at, end_reason) and
-- is never reopened; ended rows stay for the audit trail.

-- +goose Up
CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    secret_hash  BLOB NOT NULL,
    csrf_hash    BLOB NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL, -- the absolute end; idle expiry is last_seen_at + the idle timeout
    ended_at     INTEGER,
    end_reason   TEXT CHECK (end_reason IN ('logout','password_changed','user_disabled','role_changed','idle','expired')),
    CHECK ((ended_at IS NULL) = (end_reason IS NULL))
) STRICT;

-- Ending every live session of a user (password change, disable, role change).
CREATE INDEX sessions_live_by_user ON sessions (user_id) WHERE ended_at IS NULL;

-- At most one row: set by the first-run setup in the transaction that adds
-- the first admin, so two setups at once cannot both succeed.
CREATE TABLE first_admin (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL
) STRICT;

-- +goose Down
DROP TABLE first_admin;
DROP INDEX sessions_live_by_user;
DROP TABLE sessions;
