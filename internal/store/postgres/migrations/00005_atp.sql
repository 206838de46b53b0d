-- Available-to-promise (ADR 10): safety stock per SKU, never published, and
-- the rules that split the rest among shops. A rule's SKU '*' is the shop's
-- default; value is units for fixed and cap rules, basis points for share.

-- +goose Up
CREATE TABLE safety_stock (
    sku        TEXT PRIMARY KEY CHECK (length(sku) BETWEEN 1 AND 64),
    quantity   BIGINT NOT NULL CHECK (quantity >= 0),
    updated_at BIGINT NOT NULL
);

CREATE TABLE shop_stock_rules (
    shop       TEXT NOT NULL CHECK (length(shop) BETWEEN 1 AND 64),
    sku        TEXT NOT NULL CHECK (length(sku) BETWEEN 1 AND 64),
    kind       TEXT NOT NULL CHECK (kind IN ('fixed','share','cap')),
    value      BIGINT NOT NULL CHECK (value >= 0 AND (kind <> 'share' OR value <= 10000)),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (shop, sku)
);

-- +goose Down
DROP TABLE shop_stock_rules;
DROP TABLE safety_stock;
