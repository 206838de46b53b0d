-- Push messages (webhooks) from the shops' platforms, kept from the moment
-- they are verified until a job has processed them (ADR 32). The primary key
-- is the dedupe: a platform's retry or duplicate of a delivery (the same
-- X-Shopify-Webhook-Id …) finds its row and changes nothing.

-- +goose Up
CREATE TABLE hook_deliveries (
    shop         TEXT NOT NULL REFERENCES shops (id),
    delivery_id  TEXT NOT NULL,
    platform     TEXT NOT NULL,
    topic        TEXT NOT NULL,
    external_id  TEXT NOT NULL DEFAULT '',
    fetch_order  INTEGER NOT NULL DEFAULT 0 CHECK (fetch_order IN (0, 1)),
    sent_at      BIGINT NOT NULL DEFAULT 0,
    raw_event_id BIGINT NOT NULL UNIQUE REFERENCES raw_events (id),
    received_at  BIGINT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'pending',
    outcome      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (shop, delivery_id)
);

-- How far each shop's orders have been pulled from its platform; pulls
-- start an overlap before pulled_to (ADR 32).
CREATE TABLE sync_watermarks (
    shop        TEXT PRIMARY KEY REFERENCES shops (id),
    platform    TEXT NOT NULL,
    pulled_to   BIGINT NOT NULL,           -- unix µs: every change before it has been read
    last_run_at BIGINT NOT NULL,
    last_error  TEXT NOT NULL DEFAULT '',
    orders      BIGINT NOT NULL DEFAULT 0
);

-- +goose Down
DROP TABLE sync_watermarks;
DROP TABLE hook_deliveries;
