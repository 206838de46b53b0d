-- Scheduled settlement pulls (docs/adr/0054-settlement-pulls.md): how far
-- each shop's settlements were fetched from each source, and how the last
-- runs went. The cursor is the source's own (a payout date, a report's
-- creation time and id); it moves only after the file it covers was
-- imported, so a failed run fetches the same files again.

-- +goose Up
CREATE TABLE settlement_pull_states (
    shop            TEXT NOT NULL,
    source          TEXT NOT NULL,           -- shopify-payments, amazon-settlement
    cursor_value    TEXT NOT NULL,           -- '' before the first import
    last_run_at     BIGINT NOT NULL,        -- unix µs UTC; 0 never
    last_success_at BIGINT NOT NULL,
    last_error      TEXT NOT NULL,           -- '' after a run that succeeded
    failures        BIGINT NOT NULL CHECK (failures >= 0), -- failed runs in a row
    imports         BIGINT NOT NULL CHECK (imports >= 0),  -- files imported by pulls, all told
    PRIMARY KEY (shop, source)
);

-- +goose Down
DROP TABLE settlement_pull_states;
