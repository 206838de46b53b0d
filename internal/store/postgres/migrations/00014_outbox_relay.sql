-- The outbox relayed (ADR 23): each event is delivered at least once to the
-- buses, oldest first, and marked delivered once every bus acknowledged it;
-- delivered events are pruned after a retention. One relay at a time holds
-- the lease, so an aggregate's events leave in id order.

-- +goose Up
-- The aggregate an event is about when it is not an order (order_id names
-- those): 'stock:<sku>@<warehouse>' for stock.changed.
ALTER TABLE outbox ADD COLUMN aggregate TEXT;
-- When every bus acknowledged the event; NULL while it waits.
ALTER TABLE outbox ADD COLUMN delivered_at BIGINT;
-- The relay's scan: only the events still waiting, so it stays small.
CREATE INDEX outbox_pending ON outbox (id) WHERE delivered_at IS NULL;
-- Who relays: one holder at a time until until_at, renewed on every run.
CREATE TABLE outbox_lease (
    name     TEXT PRIMARY KEY,
    holder   TEXT NOT NULL,
    until_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE outbox_lease;
DROP INDEX outbox_pending;
ALTER TABLE outbox DROP COLUMN delivered_at;
ALTER TABLE outbox DROP COLUMN aggregate;
