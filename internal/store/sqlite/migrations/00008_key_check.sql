-- Key checks: one small value per master key id, sealed with that key when
-- it first sealed data here, so a start with another key under the same id,
-- or without a key that sealed data, is refused before any read fails
-- (docs/adr/0015-master-key-check.md).

-- +goose Up
CREATE TABLE key_checks (
    key_id     TEXT PRIMARY KEY,
    sealed     BLOB NOT NULL,
    created_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- +goose Down
DROP TABLE key_checks;
