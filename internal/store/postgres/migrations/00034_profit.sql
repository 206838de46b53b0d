-- Profit per order line (docs/adr/0050-profit.md): the facts of each line,
-- the actuals of each reconciled payout behind them, and their rollup per
-- UTC hour of the order's creation, shop, channel, campaign and currency,
-- kept in the transaction that changes the facts.

-- +goose Up
ALTER TABLE orders ADD COLUMN campaign TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN platform_discount BIGINT NOT NULL DEFAULT 0;

CREATE TABLE profit_lines (
    order_id          BIGINT NOT NULL,
    line_no           BIGINT NOT NULL,
    hour              BIGINT NOT NULL, -- of the order's creation
    shop              TEXT NOT NULL,
    channel           TEXT NOT NULL,
    campaign          TEXT NOT NULL,
    currency          TEXT NOT NULL,
    sku               TEXT NOT NULL,
    quantity          BIGINT NOT NULL,
    payouts           BIGINT NOT NULL, -- reconciled payouts with actuals of this line
    lines             BIGINT NOT NULL,
    revenue           BIGINT NOT NULL,
    discount_shop     BIGINT NOT NULL,
    discount_platform BIGINT NOT NULL,
    est_commission    BIGINT NOT NULL,
    est_fees          BIGINT NOT NULL,
    act_commission    BIGINT NOT NULL,
    act_fees          BIGINT NOT NULL,
    act_adjust        BIGINT NOT NULL,
    actual_lines      BIGINT NOT NULL,
    fees              BIGINT NOT NULL,
    shipping          BIGINT NOT NULL,
    cogs              BIGINT NOT NULL,
    returns           BIGINT NOT NULL,
    PRIMARY KEY (order_id, line_no)
);
CREATE INDEX profit_lines_by_hour ON profit_lines (hour, shop);
CREATE INDEX profit_lines_by_sku ON profit_lines (sku, hour);

-- What each booked reconciliation run said of each line; a re-run of the
-- payout replaces its rows.
CREATE TABLE profit_actuals (
    payout_id  BIGINT NOT NULL,
    order_id   BIGINT NOT NULL,
    line_no    BIGINT NOT NULL,
    commission BIGINT NOT NULL,
    fees       BIGINT NOT NULL,
    adjust     BIGINT NOT NULL,
    PRIMARY KEY (payout_id, order_id, line_no)
);
CREATE INDEX profit_actuals_by_order ON profit_actuals (order_id);

-- The rollups: per hour, shop, channel and currency, which reports not by
-- campaign read (a month is small at any volume), and the same per
-- campaign too.
CREATE TABLE profit_hours (
    hour              BIGINT NOT NULL,
    shop              TEXT NOT NULL,
    channel           TEXT NOT NULL,
    currency          TEXT NOT NULL,
    lines             BIGINT NOT NULL,
    revenue           BIGINT NOT NULL,
    discount_shop     BIGINT NOT NULL,
    discount_platform BIGINT NOT NULL,
    est_commission    BIGINT NOT NULL,
    est_fees          BIGINT NOT NULL,
    act_commission    BIGINT NOT NULL,
    act_fees          BIGINT NOT NULL,
    act_adjust        BIGINT NOT NULL,
    actual_lines      BIGINT NOT NULL,
    fees              BIGINT NOT NULL,
    shipping          BIGINT NOT NULL,
    cogs              BIGINT NOT NULL,
    returns           BIGINT NOT NULL,
    PRIMARY KEY (hour, shop, channel, currency)
);

CREATE TABLE profit_campaign_hours (
    hour              BIGINT NOT NULL,
    shop              TEXT NOT NULL,
    channel           TEXT NOT NULL,
    campaign          TEXT NOT NULL,
    currency          TEXT NOT NULL,
    lines             BIGINT NOT NULL,
    revenue           BIGINT NOT NULL,
    discount_shop     BIGINT NOT NULL,
    discount_platform BIGINT NOT NULL,
    est_commission    BIGINT NOT NULL,
    est_fees          BIGINT NOT NULL,
    act_commission    BIGINT NOT NULL,
    act_fees          BIGINT NOT NULL,
    act_adjust        BIGINT NOT NULL,
    actual_lines      BIGINT NOT NULL,
    fees              BIGINT NOT NULL,
    shipping          BIGINT NOT NULL,
    cogs              BIGINT NOT NULL,
    returns           BIGINT NOT NULL,
    PRIMARY KEY (hour, shop, channel, campaign, currency)
);

