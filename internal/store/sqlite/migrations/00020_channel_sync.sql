-- Push messages (webhooks) from the shops' platforms, kept from the moment
-- they are verified until a job has processed them (ADR 32). The primary key
-- is the dedupe: a platform's retry or duplicate of a delivery (the same
-- X-Shopify-Webhook-Id …) finds its row and changes nothing.

-- +goose Up
CREATE TABLE hook_deliveries (
    shop         TEXT NOT NULL REFERENCES shops (id),
    delivery_id  TEXT NOT NULL,            -- the platform's id of the delivery
    platform     TEXT NOT NULL,            -- the connector: shopify, generic …
    topic        TEXT NOT NULL,
    external_id  TEXT NOT NULL DEFAULT '', -- the order it concerns, when the envelope says
    fetch_order  INTEGER NOT NULL DEFAULT 0 CHECK (fetch_order IN (0, 1)), -- 1: the message only names the order
    sent_at      INTEGER NOT NULL DEFAULT 0, -- unix µs, 0 when the platform did not say
    raw_event_id INTEGER NOT NULL UNIQUE REFERENCES raw_events (id),
    received_at  INTEGER NOT NULL,
    state        TEXT NOT NULL DEFAULT 'pending', -- pending, done, refused
    outcome      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (shop, delivery_id)
) STRICT, WITHOUT ROWID;

-- How far each shop's orders have been pulled from its platform; pulls
-- start an overlap before pulled_to (ADR 32).
CREATE TABLE sync_watermarks (
    shop        TEXT PRIMARY KEY REFERENCES shops (id),
    platform    TEXT NOT NULL,
    pulled_to   INTEGER NOT NULL,           -- unix µs: every change before it has been read
    last_run_at INTEGER NOT NULL,
    last_error  TEXT NOT NULL DEFAULT '',
    orders      INTEGER NOT NULL DEFAULT 0
) STRICT;

-- +goose Down
DROP TABLE sync_watermarks;
DROP TABLE hook_deliveries;
