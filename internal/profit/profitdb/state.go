// Package profitdb keeps the profit facts per order line and their rollup
// on both engines (docs/adr/0050-profit.md): the order store, the ledger
// batch and reconciliation change the facts inside their transactions,
// which are written, with the rollup's deltas, once just before commit.
package profitdb

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/fnshub/fnshub/internal/profit"
	"github.com/fnshub/fnshub/internal/settlement/terms"
	"github.com/fnshub/fnshub/internal/settlement/termsdb"
	"github.com/fnshub/fnshub/internal/store"
)

// state is what one transaction changed: each touched order's lines as
// stored (was) and as they are now, and the contract rates per shop.
type state struct {
	was, now map[int64][]profit.Line
	stored   map[int64]bool // orders with rows to replace
	rates    map[string]profit.Rates
	// ratesRead: whether the carrier rate table was looked at; anyRates:
	// whether it has rows.
	ratesRead, anyRates bool
}

type stateKey struct{}

func stateOf(tx *store.Tx) *state {
	return tx.Deferred(stateKey{}, func() store.Flusher {
		return &state{was: map[int64][]profit.Line{}, now: map[int64][]profit.Line{}, stored: map[int64]bool{}, rates: map[string]profit.Rates{}}
	}).(*state)
}

var lineCols = append([]string{"order_id", "line_no", "hour", "shop", "channel", "campaign", "currency", "sku", "quantity", "payouts", "shipping_set"}, profit.Columns...)

// lines returns the order's lines as this transaction has them, reading
// them from the table the first time.
func (s *state) lines(ctx context.Context, tx *store.Tx, id int64) ([]profit.Line, error) {
	if ls, ok := s.now[id]; ok {
		return ls, nil
	}
	// Locked on PostgreSQL until commit: a reconciliation and an order
	// write touching one order's facts at once would otherwise both start
	// from the same rows, and the later replace would lose the earlier's
	// change while the rollup kept both.
	ls, err := readLines(ctx, tx, `order_id = ?`, tx.Dialect().ForUpdate(), id)
	if err != nil {
		return nil, err
	}
	s.keep(id, ls)
	return s.now[id], nil
}

func (s *state) keep(id int64, ls []profit.Line) {
	s.was[id], s.now[id], s.stored[id] = ls, slices.Clone(ls), len(ls) > 0
}

// prefetchChunk is how many orders one read of prefetch names.
const prefetchChunk = 500

// prefetch reads the lines of the orders among ids (ascending) this
// transaction has not read yet, a chunk of orders per statement rather
// than one each: a reconciliation touches the facts of every order of its
// payout (docs/adr/0056-settlement-at-scale.md). Locked as lines locks.
func (s *state) prefetch(ctx context.Context, tx *store.Tx, ids []int64) error {
	var todo []any
	for _, id := range ids {
		if _, ok := s.now[id]; !ok {
			todo = append(todo, id)
		}
	}
	for len(todo) > 0 {
		n := min(len(todo), prefetchChunk)
		in, padded := store.InList(todo[:n])
		ls, err := readLines(ctx, tx, `order_id IN (`+in+`)`, tx.Dialect().ForUpdate(), padded...)
		if err != nil {
			return err
		}
		byOrder := map[int64][]profit.Line{}
		for _, l := range ls {
			byOrder[l.OrderID] = append(byOrder[l.OrderID], l)
		}
		for _, id := range todo[:n] {
			s.keep(id.(int64), byOrder[id.(int64)])
		}
		todo = todo[n:]
	}
	return nil
}

