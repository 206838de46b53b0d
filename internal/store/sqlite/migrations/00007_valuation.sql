-- Inventory valuation: the moving-average cost of each SKU, kept as the
-- quantity and total value on hand across warehouses. The value of all SKUs
-- is the inventory sub-ledger, which must equal account 1405 (invariant 7).

-- +goose Up
CREATE TABLE sku_costs (
    sku      TEXT PRIMARY KEY,
    currency TEXT NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity >= 0),
    value    INTEGER NOT NULL CHECK (value >= 0)
) STRICT, WITHOUT ROWID;

-- +goose Down
DROP TABLE sku_costs;
