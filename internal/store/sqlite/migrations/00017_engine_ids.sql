-- Order and raw event ids come from the engine, not from id_counters
-- (docs/adr/0026-what-serialises.md). SQLite has one writer, so the next id
-- is the highest stored one plus one, read inside the write transaction: it
-- serialises nothing the writer does not already serialise, and ids stay
-- gapless and in commit order. Orders and raw events are never deleted, so
-- no stored id is handed out again; an id the counter handed out that was
-- never stored (a refused order of a group) may be, as nothing holds it.

-- +goose Up
DROP TABLE id_counters;

-- +goose Down
CREATE TABLE id_counters (
    name TEXT PRIMARY KEY,
    last INTEGER NOT NULL
);
INSERT INTO id_counters (name, last) VALUES
    ('orders', (SELECT COALESCE(MAX(id), 0) FROM orders)),
    ('raw_events', (SELECT COALESCE(MAX(id), 0) FROM raw_events));
