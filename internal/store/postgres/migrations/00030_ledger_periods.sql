-- Period close (docs/adr/0046-period-close.md): a month of an entity's books
-- is open until closed. What is closed is always a prefix of months, so the
-- posting path needs one instant per entity, closed_until, kept on the chain
-- head row it already locks: a post and a close serialise on that lock, and
-- reading it costs no extra statement. An entry dated before it posts at it
-- and keeps the date it was for in dated_for (0 for every entry on time).

-- +goose Up
ALTER TABLE ledger_chains ADD COLUMN closed_until BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ledger_entries ADD COLUMN dated_for BIGINT NOT NULL DEFAULT 0;

-- One row per entity and month ever closed. Boundaries are the instants the
-- month had in the entity's zone when it was closed, so a later change of
-- zone does not move a closed month. closed_seq / reopened_seq are the
-- entity's chain positions at close and reopen: the entries between them are
-- the ones the close governed, which fnshub check verifies.
CREATE TABLE ledger_periods (
    entity_id     BIGINT NOT NULL,
    period        TEXT NOT NULL,
    starts_at     BIGINT NOT NULL,
    ends_at       BIGINT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('closed', 'open')),
    closed_at     BIGINT NOT NULL,
    closed_by     TEXT NOT NULL,
    closed_seq    BIGINT NOT NULL,
    reopened_at   BIGINT NOT NULL DEFAULT 0,
    reopened_by   TEXT NOT NULL DEFAULT '',
    reopen_reason TEXT NOT NULL DEFAULT '',
    reopened_seq  BIGINT NOT NULL DEFAULT 0,
    report        TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (entity_id, period)
);

-- +goose Down
DROP TABLE ledger_periods;
ALTER TABLE ledger_entries DROP COLUMN dated_for;
ALTER TABLE ledger_chains DROP COLUMN closed_until;
