-- Receivables and payables (docs/adr/0051-receivables-payables-cash.md):
-- B2B customers and suppliers, and their invoices, receipts, bills and
-- payments. Each document is booked by one ledger entry (entry_id); the
-- rows say which open item each balance of 1122.90 and 2202 is. Never
-- updated: a correction is a new document.

-- +goose Up
CREATE TABLE arap_parties (
    kind       TEXT NOT NULL CHECK (kind IN ('customer', 'supplier')),
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    currency   TEXT NOT NULL,
    terms_days BIGINT NOT NULL CHECK (terms_days BETWEEN 0 AND 365),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (kind, code)
);

-- A number is unique per party and kind: the same document again is a
-- duplicate (same fingerprint), another under its number a conflict.
CREATE TABLE arap_documents (
    kind         TEXT NOT NULL CHECK (kind IN ('invoice', 'receipt', 'bill', 'payment')),
    party        TEXT NOT NULL,
    number       TEXT NOT NULL,
    doc_date     TEXT NOT NULL,               -- yyyy-mm-dd, the transaction date
    due_date     TEXT NOT NULL,               -- yyyy-mm-dd; '' on receipts and payments
    amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
    currency     TEXT NOT NULL,
    account      TEXT NOT NULL,
    applies_to   TEXT NOT NULL,               -- the invoice or bill a receipt or payment settles
    memo         TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    entry_id     BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    created_by   TEXT NOT NULL,
    PRIMARY KEY (party, kind, number)
);

-- +goose Down
DROP TABLE arap_documents;
DROP TABLE arap_parties;
