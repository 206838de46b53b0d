package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/inventory"
	"pgregory.net/rapid"
)

// stockModel is the reference for the stock property test: plain maps.
type stockModel struct {
	levels map[[2]string]*inventory.Level
	held   map[string]inventory.Line // reservation id → line, while held
	done   map[string]bool           // reservation ids resolved
	ids    []string
}

func (m *stockModel) level(l inventory.Line) *inventory.Level {
	k := [2]string{l.SKU, l.Warehouse}
	if m.levels[k] == nil {
		m.levels[k] = &inventory.Level{SKU: l.SKU, Warehouse: l.Warehouse}
	}
	return m.levels[k]
}

// covers reports whether the model has stock for all lines together.
func (m *stockModel) covers(lines []inventory.Line) bool {
	need := map[[2]string]int64{}
	for _, l := range lines {
		need[[2]string{l.SKU, l.Warehouse}] += l.Quantity
	}
	for k, q := range need {
		lv := m.levels[k]
		if lv == nil || lv.Available() < q {
			return false
		}
	}
	return true
}

// ExerciseStockProperties runs random receipts, adjustments, reservations,
// releases, shipments and replays against the model on a fresh database per
// check, comparing every level after every step. It returns the steps run.
func ExerciseStockProperties(t *testing.T, fresh Fresh, stepsPerCheck int) int64 {
	var steps int64
	next, stop := prefetch(fresh)
	defer stop()
	rapid.Check(t, func(rt *rapid.T) {
		db, done, err := next()
		if err != nil {
			rt.Fatal(err)
		}
		defer done()
		p := &stockProp{t: rt, s: NewStock(db),
			m: &stockModel{levels: map[[2]string]*inventory.Level{}, held: map[string]inventory.Line{}, done: map[string]bool{}}}
		for _, wh := range []string{"SH", "GZ"} {
			_, err := p.s.CreateWarehouse(context.Background(), inventory.Warehouse{Code: wh, Name: wh, Active: true})
			p.must(err)
		}
		actions := []func(){p.receive, p.adjust, p.transfer, p.reserve, p.reserve, p.resolve, p.replayReceipt, p.reuseReservationKey}
		for range stepsPerCheck {
			rapid.SampledFrom(actions).Draw(rt, "action")()
			p.compare()
			steps++
		}
	})
	return steps
}

type stockProp struct {
	t        *rapid.T
	s        *Stock
	m        *stockModel
	seq      int
	receipts []inventory.Line
}

func (p *stockProp) must(err error) {
	if err != nil {
		p.t.Fatal(err)
	}
}

func (p *stockProp) key() string { p.seq++; return fmt.Sprint("k", p.seq) }

func (p *stockProp) line(maxQty int64) inventory.Line {
	return inventory.Line{SKU: rapid.SampledFrom([]string{"A", "B", "C"}).Draw(p.t, "sku"),
		Warehouse: rapid.SampledFrom([]string{"SH", "GZ"}).Draw(p.t, "warehouse"),
		Quantity:  rapid.Int64Range(1, maxQty).Draw(p.t, "quantity")}
}

func (p *stockProp) receive() {
	l := p.line(50)
	_, _, err := p.s.Receive(context.Background(), fmt.Sprint("r", len(p.receipts)), l)
	p.must(err)
	p.receipts = append(p.receipts, l)
	p.m.level(l).OnHand += l.Quantity
}

func (p *stockProp) replayReceipt() {
	if len(p.receipts) == 0 {
		return
	}
	i := rapid.IntRange(0, len(p.receipts)-1).Draw(p.t, "receipt")
	_, replayed, err := p.s.Receive(context.Background(), fmt.Sprint("r", i), p.receipts[i])
	if err != nil || !replayed {
		p.t.Fatalf("replayed receipt %d: replayed=%v err=%v", i, replayed, err)
	}
}

func (p *stockProp) adjust() {
	l := p.line(30)
	if rapid.Bool().Draw(p.t, "down") {
		l.Quantity = -l.Quantity
	}
	_, _, err := p.s.Adjust(context.Background(), p.key(), l)
	lv := p.m.level(l)
	if lv.OnHand+l.Quantity < lv.Reserved {
		p.expect(err, fault.Conflict)
		return
	}
	p.must(err)
	lv.OnHand += l.Quantity
}

