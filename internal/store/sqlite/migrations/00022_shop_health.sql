-- Connector health (ADR 35): when a shop's last pull succeeded, indexes the
-- health reads need, and the last status the health check saw of each
-- shop, so that shop.degraded and shop.recovered are written once per
-- change and not at every check.

-- +goose Up
-- unix µs of the last pull that succeeded; 0 before the first.
ALTER TABLE sync_watermarks ADD COLUMN last_success_at INTEGER NOT NULL DEFAULT 0;

-- A shop's deliveries of the last hour, by when they came.
CREATE INDEX hook_deliveries_by_received ON hook_deliveries (shop, received_at);
-- The deliveries still waiting, of every shop, for /metrics at each scrape:
-- they are few, the delivered ones many.
CREATE INDEX hook_deliveries_pending ON hook_deliveries (shop, received_at) WHERE state = 'pending';

CREATE TABLE shop_health (
    shop       TEXT PRIMARY KEY REFERENCES shops (id),
    status     TEXT NOT NULL,            -- ok, degraded, down
    reasons    TEXT NOT NULL DEFAULT '', -- the reasons' codes, comma-separated
    changed_at INTEGER NOT NULL            -- unix µs: when the status became this one
) STRICT;

-- +goose Down
DROP TABLE shop_health;
DROP INDEX hook_deliveries_pending;
DROP INDEX hook_deliveries_by_received;
ALTER TABLE sync_watermarks DROP COLUMN last_success_at;
