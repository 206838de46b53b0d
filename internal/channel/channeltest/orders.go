package channeltest

import (
	"maps"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
)

// putOrders puts one order at each time and returns their ids by time.
func (s *suite) putOrders(t *testing.T, at ...time.Time) map[string]time.Time {
	t.Helper()
	ids := map[string]time.Time{}
	for i, m := range at {
		id := s.h.PutOrder(t, OrderSpec{Modified: m, Lines: []LineSpec{s.line(i, 1)}})
		ids[id] = m
	}
	return ids
}

// line is a line for the i-th order of a subtest, with ids the platforms
// take (numeric) and a price in the simulator's currency.
func (s *suite) line(i int, qty int64) LineSpec {
	return LineSpec{
		ItemID:    strconv.Itoa(600_000_000 + i),
		SKUID:     strconv.Itoa(700_000_000 + i),
		Quantity:  qty,
		UnitPrice: money.New(int64(1999+i), s.caps.Currency),
	}
}

// pull pages through w and returns the ids of the orders it found; it
// checks what every pulled order must carry.
func (s *suite) pull(t *testing.T, conn channel.Connector, w channel.Window, maxPages int) map[string]bool {
	t.Helper()
	cfg := s.h.Config(t)
	found := map[string]bool{}
	cursor := ""
	for page := 1; ; page++ {
		if page > maxPages {
			t.Fatalf("pull of %v–%v still had a next page after %d pages", w.From, w.To, maxPages)
		}
		p, err := conn.PullOrders(t.Context(), w, cursor)
		if err != nil {
			t.Fatalf("PullOrders page %d (cursor %q): %v", page, cursor, err)
		}
		for _, o := range p.Orders {
			s.checkPulled(t, cfg, o)
			found[o.Order.ExternalID] = true
		}
		if p.Next == "" {
			return found
		}
		cursor = p.Next
	}
}

func (s *suite) checkPulled(t *testing.T, cfg channel.Config, o channel.Order) {
	t.Helper()
	oo := o.Order
	if oo.ExternalID == "" || oo.Channel != cfg.Channel || oo.Shop != cfg.Shop || oo.Version == 0 || len(o.Raw) == 0 {
		t.Errorf("pulled order %q: channel %q shop %q version %d, %d raw bytes; want channel %q, shop %q, a version and the raw JSON",
			oo.ExternalID, oo.Channel, oo.Shop, oo.Version, len(o.Raw), cfg.Channel, cfg.Shop)
	}
}

func (s *suite) pullWindow(t *testing.T) {
	from, to := s.hour(0), s.hour(2)
	n := 2*s.caps.PageSize + 1
	step := to.Sub(from) / time.Duration(n)
	var inside []time.Time
	for i := range n {
		inside = append(inside, from.Add(time.Duration(i)*step).Truncate(time.Second)) // the first at From itself
	}
	want := s.putOrders(t, inside...)
	outside := s.putOrders(t, from.Add(-time.Second), to, to.Add(30*time.Minute))

	conn, _ := s.connector(t, nil)
	got := s.pull(t, conn, channel.Window{From: from, To: to}, 4*n)
	for id, m := range want {
		if !got[id] {
			t.Errorf("order %s modified at %v, inside the window, was not pulled", id, m)
		}
	}
	for id, m := range outside {
		if got[id] {
			t.Errorf("order %s modified at %v, outside [%v, %v), was pulled", id, m, from, to)
		}
	}
	if len(got) != len(want) && !t.Failed() {
		t.Errorf("pulled %d orders, want the %d of the window", len(got), len(want))
	}
}

func (s *suite) pullOverlapping(t *testing.T) {
	from, mid, to := s.hour(3), s.hour(4), s.hour(5)
	var at []time.Time
	for m := from; m.Before(to); m = m.Add(10 * time.Minute) {
		at = append(at, m)
	}
	all := s.putOrders(t, at...)
	conn, _ := s.connector(t, nil)
	pages := 4 * len(at)
	early := channel.Window{From: from, To: mid.Add(30 * time.Minute)}
	late := channel.Window{From: mid.Add(-30 * time.Minute), To: to}
	a, again, b := s.pull(t, conn, early, pages), s.pull(t, conn, early, pages), s.pull(t, conn, late, pages)
	if !maps.Equal(a, again) {
		t.Errorf("the same window pulled twice gave %v, then %v", keys(a), keys(again))
	}
	for id, m := range all {
		inEarly, inLate := !m.Before(early.From) && m.Before(early.To), !m.Before(late.From) && m.Before(late.To)
		if a[id] != inEarly || b[id] != inLate {
			t.Errorf("order %s modified at %v: in the early window %v (want %v), in the late one %v (want %v)", id, m, a[id], inEarly, b[id], inLate)
		}
	}
}

func (s *suite) fetchOne(t *testing.T) {
	spec := OrderSpec{Modified: s.hour(6), Lines: []LineSpec{s.line(0, 2), s.line(1, 1)}}
	id := s.h.PutOrder(t, spec)
	conn, _ := s.connector(t, nil)
	o, err := conn.FetchOrder(t.Context(), id)
	if err != nil {
		t.Fatalf("FetchOrder(%s): %v", id, err)
	}
	s.checkPulled(t, s.h.Config(t), o)
	if o.Order.ExternalID != id {
		t.Fatalf("FetchOrder(%s) returned order %s", id, o.Order.ExternalID)
	}
	checkLines(t, o, spec.Lines)

	spec.ExternalID, spec.Modified = id, spec.Modified.Add(time.Minute)
	s.h.PutOrder(t, spec)
	o2, err := conn.FetchOrder(t.Context(), id)
	if err != nil {
		t.Fatalf("FetchOrder(%s) after an update: %v", id, err)
	}
	if o2.Order.Version <= o.Order.Version {
		t.Errorf("version %d after the order was modified, want more than %d", o2.Order.Version, o.Order.Version)
	}
}

// checkLines checks o has a line for each of want, by listing ids, with its
// quantity and unit price.
func checkLines(t *testing.T, o channel.Order, want []LineSpec) {
	t.Helper()
	if len(o.Order.Lines) != len(want) {
		t.Fatalf("order %s has %d lines, want %d", o.Order.ExternalID, len(o.Order.Lines), len(want))
	}
	for _, w := range want {
		i := slices.IndexFunc(o.Order.Lines, func(l order.Line) bool { return l.ExternalItemID == w.ItemID && l.ExternalSKUID == w.SKUID })
		if i < 0 {
			t.Errorf("order %s has no line for item %s SKU %s", o.Order.ExternalID, w.ItemID, w.SKUID)
			continue
		}
		l := o.Order.Lines[i]
		if l.Quantity != w.Quantity || l.UnitPrice != w.UnitPrice {
			t.Errorf("line %s/%s: %d × %v, want %d × %v", w.ItemID, w.SKUID, l.Quantity, l.UnitPrice, w.Quantity, w.UnitPrice)
		}
	}
}

func (s *suite) fetchUnknown(t *testing.T) {
	conn, _ := s.connector(t, nil)
	_, err := conn.FetchOrder(t.Context(), "987654321098")
	if k := channel.KindOf(err); k != channel.NotFound {
		t.Errorf("FetchOrder of an order the platform does not have: %v (kind %v), want NotFound", err, k)
	}
}

func keys(m map[string]bool) []string { return slices.Sorted(maps.Keys(m)) }
