-- The ledger per legal entity, with posting dimensions and account map
-- versions (docs/adr/0025-ledger-entities-dimensions-and-rules.md).
-- Existing entries move into entity 1 with their chain intact: seq = id.

-- +goose Up
-- An entry's id encodes its entity and its place in the entity's chain:
-- id = (entity - 1) * 2^40 + seq (ledger.EntryID). Entity 1's ids are the
-- ids entries always had, so existing entries are entity 1's as they stand.
ALTER TABLE ledger_entries ADD COLUMN map_version INTEGER NOT NULL DEFAULT 0;  -- account map version it was posted with; 0 = the default or none

-- Dimensions of each posting; '' when it does not apply. Those all of an
-- entry's postings share (an order's shop, channel and order) are stored
-- once, on the entry, and its postings' columns stay ''.
ALTER TABLE ledger_entries ADD COLUMN shop TEXT NOT NULL DEFAULT '';
ALTER TABLE ledger_entries ADD COLUMN channel TEXT NOT NULL DEFAULT '';
ALTER TABLE ledger_entries ADD COLUMN sku TEXT NOT NULL DEFAULT '';
ALTER TABLE ledger_entries ADD COLUMN source_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE ledger_entries ADD COLUMN source_id TEXT NOT NULL DEFAULT '';
ALTER TABLE ledger_postings ADD COLUMN shop TEXT NOT NULL DEFAULT '';
ALTER TABLE ledger_postings ADD COLUMN channel TEXT NOT NULL DEFAULT '';
ALTER TABLE ledger_postings ADD COLUMN sku TEXT NOT NULL DEFAULT '';
ALTER TABLE ledger_postings ADD COLUMN source_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE ledger_postings ADD COLUMN source_id TEXT NOT NULL DEFAULT '';

CREATE TABLE ledger_balances_by_entity (
    entity_id     INTEGER NOT NULL,
    account_code  TEXT NOT NULL REFERENCES ledger_accounts(code),
    currency      TEXT NOT NULL,
    balance_minor INTEGER NOT NULL,
    PRIMARY KEY (entity_id, account_code, currency)
) STRICT, WITHOUT ROWID;
INSERT INTO ledger_balances_by_entity SELECT 1, account_code, currency, balance_minor FROM ledger_balances;
DROP TABLE ledger_balances;
ALTER TABLE ledger_balances_by_entity RENAME TO ledger_balances;

-- One chain head per entity, locked by the transactions posting to it.
CREATE TABLE ledger_chains (
    entity_id INTEGER PRIMARY KEY,
    last_seq  INTEGER NOT NULL,
    last_hash BLOB NOT NULL
) STRICT;
INSERT INTO ledger_chains (entity_id, last_seq, last_hash) SELECT 1, last_id, last_hash FROM ledger_chain;
DROP TABLE ledger_chain;

-- Account maps: role (and channel, '' for any) → account, per entity, in
-- versions that are never changed: a new map is a new version.
CREATE TABLE ledger_account_maps (
    entity_id    INTEGER NOT NULL,
    version      INTEGER NOT NULL CHECK (version > 0),
    role         TEXT NOT NULL,
    channel      TEXT NOT NULL,
    account_code TEXT NOT NULL REFERENCES ledger_accounts(code),
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (entity_id, version, role, channel)
) STRICT, WITHOUT ROWID;
-- +goose StatementBegin
CREATE TRIGGER ledger_account_maps_append_only_update BEFORE UPDATE ON ledger_account_maps
BEGIN SELECT RAISE(ABORT, 'account map versions never change; save a new version'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER ledger_account_maps_append_only_delete BEFORE DELETE ON ledger_account_maps
BEGIN SELECT RAISE(ABORT, 'account map versions never change; save a new version'); END;
-- +goose StatementEnd

-- +goose Down
-- Down keeps the default entity's books only (the schema before had one
-- set); other entities' entries stay, unreachable, as entries are never
-- deleted.
DROP TABLE ledger_account_maps;
CREATE TABLE ledger_chain (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    last_id   INTEGER NOT NULL,
    last_hash BLOB NOT NULL
) STRICT;
INSERT INTO ledger_chain (id, last_id, last_hash) SELECT 1, last_seq, last_hash FROM ledger_chains WHERE entity_id = 1;
DROP TABLE ledger_chains;
DELETE FROM ledger_balances WHERE entity_id <> 1;
CREATE TABLE ledger_balances_global (
    account_code  TEXT NOT NULL REFERENCES ledger_accounts(code),
    currency      TEXT NOT NULL,
    balance_minor INTEGER NOT NULL,
    PRIMARY KEY (account_code, currency)
) STRICT, WITHOUT ROWID;
INSERT INTO ledger_balances_global SELECT account_code, currency, balance_minor FROM ledger_balances;
DROP TABLE ledger_balances;
ALTER TABLE ledger_balances_global RENAME TO ledger_balances;
ALTER TABLE ledger_postings DROP COLUMN shop;
ALTER TABLE ledger_postings DROP COLUMN channel;
ALTER TABLE ledger_postings DROP COLUMN sku;
ALTER TABLE ledger_postings DROP COLUMN source_kind;
ALTER TABLE ledger_postings DROP COLUMN source_id;
ALTER TABLE ledger_entries DROP COLUMN map_version;
ALTER TABLE ledger_entries DROP COLUMN shop;
ALTER TABLE ledger_entries DROP COLUMN channel;
ALTER TABLE ledger_entries DROP COLUMN sku;
ALTER TABLE ledger_entries DROP COLUMN source_kind;
ALTER TABLE ledger_entries DROP COLUMN source_id;
