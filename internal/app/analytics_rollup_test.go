package app_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/analytics"
	"github.com/fnshub/fnshub/internal/analytics/analyticsdb"
	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/profit/profitdb"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// rollupRig drives random order histories through ingestion and the order
// actions, with a clock that moves on between steps so refunds fall in
// other hours than the orders they refund.
type rollupRig struct {
	t     *testing.T
	h     *hub
	rng   *rand.Rand
	mu    sync.Mutex
	now   time.Time
	known []app.Input // the latest version sent of each order
	ids   map[string]order.ID
}

func (r *rollupRig) clock() time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.now
}

func (r *rollupRig) tick() {
	r.mu.Lock()
	r.now = r.now.Add(time.Duration(r.rng.IntN(90)) * time.Minute)
	r.mu.Unlock()
}

// Rollups equal their recomputation from the base tables after hundreds
// of random orders, version changes (amounts, lines, cancellation,
// refund), duplicates, shipping, partial refunds and returns, some
// ingested concurrently, on both engines; and a rollup off by one fen is
// reported.
func TestAnalyticsRollups_matchBaseTablesAfterRandomHistories(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			seed := uint64(time.Now().UnixNano())
			t.Logf("seed %d", seed)
			r := &rollupRig{t: t, rng: rand.New(rand.NewPCG(seed, 42)), now: time.Date(2026, 11, 11, 1, 0, 0, 0, time.UTC), ids: map[string]order.ID{}}
			r.h = newHub(t, e.Open, app.OrderOptions{Now: r.clock})
			for _, sku := range []string{"TEA-250", "TEA-500", "CUP"} {
				r.h.receive(t, "in-"+sku, sku, "SH", 100_000)
			}
			steps := 400
			if e.Name == "postgres" {
				steps = 200
			}
			for i := range steps {
				r.step(i)
				r.tick()
			}
			r.concurrent(24)
			store := analyticsdb.New(r.h.db)
			ms, err := store.Check(ctx)
			must(t, err)
			if len(ms) > 0 {
				t.Fatalf("rollups differ from the base tables (seed %d): %v", seed, ms)
			}
			r.assertOverviewMatchesOrders(store, int64(steps/8))
			if ms, err := profitdb.New(r.h.db).Check(ctx); err != nil || len(ms) > 0 {
				t.Fatalf("profit facts differ from their recomputation (seed %d): %v %v", seed, ms, err)
			}
			r.h.assertInvariants(t)

			_, err = r.h.db.Writer().ExecContext(ctx, `UPDATE analytics_sales SET gmv_minor = gmv_minor + 1 WHERE hour = (SELECT MIN(hour) FROM analytics_sales)`)
			must(t, err)
			if ms, err := store.Check(ctx); err != nil || len(ms) != 1 || ms[0].Figure != "gmv" || ms[0].Rolled != ms[0].Base+1 {
				t.Fatalf("a rollup one fen off: check = %v %v", ms, err)
			}
		})
	}
}

// step does one random thing to the orders.
func (r *rollupRig) step(i int) {
	if len(r.known) == 0 || r.rng.IntN(3) == 0 {
		r.send(r.fresh(fmt.Sprintf("R-%d", i)))
		return
	}
	in := r.known[r.rng.IntN(len(r.known))]
	id := r.ids[in.Order.ExternalID]
	key := fmt.Sprintf("k-%d", i)
	var err error
	switch r.rng.IntN(8) {
	case 0: // the same version again
		r.send(in)
	case 1: // a newer version with other lines or amounts
		next := in
		next.Order.Version++
		next.Order.Lines = r.lines()
		r.send(next)
	case 2: // the platform cancels or refunds it
		next := in
		next.Order.Version++
		next.Order.Status = []order.Status{order.Cancelled, order.Refunded, order.Paid}[r.rng.IntN(3)]
		r.send(next)
	case 3:
		_, err = r.h.orders.Ship(ctx, id, key, "SF", "SF"+key)
	case 4:
		_, err = r.h.orders.RefundPart(ctx, id, key, money.New(int64(1+r.rng.IntN(1500)), "CNY"))
	case 5:
		_, err = r.h.orders.Return(ctx, id, key, []app.ReturnLine{{Line: 1, Quantity: 1}}, true)
	case 6:
		_, err = r.h.orders.Cancel(ctx, id, key)
	case 7:
		_, err = r.h.orders.Refund(ctx, id, key)
	}
	_ = err // a move the order cannot make is refused whole, which is part of the history too
}