-- Backfill. Orders stored before profit facts existed have no estimate
-- (the contract of their time is not known) and carry their order-level
-- amounts (the buyer's shipping fee, refunds, cost of goods) on their
-- first line; the next write of such an order spreads them as the Go does.
INSERT INTO profit_lines (order_id, line_no, hour, shop, channel, campaign, currency, sku, quantity, payouts, lines, revenue,
    discount_shop, discount_platform, est_commission, est_fees, act_commission, act_fees, act_adjust, actual_lines, fees,
    shipping, cogs, returns)
SELECT l.order_id, l.line_no, o.created_at / 3600000000, o.shop, o.channel, '', o.currency, l.sku, l.quantity, 0,
    CASE WHEN o.status IN ('awaiting_payment', 'cancelled') THEN 0 ELSE 1 END,
    CASE WHEN o.status IN ('awaiting_payment', 'cancelled') THEN 0
         ELSE l.net + CASE WHEN l.line_no = 1 THEN o.shipping_fee ELSE 0 END END,
    CASE WHEN o.status IN ('awaiting_payment', 'cancelled') THEN 0 ELSE l.line_discount + l.allocated END,
    0, 0, 0, 0, 0, 0, 0, 0, 0,
    CASE WHEN l.line_no = 1 THEN COALESCE((SELECT SUM(p.amount_minor) FROM ledger_postings p JOIN ledger_entries e ON e.id = p.entry_id
        WHERE (p.account_code = '6401' OR p.account_code LIKE '6401.%')
          AND CASE WHEN p.source_kind <> '' THEN p.source_kind ELSE e.source_kind END = 'order'
          AND CASE WHEN p.source_kind <> '' THEN p.source_id ELSE e.source_id END = CAST(o.id AS TEXT)), 0) ELSE 0 END,
    CASE WHEN l.line_no = 1 AND o.status NOT IN ('awaiting_payment', 'cancelled') THEN
        CASE WHEN o.status = 'refunded' AND o.refunded = 0
             THEN (SELECT SUM(x.net) FROM order_lines x WHERE x.order_id = o.id) + o.shipping_fee
             ELSE o.refunded - o.refunded_tax END
    ELSE 0 END
FROM order_lines l JOIN orders o ON o.id = l.order_id;

INSERT INTO profit_hours (hour, shop, channel, currency, lines, revenue, discount_shop, discount_platform, est_commission,
    est_fees, act_commission, act_fees, act_adjust, actual_lines, fees, shipping, cogs, returns)
SELECT hour, shop, channel, currency, SUM(lines), SUM(revenue), SUM(discount_shop), SUM(discount_platform), SUM(est_commission),
    SUM(est_fees), SUM(act_commission), SUM(act_fees), SUM(act_adjust), SUM(actual_lines), SUM(fees), SUM(shipping), SUM(cogs), SUM(returns)
FROM profit_lines GROUP BY hour, shop, channel, currency;

INSERT INTO profit_campaign_hours (hour, shop, channel, campaign, currency, lines, revenue, discount_shop, discount_platform, est_commission,
    est_fees, act_commission, act_fees, act_adjust, actual_lines, fees, shipping, cogs, returns)
SELECT hour, shop, channel, campaign, currency, SUM(lines), SUM(revenue), SUM(discount_shop), SUM(discount_platform), SUM(est_commission),
    SUM(est_fees), SUM(act_commission), SUM(act_fees), SUM(act_adjust), SUM(actual_lines), SUM(fees), SUM(shipping), SUM(cogs), SUM(returns)
FROM profit_lines GROUP BY hour, shop, channel, campaign, currency;

-- +goose Down
DROP TABLE profit_campaign_hours;
DROP TABLE profit_hours;
DROP TABLE profit_actuals;
DROP TABLE profit_lines;
ALTER TABLE orders DROP COLUMN platform_discount;
ALTER TABLE orders DROP COLUMN campaign;