func (p *stockProp) transfer() {
	l := p.line(30)
	to := map[string]string{"SH": "GZ", "GZ": "SH"}[l.Warehouse]
	_, _, _, err := p.s.Transfer(context.Background(), p.key(), l, to)
	if !p.m.covers([]inventory.Line{l}) {
		p.expect(err, fault.Conflict)
		return
	}
	p.must(err)
	p.m.level(l).OnHand -= l.Quantity
	p.m.level(inventory.Line{SKU: l.SKU, Warehouse: to}).OnHand += l.Quantity
}

// reserve runs a group of one to three requests in one transaction, as
// ingestion does; the model decides them in order.
func (p *stockProp) reserve() {
	reqs := make([]inventory.ReserveRequest, rapid.IntRange(1, 3).Draw(p.t, "requests"))
	for i := range reqs {
		reqs[i] = inventory.ReserveRequest{Key: p.key(), Ref: "order", Lines: make([]inventory.Line, rapid.IntRange(1, 3).Draw(p.t, "lines"))}
		for j := range reqs[i].Lines {
			reqs[i].Lines[j] = p.line(20)
		}
	}
	outs, err := p.s.Reserve(context.Background(), reqs...)
	p.must(err)
	for i, r := range reqs {
		if !p.m.covers(r.Lines) {
			p.expect(outs[i].Err, fault.Conflict)
			continue
		}
		p.must(outs[i].Err)
		for _, res := range outs[i].Reservations {
			p.m.level(res.Line).Reserved += res.Quantity
			p.m.held[res.ID] = res.Line
			p.m.ids = append(p.m.ids, res.ID)
		}
	}
}

// reuseReservationKey reserves under a key that made a reservation before:
// a request the stock covers fails the transaction, nothing changes (compare
// checks), and one it does not cover is refused as ever.
func (p *stockProp) reuseReservationKey() {
	if len(p.m.ids) == 0 {
		return
	}
	id := rapid.SampledFrom(p.m.ids).Draw(p.t, "reused")
	key, l := id[:strings.LastIndex(id, "#")], p.line(5)
	_, err := p.s.ReserveOne(context.Background(), key, "order", l)
	if !p.m.covers([]inventory.Line{l}) {
		p.expect(err, fault.Conflict)
		return
	}
	if err == nil || fault.KindOf(err) == fault.Conflict {
		p.t.Fatalf("reserve under used key %s: %v, want the transaction to fail", key, err)
	}
}

func (p *stockProp) resolve() {
	if len(p.m.ids) == 0 {
		return
	}
	id := rapid.SampledFrom(p.m.ids).Draw(p.t, "reservation")
	ship := rapid.Bool().Draw(p.t, "ship")
	resolve := p.s.Release
	if ship {
		resolve = p.s.Ship
	}
	_, _, err := resolve(context.Background(), p.key(), id)
	l, held := p.m.held[id]
	if !held {
		p.expect(err, fault.Conflict)
		return
	}
	p.must(err)
	lv := p.m.level(l)
	lv.Reserved -= l.Quantity
	if ship {
		lv.OnHand -= l.Quantity
	}
	delete(p.m.held, id)
}

func (p *stockProp) expect(err error, k fault.Kind) {
	if err == nil || fault.KindOf(err) != k {
		p.t.Fatalf("error = %v, want kind %v", err, k)
	}
}

func (p *stockProp) compare() {
	ls, err := p.s.Levels(context.Background())
	p.must(err)
	seen := map[[2]string]bool{}
	for _, l := range ls {
		want := p.m.level(inventory.Line{SKU: l.SKU, Warehouse: l.Warehouse})
		if l.OnHand != want.OnHand || l.Reserved != want.Reserved {
			p.t.Fatalf("level %s@%s = %d/%d, model %d/%d", l.SKU, l.Warehouse, l.OnHand, l.Reserved, want.OnHand, want.Reserved)
		}
		seen[[2]string{l.SKU, l.Warehouse}] = true
	}
	for k, lv := range p.m.levels {
		if !seen[k] && (lv.OnHand != 0 || lv.Reserved != 0) {
			p.t.Fatalf("model has %s@%s at %d/%d; the database has no such level", k[0], k[1], lv.OnHand, lv.Reserved)
		}
	}
	_, problems, err := p.s.Check(context.Background())
	p.must(err)
	if len(problems) > 0 {
		p.t.Fatalf("stock invariants: %v", problems)
	}
}
