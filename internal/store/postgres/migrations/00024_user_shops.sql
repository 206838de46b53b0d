-- Per-shop data scope (ADR 39): the shops a user may see, comma-separated
-- shop ids in ascending order; empty means every shop. A column rather
-- than a table, so that authenticating a request reads the user's scope
-- in the same single query as the user, on both engines. Shop ids hold no
-- commas (shop.ValidID), and shops are never deleted, so the ids are
-- checked when a user is written rather than by a foreign key.

-- +goose Up
ALTER TABLE users ADD COLUMN shops TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE users DROP COLUMN shops;
