-- Each order line records the warehouse its stock was reserved in (a
-- bundle's: its first component's; the first warehouse when split), so a
-- split order says which line ships from where. orders.warehouse keeps the
-- comma-joined list for the order as a whole.

-- +goose Up
ALTER TABLE order_lines ADD COLUMN warehouse TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE order_lines DROP COLUMN warehouse;
