-- Orders: the canonical order of every channel, its lines, every version an
-- upstream sent (each with exactly one effect), the raw payloads they came
-- in, and the outbox of events written in the same transaction.

-- +goose Up
CREATE TABLE raw_events (
    id          INTEGER PRIMARY KEY,
    source      TEXT NOT NULL,           -- "api", "import", later "hook:<platform>"
    received_at INTEGER NOT NULL,
    body        BLOB NOT NULL            -- sealed (AES-GCM) when it holds personal data
) STRICT;

-- id_counters hands out ids inside the writing transaction, so a group of
-- orders and their lines is inserted in a few multi-row statements.
CREATE TABLE id_counters (
    name TEXT PRIMARY KEY,
    last INTEGER NOT NULL
) STRICT;
INSERT INTO id_counters (name, last) VALUES ('orders', 0), ('raw_events', 0);

CREATE TABLE orders (
    id            INTEGER PRIMARY KEY,
    channel       TEXT NOT NULL,
    shop          TEXT NOT NULL,
    external_id   TEXT NOT NULL,
    order_key     TEXT NOT NULL UNIQUE, -- channel/shop/external_id: one column, so a group's lookup is one index probe per order
    version       INTEGER NOT NULL,
    status        TEXT NOT NULL,
    hold_reason   TEXT NOT NULL DEFAULT '',
    hold          TEXT NOT NULL DEFAULT '', -- the Hold as JSON: message and what to fix
    buyer_ref     TEXT NOT NULL DEFAULT '',
    contact       BLOB,                  -- sealed name, phone and address
    province      TEXT NOT NULL DEFAULT '',
    currency      TEXT NOT NULL,
    shipping_fee  INTEGER NOT NULL,
    discount      INTEGER NOT NULL,
    total         INTEGER NOT NULL,
    warehouse     TEXT NOT NULL DEFAULT '',
    carrier       TEXT NOT NULL DEFAULT '',
    tracking_no   TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    paid_at       INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    raw_event_id  INTEGER NOT NULL,
    alloc_seq     INTEGER NOT NULL DEFAULT 0,  -- reservation sets made so far; names the next one
    paid_entry    INTEGER NOT NULL DEFAULT 0,  -- ledger entry ids, 0 while not posted
    revenue_entry INTEGER NOT NULL DEFAULT 0,
    undo_entry    INTEGER NOT NULL DEFAULT 0,  -- the reversal of paid_entry on cancel or refund
    refunded      INTEGER NOT NULL DEFAULT 0,  -- refunded after shipping so far, VAT included
    refunded_tax  INTEGER NOT NULL DEFAULT 0,  -- the output VAT part of it
    refund_seq    INTEGER NOT NULL DEFAULT 0   -- partial refunds so far; names the next one's entry
) STRICT;
CREATE INDEX orders_by_status ON orders (status, id);
CREATE INDEX orders_by_shop ON orders (shop, id);
CREATE INDEX orders_by_buyer ON orders (buyer_ref, id);

CREATE TABLE order_lines (
    order_id         INTEGER NOT NULL, -- no foreign key: written with its order, and a per-row check costs (ADR 12)
    line_no          INTEGER NOT NULL,
    sku              TEXT NOT NULL,      -- '' while unmapped
    external_item_id TEXT NOT NULL DEFAULT '',
    external_sku_id  TEXT NOT NULL DEFAULT '',
    title            TEXT NOT NULL DEFAULT '',
    quantity         INTEGER NOT NULL CHECK (quantity > 0),
    unit_price       INTEGER NOT NULL,
    line_discount    INTEGER NOT NULL,
    allocated        INTEGER NOT NULL,
    total            INTEGER NOT NULL,
    net              INTEGER NOT NULL,
    tax              INTEGER NOT NULL,
    tax_rate         TEXT NOT NULL,
    PRIMARY KEY (order_id, line_no)
) STRICT, WITHOUT ROWID;
CREATE INDEX order_lines_by_sku ON order_lines (sku, order_id);

-- One row per upstream version ever received: the primary key makes each
-- version have exactly one effect (invariant 5).
CREATE TABLE order_versions (
    order_id     INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    status       TEXT NOT NULL,
    effect       TEXT NOT NULL CHECK (effect IN ('created','applied','stale')),
    raw_event_id INTEGER NOT NULL,
    received_at  INTEGER NOT NULL,
    PRIMARY KEY (order_id, version)
) STRICT, WITHOUT ROWID;

-- The event trail of every order and the outbox relayed after commit.
CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    topic      TEXT NOT NULL,
    order_id   INTEGER,
    payload    TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX outbox_by_order ON outbox (order_id, id);

-- +goose StatementBegin
CREATE TRIGGER order_versions_append_only BEFORE UPDATE ON order_versions
BEGIN SELECT RAISE(ABORT, 'order versions are append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER order_versions_append_only_delete BEFORE DELETE ON order_versions
BEGIN SELECT RAISE(ABORT, 'order versions are append-only'); END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE outbox;
DROP TABLE order_versions;
DROP TABLE order_lines;
DROP TABLE orders;
DROP TABLE id_counters;
DROP TABLE raw_events;
