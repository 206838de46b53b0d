-- Ad spend per channel, campaign and day (docs/adr/0050-profit.md),
-- imported from the channels' CSV reports; kept once per natural key, so
-- ROI per campaign is net margin over spend. And the carrier rate table
-- that estimates an order's shipping cost.

-- +goose Up
CREATE TABLE ad_spend (
    channel      TEXT NOT NULL,
    campaign     TEXT NOT NULL,
    day          TEXT NOT NULL, -- YYYY-MM-DD in the merchant's zone
    currency     TEXT NOT NULL,
    amount_minor BIGINT NOT NULL CHECK (amount_minor >= 0),
    imported_at  BIGINT NOT NULL,
    PRIMARY KEY (channel, campaign, day)
);
CREATE INDEX ad_spend_by_day ON ad_spend (day);

-- Shipping cost per parcel by carrier and ship-to province ('*' for any):
-- the first weight's price plus each additional weight step's, by the
-- catalog's SKU weights; a flat rate per order when no SKU has a weight.
CREATE TABLE carrier_rates (
    carrier       TEXT NOT NULL,
    province      TEXT NOT NULL,
    currency      TEXT NOT NULL,
    first_g       BIGINT NOT NULL CHECK (first_g > 0),
    first_minor   BIGINT NOT NULL CHECK (first_minor >= 0),
    extra_g       BIGINT NOT NULL CHECK (extra_g > 0),
    extra_minor   BIGINT NOT NULL CHECK (extra_minor >= 0),
    flat_minor    BIGINT NOT NULL CHECK (flat_minor >= 0),
    PRIMARY KEY (carrier, province, currency)
);

-- +goose Down
DROP TABLE carrier_rates;
DROP TABLE ad_spend;
