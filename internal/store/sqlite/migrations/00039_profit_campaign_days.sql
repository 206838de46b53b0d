-- The per-day campaign rollup (docs/adr/0057-profit-campaigns-and-shipping.md):
-- profit_campaign_hours summed by the day of China Standard Time (UTC+8,
-- Asia/Shanghai, no daylight saving), so a month by campaign and day reads
-- 24 times fewer rows. day is the first UTC hour of that day
-- (((hour + 8) / 24) * 24 - 8); it is kept in the writing transaction with
-- the hourly rollups. And the shipping cost entered by hand per order,
-- kept beside the estimate: est_shipping is the carrier-rate estimate,
-- act_shipping the entered cost, shipping the one in effect.

-- +goose Up
-- shipping_set 1: act_shipping is in effect (even when 0).
ALTER TABLE profit_lines ADD COLUMN shipping_set INTEGER NOT NULL DEFAULT 0;
ALTER TABLE profit_lines ADD COLUMN est_shipping INTEGER NOT NULL DEFAULT 0;
ALTER TABLE profit_lines ADD COLUMN act_shipping INTEGER NOT NULL DEFAULT 0;
ALTER TABLE profit_hours ADD COLUMN est_shipping INTEGER NOT NULL DEFAULT 0;
ALTER TABLE profit_hours ADD COLUMN act_shipping INTEGER NOT NULL DEFAULT 0;
ALTER TABLE profit_campaign_hours ADD COLUMN est_shipping INTEGER NOT NULL DEFAULT 0;
ALTER TABLE profit_campaign_hours ADD COLUMN act_shipping INTEGER NOT NULL DEFAULT 0;
-- Every shipping cost so far was an estimate.
UPDATE profit_lines SET est_shipping = shipping;
UPDATE profit_hours SET est_shipping = shipping;
UPDATE profit_campaign_hours SET est_shipping = shipping;

-- What was entered for an order; entering it again replaces it.
CREATE TABLE order_shipping_costs (
    order_id     INTEGER NOT NULL PRIMARY KEY,
    currency     TEXT NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
    entered_at   INTEGER NOT NULL,
    entered_by   TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE profit_campaign_days (
    day               INTEGER NOT NULL,
    shop              TEXT NOT NULL,
    channel           TEXT NOT NULL,
    campaign          TEXT NOT NULL,
    currency          TEXT NOT NULL,
    lines             INTEGER NOT NULL,
    revenue           INTEGER NOT NULL,
    discount_shop     INTEGER NOT NULL,
    discount_platform INTEGER NOT NULL,
    est_commission    INTEGER NOT NULL,
    est_fees          INTEGER NOT NULL,
    act_commission    INTEGER NOT NULL,
    act_fees          INTEGER NOT NULL,
    act_adjust        INTEGER NOT NULL,
    actual_lines      INTEGER NOT NULL,
    fees              INTEGER NOT NULL,
    shipping          INTEGER NOT NULL,
    cogs              INTEGER NOT NULL,
    returns           INTEGER NOT NULL,
    est_shipping      INTEGER NOT NULL,
    act_shipping      INTEGER NOT NULL,
    PRIMARY KEY (day, shop, channel, campaign, currency)
) STRICT, WITHOUT ROWID;

INSERT INTO profit_campaign_days (day, shop, channel, campaign, currency, lines, revenue, discount_shop, discount_platform, est_commission,
    est_fees, act_commission, act_fees, act_adjust, actual_lines, fees, shipping, cogs, returns, est_shipping, act_shipping)
SELECT ((hour + 8) / 24) * 24 - 8, shop, channel, campaign, currency, SUM(lines), SUM(revenue), SUM(discount_shop), SUM(discount_platform),
    SUM(est_commission), SUM(est_fees), SUM(act_commission), SUM(act_fees), SUM(act_adjust), SUM(actual_lines), SUM(fees), SUM(shipping),
    SUM(cogs), SUM(returns), SUM(est_shipping), SUM(act_shipping)
FROM profit_campaign_hours GROUP BY ((hour + 8) / 24) * 24 - 8, shop, channel, campaign, currency;

-- +goose Down
DROP TABLE profit_campaign_days;
DROP TABLE order_shipping_costs;
ALTER TABLE profit_campaign_hours DROP COLUMN act_shipping;
ALTER TABLE profit_campaign_hours DROP COLUMN est_shipping;
ALTER TABLE profit_hours DROP COLUMN act_shipping;
ALTER TABLE profit_hours DROP COLUMN est_shipping;
ALTER TABLE profit_lines DROP COLUMN act_shipping;
ALTER TABLE profit_lines DROP COLUMN est_shipping;
ALTER TABLE profit_lines DROP COLUMN shipping_set;
