-- The ledger per legal entity, with posting dimensions and account map
-- versions (docs/adr/0025-ledger-entities-dimensions-and-rules.md).
-- Existing entries move into entity 1 with their chain intact: seq = id.

-- +goose Up
ALTER TABLE ledger_entries ADD COLUMN entity_id BIGINT NOT NULL DEFAULT 1;
ALTER TABLE ledger_entries ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;           -- gapless position in the entity's chain
ALTER TABLE ledger_entries ADD COLUMN map_version BIGINT NOT NULL DEFAULT 0;   -- account map version it was posted with; 0 = none

ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_append_only;
UPDATE ledger_entries SET seq = id;
ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_append_only;
-- No index on (entity_id, seq): it would cost a B-tree write per entry on the
-- hot path. The entity's chain-head lock hands out seq; ids rise with seq
-- within an entity, so pages and the check's walk go by id; `fnshub check`
-- proves each chain gapless.

-- Entry ids stay globally unique; entities post concurrently, so they come
-- from a sequence rather than a chain head.
CREATE SEQUENCE ledger_entry_ids;
SELECT setval('ledger_entry_ids', (SELECT COALESCE(MAX(id), 0) + 1 FROM ledger_entries), false);

-- Dimensions of each posting; '' when it does not apply. entity_id repeats
-- the entry's, so movements and balances by dimension read postings alone.
ALTER TABLE ledger_postings ADD COLUMN entity_id BIGINT NOT NULL DEFAULT 1;
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
DROP TABLE ledger_account_maps;
CREATE TABLE ledger_chain (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    last_id   BIGINT NOT NULL,
    last_hash BYTEA NOT NULL
);
INSERT INTO ledger_chain (id, last_id, last_hash) SELECT 1, last_seq, last_hash FROM ledger_chains WHERE entity_id = 1;
DROP TABLE ledger_chains;
DROP SEQUENCE ledger_entry_ids;
