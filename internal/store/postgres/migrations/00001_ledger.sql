-- The double-entry ledger. Entries and postings are append-only: triggers
-- refuse UPDATE and DELETE; corrections are reversal entries.
-- Times are unix microseconds UTC (docs/adr/0004-storage-conventions.md).

-- +goose Up
CREATE TABLE ledger_accounts (
    code        TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 32),
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    class       TEXT NOT NULL CHECK (class IN ('asset','liability','common','equity','cost','profit_loss')),
    normal_side TEXT NOT NULL CHECK (normal_side IN ('debit','credit')),
    created_at  BIGINT NOT NULL
);

CREATE TABLE ledger_entries (
    id           BIGINT PRIMARY KEY,           -- gapless: the position in the hash chain
    source_key   TEXT NOT NULL UNIQUE,         -- idempotency key of the business event
    content_hash BYTEA NOT NULL,               -- what the source asked for, to tell a replay from a conflict
    description  TEXT NOT NULL,
    effective_at BIGINT NOT NULL,
    posted_at    BIGINT NOT NULL,
    reverses_id  BIGINT REFERENCES ledger_entries(id),
    prev_hash    BYTEA NOT NULL,
    hash         BYTEA NOT NULL
);

-- Postings carry no foreign keys: they are written only with their entry, by
-- the posting transaction that has just checked their accounts, and accounts
-- can never be deleted or renumbered (triggers below); `fnshub check` verifies
-- both. On PostgreSQL a foreign key check row-locks the referenced account
-- (a hot row) for every posting, which cost most of the posting time.
CREATE TABLE ledger_postings (
    entry_id     BIGINT NOT NULL,
    line         INTEGER NOT NULL,
    account_code TEXT NOT NULL,
    currency     TEXT NOT NULL,
    amount_minor BIGINT NOT NULL CHECK (amount_minor <> 0), -- debit > 0, credit < 0
    effective_at BIGINT NOT NULL,
    PRIMARY KEY (entry_id, line)
);

-- An entry is reversed at most once; partial, so ordinary entries cost no index write.
CREATE UNIQUE INDEX ledger_entries_reversed_once ON ledger_entries (reverses_id) WHERE reverses_id IS NOT NULL;

-- No index by account: each one costs two B-tree writes per entry on the hot
-- path (-20% posting throughput, measured); the trial balance scans by time.

CREATE TABLE ledger_balances (
    account_code  TEXT NOT NULL REFERENCES ledger_accounts(code),
    currency      TEXT NOT NULL,
    balance_minor BIGINT NOT NULL,
    PRIMARY KEY (account_code, currency)
);

-- The head of the hash chain: one row, locked by every posting transaction.
CREATE TABLE ledger_chain (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    last_id   BIGINT NOT NULL,
    last_hash BYTEA NOT NULL
);
INSERT INTO ledger_chain (id, last_id, last_hash) VALUES (1, 0, '\x');

-- +goose StatementBegin
CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: post a reversal, or add a new account, instead', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END $$;
-- +goose StatementEnd

CREATE TRIGGER ledger_accounts_never_deleted BEFORE DELETE OR UPDATE OF code ON ledger_accounts
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_postings_append_only BEFORE UPDATE OR DELETE ON ledger_postings
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

-- +goose Down
DROP TABLE ledger_chain;
DROP TABLE ledger_balances;
DROP TABLE ledger_postings;
DROP TABLE ledger_entries;
DROP TABLE ledger_accounts;
DROP FUNCTION ledger_append_only();
