-- A newer version of an order takes effect exactly (ADR 19): each version
-- keeps a keyed fingerprint of its content, so the same version with other
-- content is a conflict and check can compare an order with the version in
-- effect; a version whose change cannot apply (after shipping) is 'held'.
-- Order actions are idempotent under their Idempotency-Key.

-- +goose Up
ALTER TABLE orders ADD COLUMN content_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN fulfillment TEXT NOT NULL DEFAULT 'ship';
-- Units of each line returned so far (POST /api/v1/orders/{id}/return).
ALTER TABLE order_lines ADD COLUMN returned INTEGER NOT NULL DEFAULT 0 CHECK (returned >= 0 AND returned <= quantity);

-- Find an order by the platform's order number (GET /api/v1/orders?external_id=).
CREATE INDEX orders_by_external_id ON orders (external_id, id);

-- SQLite cannot change a CHECK in place: the table is rebuilt.
CREATE TABLE order_versions_new (
    order_id     INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    status       TEXT NOT NULL,
    effect       TEXT NOT NULL CHECK (effect IN ('created','applied','held','stale')),
    raw_event_id INTEGER NOT NULL,
    received_at  INTEGER NOT NULL,
    content_hash TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (order_id, version)
) STRICT, WITHOUT ROWID;
INSERT INTO order_versions_new (order_id, version, status, effect, raw_event_id, received_at)
    SELECT order_id, version, status, effect, raw_event_id, received_at FROM order_versions;
DROP TABLE order_versions;
ALTER TABLE order_versions_new RENAME TO order_versions;
-- +goose StatementBegin
CREATE TRIGGER order_versions_append_only BEFORE UPDATE ON order_versions
BEGIN SELECT RAISE(ABORT, 'order versions are append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER order_versions_append_only_delete BEFORE DELETE ON order_versions
BEGIN SELECT RAISE(ABORT, 'order versions are append-only'); END;
-- +goose StatementEnd

-- One row per Idempotency-Key an order action was sent with: a replay
-- answers with the order as the first call left it (result, JSON).
CREATE TABLE order_actions (
    idem_key     TEXT PRIMARY KEY,
    order_id     INTEGER NOT NULL,
    action       TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    result       TEXT NOT NULL,
    created_at   INTEGER NOT NULL
) STRICT;

-- +goose Down
DROP TABLE order_actions;
DROP INDEX orders_by_external_id;
CREATE TABLE order_versions_old (
    order_id     INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    status       TEXT NOT NULL,
    effect       TEXT NOT NULL CHECK (effect IN ('created','applied','stale')),
    raw_event_id INTEGER NOT NULL,
    received_at  INTEGER NOT NULL,
    PRIMARY KEY (order_id, version)
) STRICT, WITHOUT ROWID;
INSERT INTO order_versions_old SELECT order_id, version, status, CASE effect WHEN 'held' THEN 'applied' ELSE effect END,
    raw_event_id, received_at FROM order_versions;
DROP TABLE order_versions;
ALTER TABLE order_versions_old RENAME TO order_versions;
-- +goose StatementBegin
CREATE TRIGGER order_versions_append_only BEFORE UPDATE ON order_versions
BEGIN SELECT RAISE(ABORT, 'order versions are append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER order_versions_append_only_delete BEFORE DELETE ON order_versions
BEGIN SELECT RAISE(ABORT, 'order versions are append-only'); END;
-- +goose StatementEnd
ALTER TABLE order_lines DROP COLUMN returned;
ALTER TABLE orders DROP COLUMN fulfillment;
ALTER TABLE orders DROP COLUMN content_hash;
