-- Receivables and payables per legal entity
-- (docs/adr/0060-arap-documents-per-entity.md): each B2B document belongs
-- to the entity whose books it posts to. The documents so far were the
-- default entity's (1). A number is unique per entity, party and kind:
-- two entities may each issue invoice INV-1 to one customer. Customers
-- and suppliers stay shared by every entity.

-- +goose Up
ALTER TABLE arap_documents ADD COLUMN entity BIGINT NOT NULL DEFAULT 1;
ALTER TABLE arap_documents DROP CONSTRAINT arap_documents_pkey;
ALTER TABLE arap_documents ADD PRIMARY KEY (entity, party, kind, number);

-- +goose Down
-- Keeps the default entity's documents only (the schema before had no
-- entity); the other entities' entries stay in their books.
DELETE FROM arap_documents WHERE entity <> 1;
ALTER TABLE arap_documents DROP CONSTRAINT arap_documents_pkey;
ALTER TABLE arap_documents ADD PRIMARY KEY (party, kind, number);
ALTER TABLE arap_documents DROP COLUMN entity;
