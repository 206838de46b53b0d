-- Settlement lines lose their index by order id
-- (docs/adr/0056-settlement-at-scale.md): reconciliation reads a payout's
-- lines by payout and finds their orders from the order side, so nothing
-- reads lines by order_ref, while every imported line paid for the entry.

-- +goose Up
DROP INDEX settlement_lines_by_order;

-- +goose Down
CREATE INDEX settlement_lines_by_order ON settlement_lines (order_ref) WHERE order_ref <> '';
