-- Finance settings (docs/adr/0049-finance-settings.md): each shop's
-- settlement contract, the matching rule sets and the daily exchange
-- rates a reconciliation is held to. Contracts and rule sets are
-- versioned and never updated: a change is a new version, so a run can
-- always say which terms it used.

-- +goose Up
CREATE TABLE shop_settlement_contracts (
    shop                TEXT NOT NULL,
    version             INTEGER NOT NULL,
    commission          TEXT NOT NULL,       -- a fraction, "0.15"
    fee_rates           TEXT NOT NULL,       -- JSON {"fee Type": "0.03"}
    known_fees          TEXT NOT NULL,       -- JSON ["fee Type", ...]
    cycle_days          INTEGER NOT NULL CHECK (cycle_days BETWEEN 1 AND 90),
    grace_days          INTEGER NOT NULL CHECK (grace_days >= 0),
    fee_tolerance_minor INTEGER NOT NULL CHECK (fee_tolerance_minor >= 0),
    created_at          INTEGER NOT NULL,
    created_by          TEXT NOT NULL,
    PRIMARY KEY (shop, version)
) STRICT, WITHOUT ROWID;

-- scope is a shop id, or '' for every shop without rules of its own.
CREATE TABLE recon_rule_sets (
    scope                  TEXT NOT NULL,
    version                INTEGER NOT NULL,
    amount_tolerance_minor INTEGER NOT NULL CHECK (amount_tolerance_minor >= 0),
    refund_window_hours    INTEGER NOT NULL CHECK (refund_window_hours >= 0),
    split_payouts          INTEGER NOT NULL CHECK (split_payouts IN (0, 1)),
    created_at             INTEGER NOT NULL,
    created_by             TEXT NOT NULL,
    PRIMARY KEY (scope, version)
) STRICT, WITHOUT ROWID;

-- One rate per pair and day (the day in the entity's zone). The same
-- value again is a duplicate; a different one is refused unless the
-- import says it corrects, and then the old value moves to the history.
CREATE TABLE fx_rates (
    from_ccy    TEXT NOT NULL,
    to_ccy      TEXT NOT NULL,
    rate_date   TEXT NOT NULL,               -- yyyy-mm-dd
    rate        TEXT NOT NULL,               -- a decimal, as imported
    source      TEXT NOT NULL,
    imported_at INTEGER NOT NULL,
    PRIMARY KEY (from_ccy, to_ccy, rate_date)
) STRICT, WITHOUT ROWID;

CREATE TABLE fx_rate_history (
    id          INTEGER PRIMARY KEY,
    from_ccy    TEXT NOT NULL,
    to_ccy      TEXT NOT NULL,
    rate_date   TEXT NOT NULL,
    rate        TEXT NOT NULL,               -- the value replaced
    source      TEXT NOT NULL,
    imported_at INTEGER NOT NULL,
    replaced_at INTEGER NOT NULL,
    replaced_by TEXT NOT NULL                -- the correcting value
) STRICT;
CREATE INDEX fx_rate_history_pair ON fx_rate_history (from_ccy, to_ccy, rate_date);

-- +goose Down
DROP TABLE fx_rate_history;
DROP TABLE fx_rates;
DROP TABLE recon_rule_sets;
DROP TABLE shop_settlement_contracts;
