-- Settlement storage (docs/adr/0044-settlement-import.md): what the
-- platforms say they paid, imported from their settlement files. An import
-- is one file, read in one transaction; a payout is one settlement of one
-- shop; a line is one amount of it, stored once per shop under its natural
-- key (Line.Key), so importing a file again adds nothing. Times are unix
-- microseconds UTC, 0 when the file does not say; amounts minor units.

-- +goose Up
CREATE TABLE settlement_imports (
    id             INTEGER PRIMARY KEY,
    shop           TEXT NOT NULL,
    format         TEXT NOT NULL,
    file_name      TEXT NOT NULL,
    file_sha256    TEXT NOT NULL,
    lines_read     INTEGER NOT NULL,
    lines_new      INTEGER NOT NULL,
    lines_dup      INTEGER NOT NULL,
    lines_moved    INTEGER NOT NULL,
    payouts        INTEGER NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('applied', 'duplicate')),
    imported_by    TEXT NOT NULL,
    imported_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX settlement_imports_by_shop ON settlement_imports (shop, id);

CREATE TABLE settlement_payouts (
    id          INTEGER PRIMARY KEY,
    shop        TEXT NOT NULL,
    platform    TEXT NOT NULL,
    format      TEXT NOT NULL,
    ref         TEXT NOT NULL,
    currency    TEXT NOT NULL,
    start_at    INTEGER NOT NULL,
    end_at      INTEGER NOT NULL,
    deposit_at  INTEGER NOT NULL,
    total_minor INTEGER NOT NULL,
    has_total   INTEGER NOT NULL CHECK (has_total IN (0, 1)),
    status      TEXT NOT NULL,
    row_no      INTEGER NOT NULL,
    import_id   INTEGER NOT NULL REFERENCES settlement_imports (id),
    line_count  INTEGER NOT NULL,
    imported_at INTEGER NOT NULL,
    UNIQUE (shop, ref)
) STRICT;

-- A line's key is unique per shop (a platform account): the payout it
-- belongs to may change (a Shopify balance transaction leaves "pending"
-- for its payout), its identity does not.
CREATE TABLE settlement_lines (
    id           INTEGER PRIMARY KEY,
    shop         TEXT NOT NULL,
    payout_id    INTEGER NOT NULL REFERENCES settlement_payouts (id),
    line_key     TEXT NOT NULL,
    kind         TEXT NOT NULL,
    type         TEXT NOT NULL,
    order_ref    TEXT NOT NULL,
    refund_ref   TEXT NOT NULL,
    txn_ref      TEXT NOT NULL,
    sku          TEXT NOT NULL,
    quantity     INTEGER NOT NULL,
    amount_minor INTEGER NOT NULL,
    currency     TEXT NOT NULL,
    posted_at    INTEGER NOT NULL,
    row_no       INTEGER NOT NULL,
    raw          TEXT NOT NULL,
    import_id    INTEGER NOT NULL REFERENCES settlement_imports (id),
    UNIQUE (shop, line_key)
) STRICT;
CREATE INDEX settlement_lines_by_payout ON settlement_lines (payout_id, id);
-- Reconciliation matches lines to orders by the order id.
CREATE INDEX settlement_lines_by_order ON settlement_lines (order_ref) WHERE order_ref <> '';

-- The generic format's column mappings, by name; a saved version never
-- changes, a new one is added.
CREATE TABLE settlement_mappings (
    name       TEXT NOT NULL,
    version    INTEGER NOT NULL,
    mapping    TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (name, version)
) STRICT;

-- +goose Down
DROP TABLE settlement_mappings;
DROP INDEX settlement_lines_by_order;
DROP INDEX settlement_lines_by_payout;
DROP TABLE settlement_lines;
DROP TABLE settlement_payouts;
DROP INDEX settlement_imports_by_shop;
DROP TABLE settlement_imports;