func (r *rollupRig) fresh(ext string) app.Input {
	in := paid(ext, 1)
	in.Order.Lines = r.lines()
	in.Order.CreatedAt = r.clock().Add(-time.Duration(r.rng.IntN(72)) * time.Hour)
	if r.rng.IntN(4) == 0 {
		in.Order.Status, in.Order.PaidAt = order.AwaitingPayment, time.Time{}
	}
	return in
}

func (r *rollupRig) lines() []order.Line {
	skus := []string{"TEA-250", "TEA-500", "CUP", "GIFT"}
	n := 1 + r.rng.IntN(3)
	out := make([]order.Line, n)
	for i := range out {
		out[i] = order.Line{SKU: skus[r.rng.IntN(len(skus))], Quantity: int64(1 + r.rng.IntN(3)), UnitPrice: cny(int64(100 + r.rng.IntN(5000)))}
	}
	return out
}

// send ingests in; a version the order cannot take is refused, as a
// platform's bad message would be.
func (r *rollupRig) send(in app.Input) {
	res := r.h.orders.Ingest(ctx, in)
	if res.Err != nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.ids[in.Order.ExternalID]; !ok {
		r.known = append(r.known, in)
	} else {
		for i := range r.known {
			if r.known[i].Order.ExternalID == in.Order.ExternalID && r.known[i].Order.Version < in.Order.Version {
				r.known[i] = in
			}
		}
	}
	r.ids[in.Order.ExternalID] = res.Order.ID
}

// concurrent ingests n new orders and n newer versions at once, so they
// commit in groups that share rollup rows.
func (r *rollupRig) concurrent(n int) {
	var ins []app.Input
	for i := range n {
		ins = append(ins, r.fresh(fmt.Sprintf("C-%d", i)))
		if i < len(r.known) {
			next := r.known[i]
			next.Order.Version++
			next.Order.Lines = r.lines()
			ins = append(ins, next)
		}
	}
	var wg sync.WaitGroup
	for _, in := range ins {
		wg.Go(func() { r.send(in) })
	}
	wg.Wait()
}

// assertOverviewMatchesOrders sums the stored orders as the overview
// defines GMV and refunds, independently of the rollup SQL; fewer than
// minOrders counted orders (an eighth of the steps) proves too little.
func (r *rollupRig) assertOverviewMatchesOrders(s *analyticsdb.Store, minOrders int64) {
	r.t.Helper()
	var gmv, refunds, orders int64
	for _, rec := range r.h.allOrders(r.t) {
		total, err := rec.Total()
		must(r.t, err)
		if rec.Status != order.AwaitingPayment && rec.Status != order.Cancelled {
			gmv, orders = gmv+total.Minor(), orders+1
		}
		switch {
		case rec.Status == order.Refunded && rec.Refunded == 0:
			refunds += total.Minor()
		default:
			refunds += rec.Refunded
		}
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	rg := analytics.Range{From: time.Date(2026, 1, 1, 0, 0, 0, 0, loc), To: time.Date(2027, 12, 31, 0, 0, 0, 0, loc), Loc: loc}
	lo, hi := rg.Hours()
	rows, err := s.Rows(ctx, analytics.Filter{FromHour: lo, ToHour: hi})
	must(r.t, err)
	ov := analytics.Summarise(rg, rows)
	off, ok := rg.FixedOffset()
	if !ok || off != 8 {
		r.t.Fatalf("Asia/Shanghai: offset %d, fixed %v", off, ok)
	}
	days, err := s.Rows(ctx, analytics.Filter{FromHour: lo, ToHour: hi, DaysAt: &off})
	must(r.t, err)
	if folded := analytics.Summarise(rg, days); !reflect.DeepEqual(folded, ov) || len(days) >= len(rows) && len(rows) > 30 {
		r.t.Fatalf("days summed by the database %+v, by hour %+v (%d rows against %d)", folded, ov, len(days), len(rows))
	}
	if len(ov.Totals) != 1 {
		r.t.Fatalf("totals = %+v", ov.Totals)
	}
	got := ov.Totals[0]
	if got.GMV != cny(gmv).String() || got.Orders != orders || got.Refunds != cny(refunds).String() {
		r.t.Fatalf("overview %+v, the orders add up to GMV %s, %d orders, refunds %s", got, cny(gmv), orders, cny(refunds))
	}
	if orders < minOrders || refunds == 0 || got.Revenue == "0.00" || got.COGS == "0.00" {
		r.t.Fatalf("the history was too tame to prove much: %+v", got)
	}
}
