-- Every warehouse belongs to one legal entity, whose books hold its stock
-- (ADR 27); existing warehouses belong to the default entity.
--
-- SQLite cannot add a REFERENCES column with a non-NULL default while
-- foreign keys are on, so the reference is kept by triggers here and by a
-- foreign key on PostgreSQL.

-- +goose Up
ALTER TABLE warehouses ADD COLUMN entity_id INTEGER NOT NULL DEFAULT 1;

-- +goose StatementBegin
CREATE TRIGGER warehouses_entity_insert BEFORE INSERT ON warehouses
WHEN NOT EXISTS (SELECT 1 FROM legal_entities WHERE id = NEW.entity_id)
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: warehouses.entity_id');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER warehouses_entity_update BEFORE UPDATE OF entity_id ON warehouses
WHEN NOT EXISTS (SELECT 1 FROM legal_entities WHERE id = NEW.entity_id)
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: warehouses.entity_id');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER legal_entities_warehouse_delete BEFORE DELETE ON legal_entities
WHEN EXISTS (SELECT 1 FROM warehouses WHERE entity_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: warehouses.entity_id');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER legal_entities_warehouse_delete;
DROP TRIGGER warehouses_entity_update;
DROP TRIGGER warehouses_entity_insert;
ALTER TABLE warehouses DROP COLUMN entity_id;
