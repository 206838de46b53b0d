-- Every warehouse belongs to one legal entity, whose books hold its stock
-- (ADR 27); existing warehouses belong to the default entity.

-- +goose Up
ALTER TABLE warehouses ADD COLUMN entity_id BIGINT NOT NULL DEFAULT 1 REFERENCES legal_entities(id);

-- +goose Down
ALTER TABLE warehouses DROP COLUMN entity_id;
