package app_test

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/channel/channeldb"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// platformOrders is a platform's side of a pull: orders with the time
// the platform last changed each, paged two at a time.
type platformOrders struct {
	mu      sync.Mutex
	orders  map[string]channel.Order
	changed map[string]time.Time
	fail    error // the next PullOrders fails with it
	windows []channel.Window
}

func (p *platformOrders) put(o order.Order, at time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.orders[o.ExternalID] = channel.Order{Order: o, Raw: []byte(`{"tid":"` + o.ExternalID + `"}`)}
	p.changed[o.ExternalID] = at
}

func (p *platformOrders) PullOrders(_ context.Context, w channel.Window, cursor string) (channel.Page, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.fail; err != nil {
		p.fail = nil
		return channel.Page{}, err
	}
	if cursor == "" {
		p.windows = append(p.windows, w)
	}
	var ids []string
	for id, at := range p.changed {
		if !at.Before(w.From) && at.Before(w.To) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	start := 0
	for start < len(ids) && ids[start] <= cursor {
		start++
	}
	page := channel.Page{}
	for _, id := range ids[start:min(start+2, len(ids))] {
		page.Orders = append(page.Orders, p.orders[id])
		page.Next = id
	}
	if start+2 >= len(ids) {
		page.Next = ""
	}
	return page, nil
}

func (p *platformOrders) FetchOrder(context.Context, string) (channel.Order, error) {
	return channel.Order{}, &channel.Error{Kind: channel.NotFound}
}
func (p *platformOrders) VerifyWebhook(http.Header, []byte) (channel.Message, error) {
	return channel.Message{}, &channel.Error{Kind: channel.Rejected}
}
func (p *platformOrders) ReadWebhook(channel.Message, []byte) ([]channel.Order, error) {
	return nil, nil
}
func (p *platformOrders) PushStock(context.Context, channel.StockPush) (channel.StockResult, error) {
	return channel.StockResult{}, nil
}
func (p *platformOrders) PushShipment(context.Context, channel.Shipment) error { return nil }

// onePlatform serves every shop with one connector that pulls.
type onePlatform struct{ c channel.Connector }

func (o onePlatform) Connector(context.Context, shop.Shop, string) (channel.Connector, error) {
	return o.c, nil
}
func (o onePlatform) Puller(shop.Shop) (string, bool) { return "fake", true }

func tmallPaid(ext string, version int64) order.Order {
	o := paid(ext, version, "TEA-250").Order
	o.Channel, o.Shop = "tmall", "T1"
	return o
}

func TestPullsOverlapFindWhatWasMissed(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			h := newTmallHub(t, e.Open, false)
			h.receive(t, "r1", "TEA-250", "SH", 100)
			now := time.Date(2026, 11, 11, 12, 0, 0, 0, time.UTC)
			clock := func() time.Time { return now }
			plat := &platformOrders{orders: map[string]channel.Order{}, changed: map[string]time.Time{}}
			pulls := app.NewPulls(h.orders, h.shops, onePlatform{plat}, app.PullOptions{Now: clock, Overlap: 10 * time.Minute})

			for i, ext := range []string{"A", "B", "C", "D", "E"} {
				plat.put(tmallPaid(ext, 1), now.Add(-time.Duration(i+1)*time.Hour))
			}
			plat.put(tmallPaid("OLD", 1), now.Add(-25*time.Hour)) // before the first pull's reach
			res, err := pulls.Pull(ctx, "T1")
			must(t, err)
			if res.Orders != 5 || !res.Window.From.Equal(now.Add(-24*time.Hour)) || !res.Window.To.Equal(now) {
				t.Fatalf("first pull: %+v", res)
			}

			// Later: one order changes, and one the platform indexed late
			// carries a change time before the watermark but within the overlap.
			now = now.Add(time.Minute)
			plat.put(tmallPaid("A", 2), now.Add(-30*time.Second))
			plat.put(tmallPaid("LATE", 1), now.Add(-5*time.Minute))
			plat.fail = &channel.Error{Kind: channel.Unavailable, Platform: "fake", Message: "down"}
			if _, err := pulls.Pull(ctx, "T1"); err == nil {
				t.Fatal("a failed pull must fail its job, to be retried")
			}
			res, err = pulls.Pull(ctx, "T1")
			must(t, err)
			if !res.Window.From.Equal(now.Add(-time.Minute - 10*time.Minute)) {
				t.Fatalf("after a failure the next pull starts from the old watermark less the overlap: %+v", res.Window)
			}
			if res.Orders != 2 {
				t.Fatalf("second pull read %d orders, want A v2 and LATE", res.Orders)
			}
			recs, err := h.orders.List(ctx, orderListAll())
			must(t, err)
			got := map[string]int64{}
			for _, r := range recs {
				got[r.ExternalID] = r.Version
			}
			want := map[string]int64{"A": 2, "B": 1, "C": 1, "D": 1, "E": 1, "LATE": 1}
			if len(got) != len(want) {
				t.Fatalf("orders %v, want %v", got, want)
			}
			for k, v := range want {
				if got[k] != v {
					t.Fatalf("orders %v, want %v", got, want)
				}
			}
			// A pull that reads only what it has seen changes nothing.
			res, err = pulls.Pull(ctx, "T1")
			must(t, err)
			after, err := h.orders.List(ctx, orderListAll())
			must(t, err)
			if res.Orders != 2 || len(after) != len(recs) {
				t.Fatalf("a repeated pull: %+v, %d orders", res, len(after))
			}
			h.assertInvariants(t)
		})
	}
}

