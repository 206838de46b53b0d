-- A shop's platform credentials (ADR 29): its non-secret settings and API
-- base URL on the shop row, its secrets apart in shop_secrets, so that
-- reading a shop never reads a sealed value.

-- +goose Up
-- The platform's settings (shop_domain, app_key, api_version …) as one JSON
-- object of strings; read and written whole with the shop.
ALTER TABLE shops ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
-- Overrides the platform's API address ('' means production): simulators
-- and tests point a real connector at a local server this way.
ALTER TABLE shops ADD COLUMN api_base_url TEXT NOT NULL DEFAULT '';

-- Envelope encryption: the value is sealed with AES-256-GCM under a random
-- data key of its own, and the data key is sealed by the master keyring
-- (key_id names the master key). Both are bound to (shop_id, name), so a
-- row copied to another shop or name fails to open. A master key rotation
-- re-seals data_key only; rotated_at is when the value itself last changed.
CREATE TABLE shop_secrets (
    shop_id    TEXT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    key_id     TEXT NOT NULL,
    data_key   BYTEA NOT NULL,
    sealed     BYTEA NOT NULL,
    set_at     BIGINT NOT NULL,
    rotated_at BIGINT,
    PRIMARY KEY (shop_id, name)
);
-- The re-seal after a master key rotation looks for rows under old keys.
CREATE INDEX shop_secrets_by_key ON shop_secrets (key_id);

-- +goose Down
DROP INDEX shop_secrets_by_key;
DROP TABLE shop_secrets;
ALTER TABLE shops DROP COLUMN api_base_url;
ALTER TABLE shops DROP COLUMN settings;
