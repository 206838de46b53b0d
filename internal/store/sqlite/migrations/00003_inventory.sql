-- Stock: warehouses, levels per (SKU, warehouse), the append-only movement
-- ledger that explains every level, and reservations resolved at most once.

-- +goose Up
CREATE TABLE warehouses (
    code       TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 32),
    name       TEXT NOT NULL,
    province   TEXT NOT NULL DEFAULT '',
    priority   INTEGER NOT NULL DEFAULT 0,
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at INTEGER NOT NULL
) STRICT;

-- The CHECK is the last line against overselling: no code path can leave
-- stock negative or reserve more than is on hand.
CREATE TABLE stock_levels (
    sku            TEXT NOT NULL,
    warehouse_code TEXT NOT NULL REFERENCES warehouses(code),
    on_hand        INTEGER NOT NULL DEFAULT 0,
    reserved       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (sku, warehouse_code),
    CHECK (on_hand >= 0 AND reserved >= 0 AND reserved <= on_hand)
) STRICT, WITHOUT ROWID;

CREATE TABLE stock_movements (
    id             INTEGER PRIMARY KEY,
    source_key     TEXT NOT NULL UNIQUE,
    kind           TEXT NOT NULL CHECK (kind IN ('receipt','adjustment','transfer_out','transfer_in','reservation','release','shipment','return')),
    sku            TEXT NOT NULL,
    warehouse_code TEXT NOT NULL,
    on_hand_delta  INTEGER NOT NULL,
    reserved_delta INTEGER NOT NULL,
    reservation_id TEXT,
    created_at     INTEGER NOT NULL
) STRICT;

CREATE TABLE reservations (
    id             TEXT PRIMARY KEY,
    ref            TEXT NOT NULL,
    sku            TEXT NOT NULL,
    warehouse_code TEXT NOT NULL,
    quantity       INTEGER NOT NULL CHECK (quantity > 0),
    status         TEXT NOT NULL CHECK (status IN ('held','released','shipped')),
    created_at     INTEGER NOT NULL,
    resolved_at    INTEGER
) STRICT;
CREATE INDEX reservations_by_ref ON reservations (ref);

-- +goose StatementBegin
CREATE TRIGGER stock_movements_append_only_update BEFORE UPDATE ON stock_movements
BEGIN SELECT RAISE(ABORT, 'stock movements are append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER stock_movements_append_only_delete BEFORE DELETE ON stock_movements
BEGIN SELECT RAISE(ABORT, 'stock movements are append-only'); END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE reservations;
DROP TABLE stock_movements;
DROP TABLE stock_levels;
DROP TABLE warehouses;
