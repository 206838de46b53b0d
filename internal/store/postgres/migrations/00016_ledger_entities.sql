-- The ledger per legal entity, with posting dimensions and account map
-- versions (docs/adr/0025-ledger-entities-dimensions-and-rules.md).
-- Existing entries move into entity 1 with their chain intact: seq = id.

-- +goose Up
-- An entry's id encodes its entity and its place in the entity's chain:
-- id = (entity - 1) * 2^40 + seq (ledger.EntryID). Entity 1's ids are the
-- ids entries always had, so existing entries are entity 1's as they stand.
ALTER TABLE ledger_entries ADD COLUMN map_version BIGINT NOT NULL DEFAULT 0;   -- account map version it was posted with; 0 = the default or none

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

ALTER TABLE ledger_balances ADD COLUMN entity_id BIGINT NOT NULL DEFAULT 1;
ALTER TABLE ledger_balances DROP CONSTRAINT ledger_balances_pkey;
ALTER TABLE ledger_balances ADD PRIMARY KEY (entity_id, account_code, currency);

-- One chain head per entity, locked by the transactions posting to it.
CREATE TABLE ledger_chains (
    entity_id BIGINT PRIMARY KEY,
    last_seq  BIGINT NOT NULL,
    last_hash BYTEA NOT NULL
);
INSERT INTO ledger_chains (entity_id, last_seq, last_hash) SELECT 1, last_id, last_hash FROM ledger_chain;
DROP TABLE ledger_chain;

-- Account maps: role (and channel, '' for any) → account, per entity, in
-- versions that are never changed: a new map is a new version.
CREATE TABLE ledger_account_maps (
    entity_id    BIGINT NOT NULL,
    version      BIGINT NOT NULL CHECK (version > 0),
    role         TEXT NOT NULL,
    channel      TEXT NOT NULL,
    account_code TEXT NOT NULL REFERENCES ledger_accounts(code),
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (entity_id, version, role, channel)
);
CREATE TRIGGER ledger_account_maps_append_only BEFORE UPDATE OR DELETE ON ledger_account_maps
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

-- +goose Down
-- Down keeps the default entity's books only (the schema before had one
-- set); other entities' entries stay, unreachable, as entries are never
-- deleted.
DROP TABLE ledger_account_maps;
CREATE TABLE ledger_chain (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    last_id   BIGINT NOT NULL,
    last_hash BYTEA NOT NULL
);
INSERT INTO ledger_chain (id, last_id, last_hash) SELECT 1, last_seq, last_hash FROM ledger_chains WHERE entity_id = 1;
DROP TABLE ledger_chains;
DELETE FROM ledger_balances WHERE entity_id <> 1;
ALTER TABLE ledger_balances DROP CONSTRAINT ledger_balances_pkey;
ALTER TABLE ledger_balances DROP COLUMN entity_id;
ALTER TABLE ledger_balances ADD PRIMARY KEY (account_code, currency);
ALTER TABLE ledger_postings DROP COLUMN shop, DROP COLUMN channel, DROP COLUMN sku, DROP COLUMN source_kind, DROP COLUMN source_id;
ALTER TABLE ledger_entries DROP COLUMN map_version, DROP COLUMN shop, DROP COLUMN channel, DROP COLUMN sku, DROP COLUMN source_kind, DROP COLUMN source_id;
