// Package invoicedb stores invoice requests (internal/invoice) in SQLite
// or PostgreSQL through internal/store.
package invoicedb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/invoice"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/store"
)

// Bind returns the invoice.TxStore that works inside tx.
func Bind(tx *store.Tx) invoice.TxStore { return bound{tx} }

type bound struct{ tx *store.Tx }

var _ invoice.TxStore = bound{}

const columns = `id, shop, order_id, kind, original_id, refund_ref, title, title_kind, tax_no, type, amount, currency,
	source, status, number, issued_on, reason, idem_key, created_at, updated_at`

func (b bound) Insert(ctx context.Context, inv *invoice.Invoice) (bool, error) {
	var id int64
	err := b.tx.QueryRow(ctx, `INSERT INTO invoices (shop, order_id, kind, original_id, refund_ref, title, title_kind, tax_no, type,
		amount, currency, source, status, number, issued_on, reason, idem_key, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
		inv.Shop, int64(inv.OrderID), string(inv.Kind), int64(inv.Original), inv.RefundRef, inv.Title, string(inv.TitleKind), inv.TaxNo,
		string(inv.Type), inv.Amount.Minor(), string(inv.Amount.Currency()), string(inv.Source), string(inv.Status), inv.Number,
		inv.IssuedOn, inv.Reason, inv.IdemKey, store.Micros(inv.CreatedAt), store.Micros(inv.UpdatedAt)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("invoicedb: insert invoice of order %d: %w", inv.OrderID, err)
	}
	inv.ID = invoice.ID(id)
	return true, nil
}

func (b bound) Get(ctx context.Context, id invoice.ID) (invoice.Invoice, error) {
	out, err := b.list(ctx, `id = ?`, []any{int64(id)}, 1)
	if err != nil {
		return invoice.Invoice{}, err
	}
	if len(out) == 0 {
		return invoice.Invoice{}, fault.New(fault.NotFound, "invoice_not_found", "invoice %d does not exist", id)
	}
	return out[0], nil
}

func (b bound) ByKey(ctx context.Context, key string) (invoice.Invoice, bool, error) {
	return b.one(ctx, `idem_key = ? AND idem_key <> ''`, key)
}

func (b bound) Live(ctx context.Context, id order.ID) (invoice.Invoice, bool, error) {
	return b.one(ctx, `order_id = ? AND kind = 'blue' AND status IN ('requested', 'issued')`, int64(id))
}

func (b bound) one(ctx context.Context, where string, args ...any) (invoice.Invoice, bool, error) {
	out, err := b.list(ctx, where, args, 1)
	if err != nil || len(out) == 0 {
		return invoice.Invoice{}, false, err
	}
	return out[0], true, nil
}

func (b bound) IssuedBlue(ctx context.Context, orders []order.ID) ([]invoice.Credited, error) {
	if len(orders) == 0 {
		return nil, nil
	}
	args := make([]any, len(orders))
	for i, id := range orders {
		args[i] = int64(id)
	}
	rows, err := b.tx.Query(ctx, `SELECT `+prefixed("b.")+`,
		COALESCE((SELECT SUM(r.amount) FROM invoices r WHERE r.original_id = b.id AND r.kind = 'red'
			AND r.status IN ('requested', 'issued')), 0)
		FROM invoices b WHERE b.order_id IN (`+placeholders(len(args))+`) AND b.kind = 'blue' AND b.status = 'issued' ORDER BY b.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("invoicedb: issued invoices of refunded orders: %w", err)
	}
	defer rows.Close()
	var out []invoice.Credited
	for rows.Next() {
		var c invoice.Credited
		if c.Invoice, err = scan(rows, &c.Credited); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func (b bound) Update(ctx context.Context, inv invoice.Invoice) error {
	_, err := b.tx.Exec(ctx, `UPDATE invoices SET status = ?, number = ?, issued_on = ?, reason = ?, updated_at = ? WHERE id = ?`,
		string(inv.Status), inv.Number, inv.IssuedOn, inv.Reason, store.Micros(inv.UpdatedAt), int64(inv.ID))
	if err != nil {
		return fmt.Errorf("invoicedb: update invoice %d: %w", inv.ID, err)
	}
	return nil
}

func (b bound) List(ctx context.Context, f invoice.Filter) ([]invoice.Invoice, error) {
	where, args := []string{"1 = 1"}, []any{}
	if len(f.Shops) > 0 {
		where = append(where, "shop IN ("+placeholders(len(f.Shops))+")")
		for _, s := range f.Shops {
			args = append(args, s)
		}
	}
	if f.Shop != "" {
		where, args = append(where, "shop = ?"), append(args, f.Shop)
	}
	if f.Status != "" {
		where, args = append(where, "status = ?"), append(args, string(f.Status))
	}
	if f.OrderID != 0 {
		where, args = append(where, "order_id = ?"), append(args, int64(f.OrderID))
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 1000
	}
	return b.list(ctx, strings.Join(where, " AND "), args, limit)
}

func (b bound) list(ctx context.Context, where string, args []any, limit int) ([]invoice.Invoice, error) {
	rows, err := b.tx.Query(ctx, `SELECT `+columns+` FROM invoices WHERE `+where+fmt.Sprintf(` ORDER BY id DESC LIMIT %d`, limit), args...)
	if err != nil {
		return nil, fmt.Errorf("invoicedb: list invoices: %w", err)
	}
	defer rows.Close()
	var out []invoice.Invoice
	for rows.Next() {
		inv, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, inv)
	}
	return out, rows.Err()
}

func scan(row store.Scanner, extra ...any) (invoice.Invoice, error) {
	var inv invoice.Invoice
	var id, orderID, original, amount, created, updated int64
	var kind, titleKind, typ, cur, source, status string
	dest := append([]any{&id, &inv.Shop, &orderID, &kind, &original, &inv.RefundRef, &inv.Title, &titleKind, &inv.TaxNo, &typ,
		&amount, &cur, &source, &status, &inv.Number, &inv.IssuedOn, &inv.Reason, &inv.IdemKey, &created, &updated}, extra...)
	if err := row.Scan(dest...); err != nil {
		return inv, fmt.Errorf("invoicedb: read invoice: %w", err)
	}
	inv.ID, inv.OrderID, inv.Original = invoice.ID(id), order.ID(orderID), invoice.ID(original)
	inv.Kind, inv.TitleKind, inv.Type = invoice.Kind(kind), invoice.TitleKind(titleKind), invoice.Type(typ)
	inv.Currency = money.Currency(cur)
	inv.Amount = money.New(amount, inv.Currency)
	inv.Source, inv.Status = invoice.Source(source), invoice.Status(status)
	inv.CreatedAt, inv.UpdatedAt = store.Time(created), store.Time(updated)
	return inv, nil
}

func prefixed(p string) string {
	cols := strings.Split(columns, ",")
	for i, c := range cols {
		cols[i] = p + strings.TrimSpace(c)
	}
	return strings.Join(cols, ", ")
}

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }
