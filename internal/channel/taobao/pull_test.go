package taobao_test

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/sandbox/top"
)

func TestPullOrders_FindsExactlyTheWindowAcrossPagesAndDays(t *testing.T) {
	var calls atomic.Int64
	count := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.Add(1); h.ServeHTTP(w, r) })
	}
	e := newEnv(t, count, map[string]string{"page_size": "7"})
	b := base()
	w := channel.Window{From: b.Add(6 * time.Hour), To: b.Add(78*time.Hour + 30*time.Second)} // four pieces, the last of six hours
	want := map[string]bool{}
	for i := range 330 { // one every 17 minutes 13 seconds, from before the window to after it
		m := b.Add(time.Duration(i) * (17*time.Minute + 13*time.Second))
		tid := int64(1000 + i)
		e.add(t, trade(tid, m))
		if !m.Before(w.From) && m.Before(w.To) {
			want[strconv.FormatInt(tid, 10)] = true
		}
	}
	got, pages := e.pullAll(t, w)
	if !maps.Equal(ids(got), want) {
		t.Fatalf("pulled %d trades, the window holds %d; missing %v, extra %v", len(got), len(want), missing(want, got), extra(want, got))
	}
	if pages < len(want)/7 || calls.Load() < int64(pages) {
		t.Fatalf("%d trades in %d pages and %d calls: not paged 7 at a time", len(want), pages, calls.Load())
	}
	o := got["1100"]
	if o.Order.Channel != "tmall" || o.Order.Shop != "shop-1" || o.Order.Status != "paid" || o.PaidTotal.String() != "25.00" {
		t.Fatalf("trade 1100 mapped as %+v, paid %v", o.Order, o.PaidTotal)
	}
}

func TestPullOrders_TradesModifiedDuringPagingAreNotMissed(t *testing.T) {
	b := base()
	w := channel.Window{From: b, To: b.Add(20 * time.Hour)}
	var e *env
	var calls atomic.Int64
	churn := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			switch calls.Add(1) {
			case 3: // the newest trades and some in the middle move out of the window, to now
				for _, tid := range []int64{2099, 2098, 2097, 2060, 2050, 2040} {
					if err := e.gw.UpdateTrade(tid, func(tr *top.Trade) { tr.Status = "WAIT_BUYER_CONFIRM_GOODS" }); err != nil {
						t.Error(err)
					}
				}
			case 5: // a late trade lands in the window's newest hour, shifting every page
				if err := e.gw.AddTrade(trade(2500, b.Add(19*time.Hour+30*time.Minute))); err != nil {
					t.Error(err)
				}
			}
			h.ServeHTTP(rw, r)
		})
	}
	e = newEnv(t, churn, map[string]string{"page_size": "7"})
	for i := range 100 {
		e.add(t, trade(int64(2000+i), b.Add(time.Duration(i)*11*time.Minute)))
	}
	got, _ := e.pullAll(t, w)
	for i := range 100 {
		tid := int64(2000 + i)
		tr, _ := e.gw.Trade(tid)
		if _, ok := got[strconv.FormatInt(tid, 10)]; !ok && tr.Modified.Before(w.To) {
			t.Errorf("trade %d, still in the window, was missed", tid)
		}
	}
	if _, ok := got["2500"]; !ok {
		t.Error("the trade that arrived during paging was missed")
	}
	// The trades that moved out are found, changed, by the next window.
	now := time.Now()
	later, _ := e.pullAll(t, channel.Window{From: w.To, To: now.Add(time.Minute)})
	for _, id := range []string{"2099", "2098", "2097", "2060", "2050", "2040"} {
		if o, ok := later[id]; !ok || o.Order.Version <= got[id].Order.Version && got[id].Order.ExternalID != "" {
			t.Errorf("trade %s not found again with a newer version by the next window", id)
		}
	}
	if len(later) != 6 {
		t.Errorf("the next window holds %d trades, want the 6 that moved", len(later))
	}
}

func TestPullOrders_EmptyWindowAndBadCursor(t *testing.T) {
	e := newEnv(t, nil, nil)
	b := base()
	got, _ := e.pullAll(t, channel.Window{From: b, To: b.Add(50 * time.Hour)})
	if len(got) != 0 {
		t.Fatalf("an empty shop gave %d trades", len(got))
	}
	p, err := e.k.PullOrders(t.Context(), channel.Window{From: b, To: b}, "")
	if err != nil || p.Next != "" || len(p.Orders) != 0 {
		t.Fatalf("an empty window: %+v, %v", p, err)
	}
	_, err = e.k.PullOrders(t.Context(), channel.Window{From: b, To: b.Add(time.Hour)}, "not-a-cursor")
	kindIs(t, err, channel.Rejected)
}

func ids(m map[string]channel.Order) map[string]bool {
	out := map[string]bool{}
	for id := range m {
		out[id] = true
	}
	return out
}

func missing(want map[string]bool, got map[string]channel.Order) []string {
	var out []string
	for id := range want {
		if _, ok := got[id]; !ok {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

func extra(want map[string]bool, got map[string]channel.Order) []string {
	var out []string
	for id := range got {
		if !want[id] {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

func TestPullOrders_WindowExcludesItsEnd(t *testing.T) {
	e := newEnv(t, nil, nil)
	b := base()
	w := channel.Window{From: b, To: b.Add(time.Hour)}
	e.add(t, trade(4001, b.Add(-time.Second)), trade(4002, b), trade(4003, b.Add(time.Hour-time.Second)), trade(4004, b.Add(time.Hour)))
	got, _ := e.pullAll(t, w)
	if want := map[string]bool{"4002": true, "4003": true}; !maps.Equal(ids(got), want) {
		t.Fatalf("pulled %v, want %v", ids(got), want)
	}
}
