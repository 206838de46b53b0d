-- The audit log (docs/adr/0040-audit-log.md): every API mutation, every view
-- of decrypted personal data or raw payloads, and the command line's own
-- changes. Append-only (triggers refuse UPDATE and DELETE) and hash-chained
-- like the ledger: hash = SHA-256 over prev_hash and the row's fields.
-- detail is the redacted JSON as text, hashed byte for byte, so it is never
-- reformatted by the engine. Times are unix microseconds UTC.

-- +goose Up
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,  -- gapless: the position in the chain
    at        INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    role      TEXT NOT NULL,
    via       TEXT NOT NULL CHECK (via IN ('session','token','cli','system')),
    action    TEXT NOT NULL,
    target    TEXT NOT NULL,
    detail    TEXT NOT NULL,
    status    INTEGER NOT NULL,
    prev_hash BLOB NOT NULL,
    hash      BLOB NOT NULL
) STRICT;

-- The console filters by actor and by time, newest first.
CREATE INDEX audit_log_by_actor ON audit_log (actor, seq);
CREATE INDEX audit_log_by_at ON audit_log (at);

-- The head of the chain: one row, locked by every append.
CREATE TABLE audit_chain (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq  INTEGER NOT NULL,
    last_hash BLOB NOT NULL
) STRICT;
INSERT INTO audit_chain (id, last_seq, last_hash) VALUES (1, 0, x'');

-- +goose StatementBegin
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE audit_chain;
DROP TABLE audit_log;
