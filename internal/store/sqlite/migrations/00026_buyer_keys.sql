-- Per-buyer data keys and erasure (ADR 41). Each buyer (its pseudonym), or
-- each order naming no buyer ('order:' and its order key), has a random
-- AES-256 data key wrapped by the master keyring (key_id names the master
-- key). Contacts are sealed with it; erasing the buyer sets wrapped to NULL
-- and keeps the row as a tombstone, so those contacts can never be opened
-- again. A buyer heard from again after erasure gets generation + 1.

-- +goose Up
CREATE TABLE buyer_keys (
    ref        TEXT PRIMARY KEY,
    generation INTEGER NOT NULL CHECK (generation > 0),
    wrapped    BLOB,                    -- NULL once erased
    key_id     TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    erased_at  INTEGER                  -- the first erasure of the current tombstone
) STRICT;
-- The re-wrap after a master key rotation looks for keys under old ones.
CREATE INDEX buyer_keys_by_key ON buyer_keys (key_id);

-- A receiver a person corrected (PUT /api/v1/orders/{id}/receiver), sealed
-- with the buyer's data key. The order keeps the contact its version sent,
-- which its fingerprint covers; the correction is what labels are printed with.
CREATE TABLE order_receivers (
    order_id     INTEGER PRIMARY KEY,
    contact      BLOB NOT NULL,
    corrected_at INTEGER NOT NULL
) STRICT;

-- +goose Down
DROP TABLE order_receivers;
DROP TABLE buyer_keys;
