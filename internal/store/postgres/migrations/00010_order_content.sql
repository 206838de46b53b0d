-- A newer version of an order takes effect exactly (ADR 19): each version
-- keeps a keyed fingerprint of its content, so the same version with other
-- content is a conflict and check can compare an order with the version in
-- effect; a version whose change cannot apply (after shipping) is 'held'.
-- Order actions are idempotent under their Idempotency-Key.

-- +goose Up
ALTER TABLE orders ADD COLUMN content_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN fulfillment TEXT NOT NULL DEFAULT 'ship';
-- Units of each line returned so far (POST /api/v1/orders/{id}/return).
ALTER TABLE order_lines ADD COLUMN returned BIGINT NOT NULL DEFAULT 0 CHECK (returned >= 0 AND returned <= quantity);

-- Find an order by the platform's order number (GET /api/v1/orders?external_id=).
CREATE INDEX orders_by_external_id ON orders (external_id, id);

ALTER TABLE order_versions ADD COLUMN content_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE order_versions DROP CONSTRAINT order_versions_effect_check;
ALTER TABLE order_versions ADD CONSTRAINT order_versions_effect_check
    CHECK (effect IN ('created','applied','held','stale'));

-- One row per Idempotency-Key an order action was sent with: a replay
-- answers with the order as the first call left it (result, JSON).
CREATE TABLE order_actions (
    idem_key     TEXT PRIMARY KEY,
    order_id     BIGINT NOT NULL,
    action       TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    result       TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);

-- +goose Down
DROP TABLE order_actions;
DROP INDEX orders_by_external_id;
ALTER TABLE order_versions DROP CONSTRAINT order_versions_effect_check;
ALTER TABLE order_versions DISABLE TRIGGER order_versions_append_only;
UPDATE order_versions SET effect = 'applied' WHERE effect = 'held';
ALTER TABLE order_versions ENABLE TRIGGER order_versions_append_only;
ALTER TABLE order_versions ADD CONSTRAINT order_versions_effect_check
    CHECK (effect IN ('created','applied','stale'));
ALTER TABLE order_versions DROP COLUMN content_hash;
ALTER TABLE order_lines DROP COLUMN returned;
ALTER TABLE orders DROP COLUMN fulfillment;
ALTER TABLE orders DROP COLUMN content_hash;
