-- Orders: the canonical order of every channel, its lines, every version an
-- upstream sent (each with exactly one effect), the raw payloads they came
-- in, and the outbox of events written in the same transaction.

-- +goose Up
CREATE TABLE raw_events (
    id          BIGINT PRIMARY KEY,
    source      TEXT NOT NULL,           -- "api", "import", later "hook:<platform>"
    received_at BIGINT NOT NULL,
    body        BYTEA NOT NULL            -- sealed (AES-GCM) when it holds personal data
);

-- id_counters hands out ids inside the writing transaction, so a group of
-- orders and their lines is inserted in a few multi-row statements.
CREATE TABLE id_counters (
    name TEXT PRIMARY KEY,
    last BIGINT NOT NULL
);
INSERT INTO id_counters (name, last) VALUES ('orders', 0), ('raw_events', 0);

CREATE TABLE orders (
    id            BIGINT PRIMARY KEY,
    channel       TEXT NOT NULL,
    shop          TEXT NOT NULL,
    external_id   TEXT NOT NULL,
    order_key     TEXT NOT NULL UNIQUE, -- channel/shop/external_id: one column, so a group's lookup is one index probe per order
    version       BIGINT NOT NULL,
    status        TEXT NOT NULL,
    hold_reason   TEXT NOT NULL DEFAULT '',
    hold          TEXT NOT NULL DEFAULT '', -- the Hold as JSON: message and what to fix
    buyer_ref     TEXT NOT NULL DEFAULT '',
    contact       BYTEA,                  -- sealed name, phone and address
    province      TEXT NOT NULL DEFAULT '',
    currency      TEXT NOT NULL,
    shipping_fee  BIGINT NOT NULL,
    discount      BIGINT NOT NULL,
    total         BIGINT NOT NULL,
    warehouse     TEXT NOT NULL DEFAULT '',
    carrier       TEXT NOT NULL DEFAULT '',
    tracking_no   TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    paid_at       BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    raw_event_id  BIGINT NOT NULL,
    alloc_seq     BIGINT NOT NULL DEFAULT 0,  -- reservation sets made so far; names the next one
    paid_entry    BIGINT NOT NULL DEFAULT 0,  -- ledger entry ids, 0 while not posted
    revenue_entry BIGINT NOT NULL DEFAULT 0,
    undo_entry    BIGINT NOT NULL DEFAULT 0,  -- the reversal of paid_entry on cancel or refund
    refunded      BIGINT NOT NULL DEFAULT 0,  -- refunded after shipping so far, VAT included
    refunded_tax  BIGINT NOT NULL DEFAULT 0,  -- the output VAT part of it
    refund_seq    BIGINT NOT NULL DEFAULT 0   -- partial refunds so far; names the next one's entry
);
CREATE INDEX orders_by_status ON orders (status, id);
CREATE INDEX orders_by_shop ON orders (shop, id);
CREATE INDEX orders_by_buyer ON orders (buyer_ref, id);

CREATE TABLE order_lines (
    order_id         BIGINT NOT NULL, -- no foreign key: written with its order, and a per-row check costs (ADR 12)
    line_no          BIGINT NOT NULL,
    sku              TEXT NOT NULL,      -- '' while unmapped
    external_item_id TEXT NOT NULL DEFAULT '',
    external_sku_id  TEXT NOT NULL DEFAULT '',
    title            TEXT NOT NULL DEFAULT '',
    quantity         BIGINT NOT NULL CHECK (quantity > 0),
    unit_price       BIGINT NOT NULL,
    line_discount    BIGINT NOT NULL,
    allocated        BIGINT NOT NULL,
    total            BIGINT NOT NULL,
    net              BIGINT NOT NULL,
    tax              BIGINT NOT NULL,
    tax_rate         TEXT NOT NULL,
    PRIMARY KEY (order_id, line_no)
);
CREATE INDEX order_lines_by_sku ON order_lines (sku, order_id);

-- One row per upstream version ever received: the primary key makes each
-- version have exactly one effect (invariant 5).
CREATE TABLE order_versions (
    order_id     BIGINT NOT NULL,
    version      BIGINT NOT NULL,
    status       TEXT NOT NULL,
    effect       TEXT NOT NULL CHECK (effect IN ('created','applied','stale')),
    raw_event_id BIGINT NOT NULL,
    received_at  BIGINT NOT NULL,
    PRIMARY KEY (order_id, version)
);

-- The event trail of every order and the outbox relayed after commit.
CREATE TABLE outbox (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic      TEXT NOT NULL,
    order_id   BIGINT,
    payload    TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX outbox_by_order ON outbox (order_id, id);

CREATE TRIGGER order_versions_append_only BEFORE UPDATE OR DELETE ON order_versions
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

-- +goose Down
DROP TABLE outbox;
DROP TABLE order_versions;
DROP TABLE order_lines;
DROP TABLE orders;
DROP TABLE id_counters;
DROP TABLE raw_events;
