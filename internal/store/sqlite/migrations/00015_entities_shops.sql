-- Legal entities and the shops that sell under them (ADR 24). An order's
-- shop, a listing's shop and a stock rule's shop name a row of shops.

-- +goose Up
CREATE TABLE legal_entities (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
    name          TEXT NOT NULL,
    base_currency TEXT NOT NULL CHECK (length(base_currency) = 3),
    timezone      TEXT NOT NULL,
    created_at    INTEGER NOT NULL
) STRICT;

-- The default entity: every existing book and shop belongs to it. The hub's
-- --currency and zone settings replace its currency and timezone at start
-- while it has no books (entity.Service.EnsureDefault).
INSERT INTO legal_entities (id, code, name, base_currency, timezone, created_at)
VALUES (1, 'default', '默认主体 / Default entity', 'CNY', 'Asia/Shanghai', CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER));

CREATE TABLE shops (
    id         TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
    channel    TEXT NOT NULL,
    name       TEXT NOT NULL,
    entity_id  INTEGER NOT NULL REFERENCES legal_entities(id),
    currency   TEXT NOT NULL CHECK (length(currency) = 3),
    timezone   TEXT NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX shops_by_entity ON shops (entity_id, id);

-- The warehouses a shop may ship from; a lower priority is tried first.
CREATE TABLE shop_warehouses (
    shop_id        TEXT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    warehouse_code TEXT NOT NULL REFERENCES warehouses(code),
    priority       INTEGER NOT NULL,
    PRIMARY KEY (shop_id, warehouse_code)
) STRICT, WITHOUT ROWID;

-- Existing data: one shop under the default entity for every shop already
-- named by orders, listings or stock rules, with the channel it was used
-- on (the smallest, should one id have been used on several; stock rules
-- name no channel, so a shop known only from them gets 'other').
INSERT INTO shops (id, channel, name, entity_id, currency, timezone, active, created_at, updated_at)
SELECT shop, MIN(channel), shop, 1, 'CNY', 'Asia/Shanghai', 1,
       CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER), CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER)
FROM (SELECT shop, channel FROM orders
      UNION SELECT shop, channel FROM listings
      UNION SELECT shop, 'other' FROM shop_stock_rules WHERE shop NOT IN (SELECT shop FROM orders UNION SELECT shop FROM listings)
) AS named
GROUP BY shop;
-- Migrated shops sell in their orders' currency, when those agree.
UPDATE shops SET currency = (SELECT MIN(currency) FROM orders WHERE orders.shop = shops.id)
WHERE (SELECT COUNT(DISTINCT currency) FROM orders WHERE orders.shop = shops.id) = 1;

-- +goose Down
DROP TABLE shop_warehouses;
DROP INDEX shops_by_entity;
DROP TABLE shops;
DROP TABLE legal_entities;
