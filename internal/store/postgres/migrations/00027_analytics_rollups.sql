-- Analytics rollups (docs/adr/0042-analytics-rollups.md): sales and books
-- summed per UTC hour, shop, channel and currency, kept in the transaction
-- that changes what they sum, so the dashboard reads a few thousand rows
-- instead of grouping millions. Hours, not days: the day is the merchant
-- zone's, which the reader applies; an hour is unix µs / 3,600,000,000.
-- Indexes for the orders list on millions of orders come with them.

-- +goose Up
-- Orders and GMV at the hour the order was created, counted while it is
-- paid and not cancelled; refunds at the hour they were made.
CREATE TABLE analytics_sales (
    hour          BIGINT NOT NULL,
    shop          TEXT NOT NULL,
    channel       TEXT NOT NULL,
    currency      TEXT NOT NULL,
    orders        BIGINT NOT NULL,
    gmv_minor     BIGINT NOT NULL,
    refunds_minor BIGINT NOT NULL,
    PRIMARY KEY (hour, shop, channel, currency)
);

-- Revenue (net of VAT) and cost of goods sold from ledger postings, at the
-- hour of the posting's effective time.
CREATE TABLE analytics_books (
    hour          BIGINT NOT NULL,
    shop          TEXT NOT NULL,
    channel       TEXT NOT NULL,
    currency      TEXT NOT NULL,
    revenue_minor BIGINT NOT NULL,
    cogs_minor    BIGINT NOT NULL,
    PRIMARY KEY (hour, shop, channel, currency)
);

-- Backfill from what is stored. Refunds made before the rollups existed
-- are placed at the order's last update, the nearest time the rows keep.
INSERT INTO analytics_sales (hour, shop, channel, currency, orders, gmv_minor, refunds_minor)
SELECT hour, shop, channel, currency, SUM(orders), SUM(gmv), SUM(refunds) FROM (
    SELECT created_at / 3600000000 AS hour, shop, channel, currency,
           CASE WHEN status IN ('awaiting_payment', 'cancelled') THEN 0 ELSE 1 END AS orders,
           CASE WHEN status IN ('awaiting_payment', 'cancelled') THEN 0 ELSE total END AS gmv, 0 AS refunds
    FROM orders
    UNION ALL
    SELECT updated_at / 3600000000, shop, channel, currency, 0, 0,
           CASE WHEN status = 'refunded' AND refunded = 0 THEN total ELSE refunded END
    FROM orders WHERE status IN ('refunded', 'partially_refunded') OR refunded <> 0
) AS facts GROUP BY hour, shop, channel, currency;

INSERT INTO analytics_books (hour, shop, channel, currency, revenue_minor, cogs_minor)
SELECT p.effective_at / 3600000000, CASE WHEN p.shop <> '' THEN p.shop ELSE e.shop END,
       CASE WHEN p.shop <> '' THEN p.channel ELSE e.channel END, p.currency,
       SUM(CASE WHEN p.account_code = '6001' OR p.account_code LIKE '6001.%' THEN -p.amount_minor ELSE 0 END),
       SUM(CASE WHEN p.account_code = '6401' OR p.account_code LIKE '6401.%' THEN p.amount_minor ELSE 0 END)
FROM ledger_postings p JOIN ledger_entries e ON e.id = p.entry_id
WHERE (p.shop <> '' OR e.shop <> '')
  AND (p.account_code = '6001' OR p.account_code LIKE '6001.%' OR p.account_code = '6401' OR p.account_code LIKE '6401.%')
GROUP BY 1, 2, 3, 4;

-- The orders list (GET /api/v1/orders) on millions of orders: each filter
-- it offers walks an index in id order, or, for a time range, an index by
-- creation time (orderdb's list picks the cheaper one). PostgreSQL's
-- indexes end in id, as SQLite's hold it implicitly, so a page's ids are
-- read from the index alone.
CREATE INDEX orders_by_shop_status ON orders (shop, status, id);
CREATE INDEX orders_by_hold ON orders (hold_reason, id) WHERE hold_reason <> '';
CREATE INDEX orders_by_created ON orders (created_at, id);
CREATE INDEX orders_by_shop_created ON orders (shop, created_at, status, id);
CREATE INDEX orders_by_status_created ON orders (status, created_at, id);

-- +goose Down
DROP INDEX orders_by_status_created;
DROP INDEX orders_by_shop_created;
DROP INDEX orders_by_created;
DROP INDEX orders_by_hold;
DROP INDEX orders_by_shop_status;
DROP TABLE analytics_books;
DROP TABLE analytics_sales;