// runBudget is a connector whose run is cut short after a number of
// pages, as the job queue cancels a pull.shop run whose minute is up
// while a large window is still being paged.
type runBudget struct {
	channel.Connector
	left   int                // pages this run may still read
	cancel context.CancelFunc // ends the run
}

func (r *runBudget) PullOrders(ctx context.Context, w channel.Window, cursor string) (channel.Page, error) {
	if r.left == 0 {
		r.cancel()
		return channel.Page{}, &channel.Error{Kind: channel.Unavailable, Platform: "fake", Message: "the run's time is up", Err: ctx.Err()}
	}
	r.left--
	return r.Connector.PullOrders(ctx, w, cursor)
}

// TestPullsKeepTheProgressOfARunCutShort: a first pull whose day of
// orders takes more pages than one run may read still gets through it
// over a few runs, because each run keeps the slices of the window it
// finished, and records why it stopped although its context is done.
// Before, every run paged the same start of the window again and the
// watermark never moved.
func TestPullsKeepTheProgressOfARunCutShort(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			h := newTmallHub(t, e.Open, false)
			h.receive(t, "r1", "TEA-250", "SH", 1000)
			now := time.Date(2026, 11, 11, 12, 0, 0, 0, time.UTC)
			plat := &platformOrders{orders: map[string]channel.Order{}, changed: map[string]time.Time{}}
			for i := range 48 { // one every half hour of the first pull's day
				plat.put(tmallPaid(fmt.Sprintf("O%02d", i), 1), now.Add(-time.Duration(i)*30*time.Minute-time.Minute))
			}
			cut := &runBudget{Connector: plat}
			pulls := app.NewPulls(h.orders, h.shops, onePlatform{cut}, app.PullOptions{Now: func() time.Time { return now }})

			var err error
			runs := 0
			for ; runs < 40; runs++ {
				run, cancel := context.WithCancel(ctx)
				cut.left, cut.cancel = 4, cancel // eight orders' worth of pages: a sixth of the day
				_, err = pulls.Pull(run, "T1")
				cancel()
				if err == nil {
					break
				}
				if wm := watermark(t, h, "T1"); wm.LastError == "" || !wm.LastRunAt.Equal(now) {
					t.Fatalf("run %d was cut short and recorded %+v", runs+1, wm)
				}
			}
			if err != nil {
				t.Fatalf("after %d runs the pull still fails: %v", runs, err)
			}
			if recs := h.allOrders(t); len(recs) != 48 {
				t.Fatalf("%d orders stored after %d runs, want 48", len(recs), runs+1)
			}
			if wm := watermark(t, h, "T1"); wm.LastError != "" || !wm.PulledTo.Equal(now) {
				t.Fatalf("the pull that got through left %+v", wm)
			}
			h.assertInvariants(t)
		})
	}
}

// watermark is the shop's stored pull watermark.
func watermark(t *testing.T, h *hub, shopID string) channel.Watermark {
	t.Helper()
	var wm channel.Watermark
	must(t, h.db.Read(ctx, func(tx *store.Tx) (err error) {
		wm, _, err = channeldb.Bind(tx).Watermark(ctx, shopID)
		return err
	}))
	return wm
}

// TestPullsSliceAWindowOnWholeSeconds: a first pull's day is read in
// slices of an hour (and at most a second) that meet on whole seconds, with nothing
// between them and nothing read twice.
func TestPullsSliceAWindowOnWholeSeconds(t *testing.T) {
	h := newTmallHub(t, storetest.SQLite, false)
	now := time.Date(2026, 11, 11, 12, 0, 0, 500_000_000, time.UTC)
	plat := &platformOrders{orders: map[string]channel.Order{}, changed: map[string]time.Time{}}
	pulls := app.NewPulls(h.orders, h.shops, onePlatform{plat}, app.PullOptions{Now: func() time.Time { return now }})
	_, err := pulls.Pull(ctx, "T1")
	must(t, err)
	ws := plat.windows
	if len(ws) != 24 || !ws[0].From.Equal(now.Add(-24*time.Hour)) || !ws[23].To.Equal(now) {
		t.Fatalf("%d slices from %v to %v, want 24 over the day to %v", len(ws), ws[0].From, ws[len(ws)-1].To, now)
	}
	for i, w := range ws {
		if w.To.Sub(w.From) > time.Hour+time.Second || (i > 0 && !w.From.Equal(ws[i-1].To)) || (i < 23 && !w.To.Equal(w.To.Truncate(time.Second))) {
			t.Fatalf("slice %d is %v to %v, after %v", i, w.From, w.To, ws[max(i-1, 0)].To)
		}
	}
}
