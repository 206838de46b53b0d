-- ERP export (ADR 0047): account maps from hub accounts to each ERP's,
-- versioned; each ERP's connection with its secrets sealed; and what
-- became of every voucher pushed, so a retry sends only what failed.

-- +goose Up
-- One row per saved version; a change is a new version. entries is the
-- JSON array of {hub, channel, shop, account, aux}, read and written whole.
CREATE TABLE erp_account_maps (
    erp        TEXT NOT NULL,
    version    BIGINT NOT NULL CHECK (version >= 1),
    entries    TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (erp, version)
);

-- The connection: API address and non-secret settings (JSON object of
-- strings).
CREATE TABLE erp_connections (
    erp        TEXT PRIMARY KEY,
    base_url   TEXT NOT NULL DEFAULT '',
    settings   TEXT NOT NULL DEFAULT '{}',
    updated_at BIGINT NOT NULL
);

-- Sealed by the master keyring, bound to (erp, name); write-only.
CREATE TABLE erp_secrets (
    erp    TEXT NOT NULL REFERENCES erp_connections(erp) ON DELETE CASCADE,
    name   TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    key_id TEXT NOT NULL,
    sealed BYTEA NOT NULL,
    set_at BIGINT NOT NULL,
    PRIMARY KEY (erp, name)
);

-- A voucher's last push to an ERP: its outcome (created, exists, failed),
-- the ERP's ref, how many pushes sent it, the last error, and the map
-- version its accounts came from.
CREATE TABLE erp_pushes (
    erp         TEXT NOT NULL,
    voucher_id  TEXT NOT NULL,
    entity_id   BIGINT NOT NULL,
    entry_id    BIGINT NOT NULL,
    period      TEXT NOT NULL,
    map_version BIGINT NOT NULL,
    outcome     TEXT NOT NULL CHECK (outcome IN ('created', 'exists', 'failed')),
    erp_ref     TEXT NOT NULL DEFAULT '',
    attempt     BIGINT NOT NULL,
    error       TEXT NOT NULL DEFAULT '',
    at          BIGINT NOT NULL,
    PRIMARY KEY (erp, voucher_id)
);
-- The status of one period's push.
CREATE INDEX erp_pushes_by_period ON erp_pushes (erp, period, entity_id);

-- +goose Down
DROP INDEX erp_pushes_by_period;
DROP TABLE erp_pushes;
DROP TABLE erp_secrets;
DROP TABLE erp_connections;
DROP TABLE erp_account_maps;