func readLines(ctx context.Context, tx *store.Tx, where, lock string, args ...any) ([]profit.Line, error) {
	rows, err := tx.Query(ctx, `SELECT `+strings.Join(lineCols, ", ")+` FROM profit_lines WHERE `+where+` ORDER BY order_id, line_no`+lock, args...)
	if err != nil {
		return nil, fmt.Errorf("profitdb: read lines: %w", err)
	}
	defer rows.Close()
	var out []profit.Line
	for rows.Next() {
		var l profit.Line
		dest := append([]any{&l.OrderID, &l.LineNo, &l.Key.Hour, &l.Key.Shop, &l.Key.Channel, &l.Key.Campaign, &l.Key.Currency, &l.SKU,
			&l.Quantity, &l.Payouts, &l.ShipSet}, l.Figures.Pointers()...)
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("profitdb: read lines: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// ratesOf returns the commission and fee rates of shop's contract in
// force, or the channel's default when none is saved.
func (s *state) ratesOf(ctx context.Context, tx *store.Tx, shop, channel string) (profit.Rates, error) {
	if r, ok := s.rates[shop]; ok {
		return r, nil
	}
	c, ok, err := termsdb.Bind(tx).Contract(ctx, shop)
	if err != nil {
		return profit.Rates{}, fmt.Errorf("profitdb: contract of shop %q: %w", shop, err)
	}
	if !ok {
		c = terms.DefaultContract(shop, channel)
	}
	r := profit.Rates{Commission: c.Commission}
	types := make([]string, 0, len(c.FeeRates))
	for t := range c.FeeRates {
		types = append(types, t)
	}
	slices.Sort(types)
	for _, t := range types {
		r.Fees = append(r.Fees, c.FeeRates[t])
	}
	s.rates[shop] = r
	return r, nil
}

// upsert adds excluded's figures to table's row of the same key.
func upsert(table string, key []string) string {
	sets := make([]string, len(profit.Columns))
	for i, c := range profit.Columns {
		sets[i] = c + ` = ` + table + `.` + c + ` + excluded.` + c
	}
	return ` ON CONFLICT (` + strings.Join(key, ", ") + `) DO UPDATE SET ` + strings.Join(sets, ", ")
}

// The two rollups: per hour, shop, channel and currency, which the reports
// not by campaign read (a month of them is small at any volume), and the
// same per campaign too, which a month of many campaigns makes large.
var (
	hoursKey     = []string{"hour", "shop", "channel", "currency"}
	campaignsKey = []string{"hour", "shop", "channel", "campaign", "currency"}
	upsertHours  = upsert("profit_hours", hoursKey)
	upsertCamps  = upsert("profit_campaign_hours", campaignsKey)
	campDaysKey  = []string{"day", "shop", "channel", "campaign", "currency"}
	upsertDays   = upsert("profit_campaign_days", campDaysKey)
)

// DaysOffset is the zone, in hours east of UTC, whose days the per-day
// campaign rollup keeps: China Standard Time (Asia/Shanghai, the default
// merchant zone, without daylight saving). Reports in another zone read
// the hourly rollup (docs/adr/0057-profit-campaigns-and-shipping.md).
const DaysOffset = 8

// dayOf is the first UTC hour of the UTC+8 day of hour (hours are positive
// after 1970, so integer division floors).
func dayOf(hour int64) int64 { return ((hour+DaysOffset)/24)*24 - DaysOffset }

// Flush writes the touched orders' rows and adds the difference to the
// rollups (hourly, hourly by campaign, daily by campaign), its rows in key
// order (two PostgreSQL transactions touching the same hours lock them in
// the same order). An order whose lines kept their number, keys and SKUs
// (what a reconciliation's actuals or a shipping cost change) has its
// changed lines updated in place; any other is replaced
// (docs/adr/0061-settlement-writes-in-place.md).
func (s *state) Flush(ctx context.Context, tx *store.Tx) error {
	ids := make([]int64, 0, len(s.now))
	for id := range s.now {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	delta := map[profit.Key]profit.Figures{}
	var gone, rows []any
	var update lineUpdate
	for _, id := range ids {
		was, now := s.was[id], s.now[id]
		for _, l := range was {
			delta[l.Key] = delta[l.Key].Sub(l.Figures)
		}
		for _, l := range now {
			delta[l.Key] = delta[l.Key].Add(l.Figures)
		}
		if s.stored[id] && sameShape(was, now) {
			update.add(was, now)
			continue
		}
		for _, l := range now {
			rows = append(rows, l.OrderID, l.LineNo, l.Key.Hour, l.Key.Shop, l.Key.Channel, l.Key.Campaign, l.Key.Currency, l.SKU, l.Quantity, l.Payouts, l.ShipSet)
			rows = append(rows, l.Figures.Values()...)
		}
		if s.stored[id] {
			gone = append(gone, id)
		}
	}
	if err := update.write(ctx, tx); err != nil {
		return err
	}
	for len(gone) > 0 {
		n := min(len(gone), 256)
		marks, padded := store.InList(gone[:n])
		if err := tx.Later(ctx, "profitdb: replace lines", `DELETE FROM profit_lines WHERE order_id IN (`+marks+`)`, padded, nil); err != nil {
			return err
		}
		gone = gone[n:]
	}
	if err := tx.InsertRowsLater(ctx, "profitdb: insert lines", `INSERT INTO profit_lines (`+strings.Join(lineCols, ", ")+`) VALUES `, "",
		len(lineCols), rows); err != nil {
		return err
	}
	return addRollups(ctx, tx, delta)
}

// The key of a stored line, and the integer columns an in-place update
// sets (none of them indexed).
var (
	lineKey     = []string{"order_id", "line_no"}
	lineFigures = append([]string{"quantity", "payouts", "shipping_set"}, profit.Columns...)
)

// sameShape reports whether now has was's lines with the same numbers,
// keys and SKUs, so only their integer columns can differ.
func sameShape(was, now []profit.Line) bool {
	return slices.EqualFunc(was, now, func(a, b profit.Line) bool {
		return a.OrderID == b.OrderID && a.LineNo == b.LineNo && a.Key == b.Key && a.SKU == b.SKU
	})
}

// lineUpdate gathers the lines of an in-place update: each changed line's
// integer columns (lineFigures order) and which columns changed in any.
type lineUpdate struct {
	keys    []profit.Line
	values  [][]int64
	changed []bool
}

// add notes the lines of now that differ from the same line of was.
func (u *lineUpdate) add(was, now []profit.Line) {
	if u.changed == nil {
		u.changed = make([]bool, len(lineFigures))
	}
	for i, l := range now {
		a, b := lineInts(was[i]), lineInts(l)
		differs := false
		for c := range b {
			if a[c] != b[c] {
				u.changed[c], differs = true, true
			}
		}
		if differs {
			u.keys, u.values = append(u.keys, l), append(u.values, b)
		}
	}
}

// write updates the changed columns only: a reconciliation's actuals
// change six of the nineteen, and every bound value costs.
func (u *lineUpdate) write(ctx context.Context, tx *store.Tx) error {
	if len(u.keys) == 0 {
		return nil
	}
	var cols []string
	for c, ch := range u.changed {
		if ch {
			cols = append(cols, lineFigures[c])
		}
	}
	args := make([]any, 0, len(u.keys)*(len(lineKey)+len(cols)))
	for i, l := range u.keys {
		args = append(args, l.OrderID, l.LineNo)
		for c, ch := range u.changed {
			if ch {
				args = append(args, u.values[i][c])
			}
		}
	}
	return tx.UpdateRowsLater(ctx, "profitdb: update lines", "profit_lines", lineKey, cols, args)
}

// lineInts is l's integer columns in lineFigures order.
func lineInts(l profit.Line) []int64 {
	out := []int64{l.Quantity, l.Payouts, l.ShipSet}
	for _, v := range l.Figures.Values() {
		out = append(out, v.(int64))
	}
	return out
}

// addRollups adds delta to the three rollups.
func addRollups(ctx context.Context, tx *store.Tx, delta map[profit.Key]profit.Figures) error {
	hours := map[profit.Key]profit.Figures{}
	for k, f := range delta {
		k.Campaign = ""
		hours[k] = hours[k].Add(f)
	}
	if err := addRollup(ctx, tx, "profit_hours", hoursKey, upsertHours, hours, false); err != nil {
		return err
	}
	if err := addRollup(ctx, tx, "profit_campaign_hours", campaignsKey, upsertCamps, delta, true); err != nil {
		return err
	}
	days := map[profit.Key]profit.Figures{}
	for k, f := range delta {
		k.Hour = dayOf(k.Hour)
		days[k] = days[k].Add(f)
	}
	return addRollup(ctx, tx, "profit_campaign_days", campDaysKey, upsertDays, days, true)
}

// addRollup adds delta's non-zero rows to table in key order, so two
// PostgreSQL transactions touching the same hours lock them in the same
// order.
func addRollup(ctx context.Context, tx *store.Tx, table string, key []string, suffix string, delta map[profit.Key]profit.Figures, campaign bool) error {
	keys := make([]profit.Key, 0, len(delta))
	for k, f := range delta {
		if !f.IsZero() {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b profit.Key) int {
		return cmp.Or(cmp.Compare(a.Hour, b.Hour), cmp.Compare(a.Shop, b.Shop), cmp.Compare(a.Channel, b.Channel),
			cmp.Compare(a.Campaign, b.Campaign), cmp.Compare(a.Currency, b.Currency))
	})
	var rows []any
	for _, k := range keys {
		if campaign {
			rows = append(rows, k.Hour, k.Shop, k.Channel, k.Campaign, k.Currency)
		} else {
			rows = append(rows, k.Hour, k.Shop, k.Channel, k.Currency)
		}
		rows = append(rows, delta[k].Values()...)
	}
	return tx.InsertRowsLater(ctx, "profitdb: add to "+table, `INSERT INTO `+table+` (`+strings.Join(key, ", ")+`, `+
		strings.Join(profit.Columns, ", ")+`) VALUES `, suffix, len(key)+len(profit.Columns), rows)
}
