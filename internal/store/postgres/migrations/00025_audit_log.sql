-- The audit log (docs/adr/0040-audit-log.md): every API mutation, every view
-- of decrypted personal data or raw payloads, and the command line's own
-- changes. Append-only (triggers refuse UPDATE and DELETE) and hash-chained
-- like the ledger: hash = SHA-256 over prev_hash and the row's fields.
-- detail is the redacted JSON as TEXT, not JSONB, because it is hashed byte
-- for byte and JSONB would reformat it. Times are unix microseconds UTC.

-- +goose Up
CREATE TABLE audit_log (
    seq       BIGINT PRIMARY KEY,   -- gapless: the position in the chain
    at        BIGINT NOT NULL,
    actor     TEXT NOT NULL,
    role      TEXT NOT NULL,
    via       TEXT NOT NULL CHECK (via IN ('session','token','cli','system')),
    action    TEXT NOT NULL,
    target    TEXT NOT NULL,
    detail    TEXT NOT NULL,
    status    INTEGER NOT NULL,
    prev_hash BYTEA NOT NULL,
    hash      BYTEA NOT NULL
);

-- The console filters by actor and by time, newest first.
CREATE INDEX audit_log_by_actor ON audit_log (actor, seq);
CREATE INDEX audit_log_by_at ON audit_log (at);

-- The head of the chain: one row, locked (FOR UPDATE) by every append.
CREATE TABLE audit_chain (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq  BIGINT NOT NULL,
    last_hash BYTEA NOT NULL
);
INSERT INTO audit_chain (id, last_seq, last_hash) VALUES (1, 0, '\x');

-- +goose StatementBegin
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'restrict_violation';
END $$;
-- +goose StatementEnd

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();

-- +goose Down
DROP TABLE audit_chain;
DROP TABLE audit_log;
DROP FUNCTION audit_append_only();
