-- Reconciliation runs (docs/adr/0045-reconciliation.md): each run of the
-- engine over one stored payout, its matches, its classified differences
-- and the ledger entries it posted. A re-run (after a rule, contract or
-- mapping change) reverses the previous run's entries and supersedes it;
-- nothing is deleted, so every run's answer stays readable.

-- +goose Up
CREATE TABLE recon_runs (
    id              INTEGER PRIMARY KEY,
    payout_id       INTEGER NOT NULL,
    payout_ref      TEXT NOT NULL,
    shop            TEXT NOT NULL,
    rules_version   INTEGER NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('current', 'superseded')),
    superseded_by   INTEGER,              -- the run that replaced it
    currency        TEXT NOT NULL,
    expected_minor  INTEGER NOT NULL,     -- the waterfall's payout step
    actual_minor    INTEGER NOT NULL,
    remainder_minor INTEGER NOT NULL,     -- zero when every difference is classified
    waterfall       TEXT NOT NULL,        -- the steps, JSON
    fingerprint     TEXT NOT NULL,        -- of the answer: the same answer again is a duplicate
    differences     INTEGER NOT NULL,
    created_at      INTEGER NOT NULL
) STRICT;
-- One current run per payout: a re-run supersedes in the same transaction.
CREATE UNIQUE INDEX recon_runs_current ON recon_runs (payout_id) WHERE status = 'current';

-- The entries a run posted (a payout of many orders is cut into entries of
-- at most ledger.MaxPostings postings) and the reversals that undid them.
CREATE TABLE recon_entries (
    run_id      INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    entry_id    INTEGER NOT NULL,
    reversed_by INTEGER,                  -- the reversing entry, once re-run
    PRIMARY KEY (run_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE recon_matches (
    run_id        INTEGER NOT NULL,
    line_key      TEXT NOT NULL,
    order_id      INTEGER NOT NULL,
    refund_index  INTEGER NOT NULL,       -- -1 when the line is no refund
    kind          TEXT NOT NULL,          -- the line's settlement kind
    amount_minor  INTEGER NOT NULL,          -- the line's amount, in the run's currency
    rule          TEXT NOT NULL,
    rules_version INTEGER NOT NULL,
    PRIMARY KEY (run_id, line_key)
) STRICT, WITHOUT ROWID;
CREATE INDEX recon_matches_order ON recon_matches (order_id);

CREATE TABLE recon_differences (
    run_id         INTEGER NOT NULL,
    seq            INTEGER NOT NULL,
    class          TEXT NOT NULL,
    subject        TEXT NOT NULL,
    message        TEXT NOT NULL,
    order_id       INTEGER NOT NULL,
    order_ref      TEXT NOT NULL,
    fee_type       TEXT NOT NULL,
    line_keys      TEXT NOT NULL,         -- newline-separated
    currency       TEXT NOT NULL,
    expected_minor INTEGER NOT NULL,
    actual_minor   INTEGER NOT NULL,
    impact_minor   INTEGER NOT NULL,
    PRIMARY KEY (run_id, seq)
) STRICT, WITHOUT ROWID;
CREATE INDEX recon_differences_class ON recon_differences (class, run_id);

-- +goose Down
DROP TABLE recon_differences;
DROP TABLE recon_matches;
DROP TABLE recon_entries;
DROP TABLE recon_runs;
