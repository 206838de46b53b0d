-- Ad spend per channel, campaign and day (docs/adr/0050-profit.md),
-- imported from the channels' CSV reports; kept once per natural key, so
-- ROI per campaign is net margin over spend.

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

-- +goose Down
DROP TABLE ad_spend;
