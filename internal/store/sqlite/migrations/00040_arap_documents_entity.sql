-- Receivables and payables per legal entity
-- (docs/adr/0060-arap-documents-per-entity.md): each B2B document belongs
-- to the entity whose books it posts to. The documents so far were the
-- default entity's (1). A number is unique per entity, party and kind:
-- two entities may each issue invoice INV-1 to one customer. Customers
-- and suppliers stay shared by every entity.

-- +goose Up
CREATE TABLE arap_documents_new (
    entity       INTEGER NOT NULL DEFAULT 1,
    kind         TEXT NOT NULL CHECK (kind IN ('invoice', 'receipt', 'bill', 'payment')),
    party        TEXT NOT NULL,
    number       TEXT NOT NULL,
    doc_date     TEXT NOT NULL,
    due_date     TEXT NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    currency     TEXT NOT NULL,
    account      TEXT NOT NULL,
    applies_to   TEXT NOT NULL,
    memo         TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    entry_id     INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    created_by   TEXT NOT NULL,
    PRIMARY KEY (entity, party, kind, number)
) STRICT, WITHOUT ROWID;
INSERT INTO arap_documents_new (entity, kind, party, number, doc_date, due_date, amount_minor, currency, account, applies_to, memo,
    fingerprint, entry_id, created_at, created_by)
SELECT 1, kind, party, number, doc_date, due_date, amount_minor, currency, account, applies_to, memo,
    fingerprint, entry_id, created_at, created_by FROM arap_documents;
DROP TABLE arap_documents;
ALTER TABLE arap_documents_new RENAME TO arap_documents;

-- +goose Down
-- Keeps the default entity's documents only (the schema before had no
-- entity); the other entities' entries stay in their books.
CREATE TABLE arap_documents_old (
    kind         TEXT NOT NULL CHECK (kind IN ('invoice', 'receipt', 'bill', 'payment')),
    party        TEXT NOT NULL,
    number       TEXT NOT NULL,
    doc_date     TEXT NOT NULL,
    due_date     TEXT NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    currency     TEXT NOT NULL,
    account      TEXT NOT NULL,
    applies_to   TEXT NOT NULL,
    memo         TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    entry_id     INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    created_by   TEXT NOT NULL,
    PRIMARY KEY (party, kind, number)
) STRICT, WITHOUT ROWID;
INSERT INTO arap_documents_old (kind, party, number, doc_date, due_date, amount_minor, currency, account, applies_to, memo,
    fingerprint, entry_id, created_at, created_by)
SELECT kind, party, number, doc_date, due_date, amount_minor, currency, account, applies_to, memo,
    fingerprint, entry_id, created_at, created_by FROM arap_documents WHERE entity = 1;
DROP TABLE arap_documents;
ALTER TABLE arap_documents_old RENAME TO arap_documents;
