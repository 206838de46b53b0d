-- Master data: products, SKUs (商家编码 as the code), bundle components and
-- channel listings mapped to SKUs. Tax rates are decimal strings ("0.13").

-- +goose Up
CREATE TABLE products (
    code       TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 64),
    name       TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE skus (
    code         TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 64),
    product_code TEXT REFERENCES products(code),
    barcode      TEXT NOT NULL DEFAULT '',
    name         TEXT NOT NULL,
    spec         TEXT NOT NULL DEFAULT '',
    unit         TEXT NOT NULL DEFAULT '',
    tax_rate     TEXT NOT NULL,
    weight_g     INTEGER NOT NULL DEFAULT 0 CHECK (weight_g >= 0),
    is_bundle    INTEGER NOT NULL DEFAULT 0 CHECK (is_bundle IN (0, 1)),
    created_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX skus_by_barcode ON skus (barcode) WHERE barcode <> '';

CREATE TABLE bundle_components (
    bundle_code    TEXT NOT NULL REFERENCES skus(code),
    component_code TEXT NOT NULL REFERENCES skus(code),
    quantity       INTEGER NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (bundle_code, component_code)
) STRICT, WITHOUT ROWID;

CREATE TABLE listings (
    channel          TEXT NOT NULL,
    shop             TEXT NOT NULL,
    external_item_id TEXT NOT NULL,
    external_sku_id  TEXT NOT NULL DEFAULT '',
    sku_code         TEXT NOT NULL REFERENCES skus(code),
    created_at       INTEGER NOT NULL,
    PRIMARY KEY (channel, shop, external_item_id, external_sku_id)
) STRICT, WITHOUT ROWID;

-- +goose Down
DROP TABLE listings;
DROP TABLE bundle_components;
DROP TABLE skus;
DROP TABLE products;
