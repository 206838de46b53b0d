-- Raw events first (ADR 21): every inbound payload is kept, refused ones
-- too, with what it came with and how it was answered, so it can be
-- replayed through today's code after a fix.

-- +goose Up
-- The natural key the body is sealed to ('' when the payload named none).
ALTER TABLE raw_events ADD COLUMN order_key TEXT NOT NULL DEFAULT '';
-- The request headers that describe the payload (JSON), credentials left out.
ALTER TABLE raw_events ADD COLUMN headers TEXT NOT NULL DEFAULT '{}';
-- '' when it was taken in (a version names it); else the error code it was refused with.
ALTER TABLE raw_events ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE raw_events ADD COLUMN outcome_message TEXT NOT NULL DEFAULT '';
UPDATE raw_events SET order_key = COALESCE((SELECT MIN(o.order_key) FROM order_versions v JOIN orders o ON o.id = v.order_id
    WHERE v.raw_event_id = raw_events.id), '');
CREATE INDEX raw_events_by_source ON raw_events (source, received_at, id);

-- +goose Down
DROP INDEX raw_events_by_source;
ALTER TABLE raw_events DROP COLUMN outcome_message;
ALTER TABLE raw_events DROP COLUMN outcome;
ALTER TABLE raw_events DROP COLUMN headers;
ALTER TABLE raw_events DROP COLUMN order_key;
