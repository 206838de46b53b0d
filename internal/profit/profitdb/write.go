package profitdb

import (
	"context"
	"slices"
	"strconv"

	"github.com/fnshub/fnshub/internal/analytics"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/profit"
	"github.com/fnshub/fnshub/internal/store"
)

// WriteOrder sets the estimate side of r's lines as r is written (orderdb
// calls it from InsertOrders and UpdateOrder, so every path that writes an
// order keeps its profit facts); cost of goods, shipping cost and actuals
// already known are carried over. fresh says r was never stored.
func WriteOrder(ctx context.Context, tx *store.Tx, r *order.Record, fresh bool) error {
	s := stateOf(tx)
	id := int64(r.ID)
	var was []profit.Line
	if fresh {
		if _, ok := s.now[id]; !ok {
			s.was[id] = nil
		}
		was = s.now[id]
	} else {
		var err error
		if was, err = s.lines(ctx, tx, id); err != nil {
			return err
		}
	}
	rates, err := s.ratesOf(ctx, tx, r.Shop, r.Channel)
	if err != nil {
		return err
	}
	if rates.Shipping, err = s.shippingOf(ctx, tx, r); err != nil {
		return err
	}
	now, err := profit.Estimate(r, rates, profit.KeyOf(r, analytics.HourOf, store.Micros(r.CreatedAt)))
	if err != nil {
		return err
	}
	profit.Carry(was, now)
	s.now[id] = now
	return nil
}

// The cost-of-goods accounts: 6401 and its sub-accounts, as the analytics
// rollup counts them (ledgerdb.BookedAs; not imported, ledgerdb imports us).
func isCOGS(account string) bool {
	return account == "6401" || len(account) > 5 && account[:5] == "6401."
}

// AddCOGS adds the batch's cost-of-goods postings of orders to their
// lines, spread by revenue (the ledger posts cost per order), in the
// posting transaction; reversals, which negate their originals, take it
// back.
func AddCOGS(ctx context.Context, tx *store.Tx, fresh []ledger.Entry) error {
	var s *state
	for _, e := range fresh {
		for _, p := range e.Postings {
			if !isCOGS(p.Account) || p.Dims.Source.Kind != ledger.SourceOrder {
				continue
			}
			id, err := strconv.ParseInt(p.Dims.Source.ID, 10, 64)
			if err != nil {
				continue
			}
			if s == nil {
				s = stateOf(tx)
			}
			ls, err := s.lines(ctx, tx, id)
			if err != nil {
				return err
			}
			if len(ls) == 0 || ls[0].Key.Currency != string(p.Amount.Currency()) {
				continue // no such order line, or cost in another currency: fnshub check names it
			}
			for i, v := range profit.Spread(p.Amount.Minor(), profit.Weights(ls)) {
				ls[i].COGS += v
			}
		}
	}
	return nil
}

// AddActuals records what one reconciled payout said of each order (costs
// positive), spread over the order's lines by revenue, in place of what a
// previous run of the payout said. byOrder holds every order the run
// matched; an order the previous run had and this one has not loses that
// payout's actuals.
func AddActuals(ctx context.Context, tx *store.Tx, payoutID int64, currency string, byOrder map[int64]profit.Actual) error {
	s := stateOf(tx)
	old, err := payoutActuals(ctx, tx, payoutID)
	if err != nil {
		return err
	}
	touched := sortedIDs(byOrder)
	for _, a := range old {
		touched = append(touched, a.orderID)
	}
	slices.Sort(touched)
	if err := s.prefetch(ctx, tx, slices.Compact(touched)); err != nil {
		return err
	}
	for _, a := range old {
		ls, err := s.lines(ctx, tx, a.orderID)
		if err != nil {
			return err
		}
		if i := lineIndex(ls, a.lineNo); i >= 0 {
			ls[i].AddActual(a.Actual, -1)
		}
	}
	var rows []any
	for _, id := range sortedIDs(byOrder) {
		ls, err := s.lines(ctx, tx, id)
		if err != nil {
			return err
		}
		if len(ls) == 0 || ls[0].Key.Currency != currency {
			continue
		}
		a, w := byOrder[id], profit.Weights(ls)
		c, f, adj := profit.Spread(a.Commission, w), profit.Spread(a.Fees, w), profit.Spread(a.Adjust, w)
		for i := range ls {
			la := profit.Actual{Commission: c[i], Fees: f[i], Adjust: adj[i]}
			ls[i].AddActual(la, 1)
			rows = append(rows, payoutID, id, ls[i].LineNo, la.Commission, la.Fees, la.Adjust)
		}
	}
	if err := tx.Later(ctx, "profitdb: replace payout actuals", `DELETE FROM profit_actuals WHERE payout_id = ?`, []any{payoutID}, nil); err != nil {
		return err
	}
	return tx.InsertRowsLater(ctx, "profitdb: insert payout actuals",
		`INSERT INTO profit_actuals (payout_id, order_id, line_no, commission, fees, adjust) VALUES `, "", 6, rows)
}

// Bind returns the profit store bound to tx.
func Bind(tx *store.Tx) profit.TxStore { return bound{tx} }

type bound struct{ tx *store.Tx }

func (b bound) RecordActuals(ctx context.Context, payoutID int64, currency string, byOrder map[int64]profit.Actual) error {
	return AddActuals(ctx, b.tx, payoutID, currency, byOrder)
}

// lineIndex is the index of line no in ls: the first line when the order
// no longer has it (Carry moved its figures there).
func lineIndex(ls []profit.Line, no int) int {
	if len(ls) == 0 {
		return -1
	}
	for i, l := range ls {
		if l.LineNo == no {
			return i
		}
	}
	return 0
}

type storedActual struct {
	orderID int64
	lineNo  int
	profit.Actual
}

func payoutActuals(ctx context.Context, tx *store.Tx, payoutID int64) ([]storedActual, error) {
	rows, err := tx.Query(ctx, `SELECT order_id, line_no, commission, fees, adjust FROM profit_actuals WHERE payout_id = ? ORDER BY order_id, line_no`, payoutID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []storedActual
	for rows.Next() {
		var a storedActual
		if err := rows.Scan(&a.orderID, &a.lineNo, &a.Commission, &a.Fees, &a.Adjust); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func sortedIDs[V any](m map[int64]V) []int64 {
	ids := make([]int64, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}
