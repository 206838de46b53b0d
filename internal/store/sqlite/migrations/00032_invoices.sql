-- Invoice requests (发票) of hub orders and the red-letter (红字) ones that
-- credit them when the order is refunded (docs/adr/0048-invoices.md). The
-- invoices are issued in the merchant's tax-invoicing system; a request
-- keeps what was asked and, once issued, its number and date. Amounts are
-- minor units of currency, VAT included; a red request's amount is what it
-- takes back, positive.

-- +goose Up
CREATE TABLE invoices (
    id          INTEGER PRIMARY KEY,
    shop        TEXT NOT NULL,
    order_id    INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('blue', 'red')),
    original_id INTEGER NOT NULL DEFAULT 0,   -- red: the blue invoice it credits
    refund_ref  TEXT NOT NULL DEFAULT '',  -- red: the refund's ledger entry key
    title       TEXT NOT NULL,
    title_kind  TEXT NOT NULL CHECK (title_kind IN ('company', 'personal')),
    tax_no      TEXT NOT NULL DEFAULT '',
    type        TEXT NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount > 0),
    currency    TEXT NOT NULL,
    source      TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('requested', 'issued', 'rejected', 'cancelled')),
    number      TEXT NOT NULL DEFAULT '',
    issued_on   TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL DEFAULT '',
    idem_key    TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;
-- One live blue request per order: a second is a duplicate; after a
-- rejection or cancellation the order may be asked for again.
CREATE UNIQUE INDEX invoices_live_blue ON invoices (order_id) WHERE kind = 'blue' AND status IN ('requested', 'issued');
-- One red request per refund of an invoice, however often the refund is heard.
CREATE UNIQUE INDEX invoices_red_once ON invoices (original_id, refund_ref) WHERE kind = 'red';
CREATE UNIQUE INDEX invoices_by_key ON invoices (idem_key) WHERE idem_key <> '';
-- The refund hook's one lookup, and the order filter.
CREATE INDEX invoices_by_order ON invoices (order_id);
CREATE INDEX invoices_by_shop ON invoices (shop, status, id);

-- +goose Down
DROP TABLE invoices;
