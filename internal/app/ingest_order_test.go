package app_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/catalog"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/pii"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

func TestOrders(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			t.Run("a paid order is routed, reserved and booked", func(t *testing.T) { t.Parallel(); paidOrder(t, e.Open) })
			t.Run("exceptions hold an order until fixed", func(t *testing.T) { t.Parallel(); holds(t, e.Open) })
			t.Run("cancel and ship", func(t *testing.T) { t.Parallel(); cancelAndShip(t, e.Open) })
			t.Run("duplicates and shuffled versions have one effect", func(t *testing.T) { t.Parallel(); shuffledVersions(t, e.Open) })
			t.Run("2,000 buyers for 100 units", func(t *testing.T) { t.Parallel(); flashSale(t, e.Open) })
			t.Run("partial refunds add up to a full one", func(t *testing.T) { t.Parallel(); partialRefunds(t, e.Open) })
			t.Run("check catches an order moved back", func(t *testing.T) { t.Parallel(); checkCatches(t, e.Open) })
		})
	}
}

func paidOrder(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	h.receive(t, "po-1", "TEA-250", "SH", 10)
	h.receive(t, "po-2", "TEA-250", "GZ", 5)
	h.receive(t, "po-3", "CUP", "GZ", 5)
	// TEA-250 and a gift box of 2 × TEA-250 + 1 × CUP: only GZ has cups, so
	// the whole order ships from GZ although SH comes first.
	r := h.ingest(t, paid("A1", 1, "TEA-250", "GIFT"))
	if r.Effect != app.EffectCreated || r.Order.Status != order.Allocated || r.Order.Warehouse != "GZ" {
		t.Fatalf("result = %s, status %s, warehouse %q, hold %+v", r.Effect, r.Order.Status, r.Order.Warehouse, r.Order.Hold)
	}
	levels := map[string]int64{}
	ls, err := h.stock.Levels(ctx)
	must(t, err)
	for _, l := range ls {
		levels[l.SKU+"@"+l.Warehouse] = l.Reserved
	}
	if levels["TEA-250@GZ"] != 3 || levels["CUP@GZ"] != 1 || levels["TEA-250@SH"] != 0 {
		t.Fatalf("reserved = %v", levels)
	}
	balances := h.balances(t)
	if balances["1122"] != 2000 || balances["2203"] != -2000 {
		t.Fatalf("balances = %v, want 1122 = 20.00 and 2203 = -20.00", balances)
	}
	again := h.ingest(t, paid("A1", 1, "TEA-250", "GIFT"))
	if !again.Replayed || again.Effect != app.EffectDuplicate || again.Order.ID != r.Order.ID {
		t.Fatalf("replay = %+v", again)
	}
	if r := h.ingest(t, paid("A1", 3, "TEA-250", "GIFT")); r.Effect != app.EffectApplied || r.Order.Status != order.Allocated {
		t.Fatalf("a newer version saying paid again: %s %s", r.Effect, r.Order.Status)
	}
	if r := h.ingest(t, paid("A1", 2, "TEA-250", "GIFT")); r.Effect != app.EffectStale || r.Replayed || r.Order.Version != 3 {
		t.Fatalf("an older version: %s replayed %v version %d", r.Effect, r.Replayed, r.Order.Version)
	}
	versions, err := h.orders.Versions(ctx, r.Order.ID)
	must(t, err)
	if len(versions) != 3 || versions[1].Effect != "stale" {
		t.Fatalf("versions = %+v", versions)
	}
	withContact := paid("A2", 1, "TEA-250")
	withContact.Contact = &pii.Contact{Name: "张三", Phone: "13812345678", Province: "上海", Detail: "南京路 1 号"}
	withContact.Raw = []byte(`{"contact":{"phone":"13812345678"}}`)
	h.ingest(t, withContact)
	must(t, h.db.Read(ctx, func(tx *store.Tx) error {
		rows, err := tx.Query(ctx, `SELECT body FROM raw_events`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var body []byte
			if err := rows.Scan(&body); err != nil {
				return err
			}
			if strings.Contains(string(body), "13812345678") || strings.Contains(string(body), "external_id") {
				t.Errorf("a raw payload is stored in plain text: %q", body)
			}
		}
		return rows.Err()
	}))
	events, err := h.orders.Events(ctx, r.Order.ID)
	must(t, err)
	var topics []string
	for _, e := range events {
		topics = append(topics, string(e.Topic))
	}
	if fmt.Sprint(topics) != "[order.ingested stock.reserved journal.posted]" {
		t.Fatalf("events = %v", topics)
	}
	h.assertInvariants(t)
}

func holds(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	in := paid("B1", 1)
	in.Order.Lines = []order.Line{{ExternalItemID: "tb-9", ExternalSKUID: "s-1", Quantity: 2, UnitPrice: cny(1500)}}
	r := h.ingest(t, in)
	if r.Order.Status != order.OnHold || r.Order.Hold.Reason != order.HoldUnmapped {
		t.Fatalf("unmapped order: %s %+v", r.Order.Status, r.Order.Hold)
	}
	if _, err := h.orders.Retry(ctx, r.Order.ID, ""); err != nil {
		t.Fatal(err)
	}
	_, err := h.cat.PutListing(ctx, catalog.Listing{Channel: "web", Shop: "S1", ExternalItemID: "tb-9", ExternalSKUID: "s-1", SKU: "TEA-500"})
	must(t, err)
	got, err := h.orders.Retry(ctx, r.Order.ID, "")
	must(t, err)
	if got.Order.Status != order.OnHold || got.Order.Hold.Reason != order.HoldNoStock || got.Order.Lines[0].SKU != "TEA-500" {
		t.Fatalf("mapped, no stock: %s %+v lines %+v", got.Order.Status, got.Order.Hold, got.Order.Lines)
	}
	h.receive(t, "po-1", "TEA-500", "GZ", 2)
	released, still, err := h.orders.RetryHolds(ctx)
	must(t, err)
	now, err := h.orders.Get(ctx, r.Order.ID)
	must(t, err)
	if released != 1 || still != 0 || now.Status != order.Allocated || now.Hold != nil || now.Lines[0].Tax.Minor() != 345 {
		t.Fatalf("after stock: released %d still %d, %s %+v, tax %s", released, still, now.Status, now.Hold, now.Lines[0].Tax)
	}
	unknown := h.ingest(t, paid("B3", 1, "NO-SUCH-SKU"))
	if unknown.Order.Status != order.OnHold || unknown.Order.Hold.Reason != order.HoldUnmapped || unknown.Order.Lines[0].SKU != "NO-SUCH-SKU" {
		t.Fatalf("an unknown SKU code: %s %+v", unknown.Order.Status, unknown.Order.Hold)
	}
	mismatch := paid("B2", 1, "TEA-500")
	wrong := cny(999)
	mismatch.PaidTotal = &wrong
	r = h.ingest(t, mismatch)
	if r.Order.Hold == nil || r.Order.Hold.Reason != order.HoldAmount {
		t.Fatalf("amount mismatch: %+v", r.Order.Hold)
	}
	_, err = h.orders.Retry(ctx, r.Order.ID, "")
	if !fault.Is(err, fault.Conflict) {
		t.Fatalf("retrying an amount mismatch = %v, want a Conflict: a person approves it", err)
	}
	h.assertInvariants(t)
}

func cancelAndShip(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	h.receive(t, "po-1", "TEA-250", "SH", 10)
	a := h.ingest(t, paid("C1", 1, "TEA-250"))
	cancel := paid("C1", 2, "TEA-250")
	cancel.Order.Status = order.Cancelled
	c := h.ingest(t, cancel)
	if c.Effect != app.EffectApplied || c.Order.Status != order.Cancelled || c.Order.UndoEntry == 0 {
		t.Fatalf("cancel: %s %s undo %d", c.Effect, c.Order.Status, c.Order.UndoEntry)
	}
	if b := h.balances(t); b["1122"] != 0 || b["2203"] != 0 {
		t.Fatalf("after cancel: %v", b)
	}
	if r := h.orders.Ingest(ctx, paid("C1", 3, "TEA-250")); !fault.Is(r.Err, fault.Conflict) {
		t.Fatalf("paid again after a cancellation: %+v, want a Conflict", r)
	}
	_, err := h.orders.Ship(ctx, a.Order.ID, "", "SF", "SF100")
	if !fault.Is(err, fault.Conflict) {
		t.Fatalf("shipping a cancelled order = %v, want Conflict", err)
	}
	// The seller changes the price before the buyer pays (改价): the paid
	// version's lines are what is booked.
	unpaid := paid("C3", 1, "TEA-250")
	unpaid.Order.Status = order.AwaitingPayment
	h.ingest(t, unpaid)
	cheaper := paid("C3", 2, "TEA-250")
	cheaper.Order.Lines[0].UnitPrice = cny(800)
	if r := h.ingest(t, cheaper); r.Order.Status != order.Allocated || r.Order.Lines[0].Total.Minor() != 800 {
		t.Fatalf("repriced: %s %+v", r.Order.Status, r.Order.Lines)
	}
	if b := h.balances(t); b["1122"] != 800 {
		t.Fatalf("the repriced order booked %d, want 8.00", b["1122"])
	}
	got, err := h.orders.Get(ctx, c.Order.ID+1)
	must(t, err)
	if got.ExternalID != "C3" || got.Lines[0].UnitPrice.Minor() != 800 {
		t.Fatalf("stored: %s %+v", got.ExternalID, got.Lines)
	}
	refundUnpaid := paid("C4", 1, "TEA-250")
	refundUnpaid.Order.Status = order.AwaitingPayment
	h.ingest(t, refundUnpaid)
	refundUnpaid.Order.Version, refundUnpaid.Order.Status = 2, order.Refunded
	refundUnpaid.Order.Lines[0].UnitPrice = cny(1)
	if r := h.orders.Ingest(ctx, refundUnpaid); !fault.Is(r.Err, fault.Conflict) {
		t.Fatalf("refunded while unpaid: %+v, want a Conflict", r)
	}
	if got, err := h.orders.List(ctx, order.Filter{Limit: 10}); err != nil || got[0].ExternalID != "C4" || got[0].Lines[0].UnitPrice.Minor() != 1000 || got[0].Version != 1 {
		t.Fatalf("a refused version changed the order: %+v %v", got[0], err)
	}
	cancelC3 := paid("C3", 3, "TEA-250")
	cancelC3.Order.Status = order.Cancelled
	h.ingest(t, cancelC3)
	s := h.ingest(t, paid("C2", 1, "TEA-250", "TEA-250"))
	shipped, err := h.orders.Ship(ctx, s.Order.ID, "", "SF", "SF101")
	must(t, err)
	if shipped.Order.Status != order.Shipped || shipped.Order.RevenueEntry == 0 {
		t.Fatalf("ship: %+v", shipped)
	}
	b := h.balances(t)
	// 20.00 at 13% inclusive: 17.70 net (8.85 a line) and 2.30 VAT.
	if b["2203"] != 0 || b["6001"] != -1770 || b["2221"] != -230 || b["1122"] != 2000 {
		t.Fatalf("after shipping: %v", b)
	}
	// 10 received at 4.00; the two shipped cost 8.00.
	if b["6401"] != 800 || b["1405"] != 3200 || b["2202"] != -4000 {
		t.Fatalf("cost of goods: %v", b)
	}
	ls, err := h.stock.Levels(ctx)
	must(t, err)
	if len(ls) != 1 || ls[0].OnHand != 8 || ls[0].Reserved != 0 {
		t.Fatalf("levels = %+v", ls)
	}
	h.assertInvariants(t)
}

// Every version of every order arrives, 30% of them twice or more, in a
// random order from 32 producers: each version has exactly one effect, and
// each order ends as its newest version says. The negative control sends
// the same traffic through a naive path that forgets which version it is
// (every submission looks new, as with a dedupe on nothing), and the same
// checks must catch it.
func shuffledVersions(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	if problems := replayShuffled(t, h, false); len(problems) > 0 {
		t.Fatalf("duplicates and shuffled versions: %v", problems)
	}
	h.assertInvariants(t)
	naive := newHub(t, open, app.OrderOptions{})
	if problems := replayShuffled(t, naive, true); len(problems) == 0 {
		t.Fatal("the naive path was not caught: the duplicate test cannot fail")
	}
}

type send struct {
	ext     string
	version int64
}

// replayShuffled sends the traffic and returns what went wrong.
func replayShuffled(t *testing.T, h *hub, naive bool) (problems []string) {
	h.receive(t, "po-1", "TEA-250", "SH", 100_000)
	const orders = 300
	sends, newest := shuffledSends(orders)
	var forged atomic.Int64
	input := func(s send) app.Input {
		in := paid(s.ext, s.version, "TEA-250")
		in.Order.Status = []order.Status{order.AwaitingPayment, order.Paid, order.Cancelled}[s.version-1]
		if naive {
			in.Order.Version = 1000 + forged.Add(1)
		}
		return in
	}
	firsts := ingestAll(t, h, sends, input)
	unique := map[send]bool{}
	for _, s := range sends {
		unique[s] = true
	}
	for s, n := range firsts {
		if n != 1 {
			problems = append(problems, fmt.Sprintf("%v had %d first effects", s, n))
		}
	}
	if len(firsts) != len(unique) {
		problems = append(problems, fmt.Sprintf("%d versions took effect, want %d", len(firsts), len(unique)))
	}
	recs, err := h.orders.List(ctx, orderListAll())
	must(t, err)
	live := int64(0)
	for _, r := range recs {
		if r.Status != newest[r.ExternalID] {
			problems = append(problems, fmt.Sprintf("order %s is %s, its newest version says %s", r.ExternalID, r.Status, newest[r.ExternalID]))
		}
		if r.Status == order.Allocated {
			live++
		}
	}
	b := h.balances(t)
	ls, err := h.stock.Levels(ctx)
	must(t, err)
	if len(recs) != orders || ls[0].Reserved != live || b["1122"] != live*1000 {
		problems = append(problems, fmt.Sprintf("%d orders, reserved %d, receivable %d; want %d orders, %d live", len(recs), ls[0].Reserved, b["1122"], orders, live))
	}
	return problems
}

// shuffledSends lists versions 1 (unpaid) and 2 (paid) of every order and
// 3 (cancelled) of every third, plus 30% resent, shuffled; and the status
// each order's newest version says.
func shuffledSends(orders int) ([]send, map[string]order.Status) {
	var sends []send
	newest := map[string]order.Status{}
	for i := range orders {
		ext := fmt.Sprintf("D%d", i)
		sends = append(sends, send{ext, 1}, send{ext, 2})
		newest[ext] = order.Allocated
		if i%3 == 0 {
			sends = append(sends, send{ext, 3})
			newest[ext] = order.Cancelled
		}
	}
	unique := len(sends)
	rng := rand.New(rand.NewPCG(1, 2))
	for range unique * 3 / 10 {
		sends = append(sends, sends[rng.IntN(unique)])
	}
	rng.Shuffle(len(sends), func(i, j int) { sends[i], sends[j] = sends[j], sends[i] })
	return sends, newest
}

// ingestAll sends every version from 32 producers and counts, per version,
// the answers that were not replays.
func ingestAll(t *testing.T, h *hub, sends []send, input func(send) app.Input) map[send]int {
	var mu sync.Mutex
	firsts := map[send]int{}
	jobs := make(chan send)
	var wg sync.WaitGroup
	for range 32 {
		wg.Go(func() {
			for s := range jobs {
				r := h.orders.Ingest(ctx, input(s))
				if r.Err != nil && !fault.Is(r.Err, fault.Conflict) {
					t.Errorf("%v: %v", s, r.Err)
					continue
				}
				mu.Lock()
				if r.Err == nil && !r.Replayed {
					firsts[s]++
				}
				mu.Unlock()
			}
		})
	}
	for _, s := range sends {
		jobs <- s
	}
	close(jobs)
	wg.Wait()
	return firsts
}

// 2,000 buyers order one unit each of a SKU with 100 in stock, at once:
// exactly 100 orders are allocated and the rest wait on hold for stock.
func flashSale(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	h.receive(t, "po-1", "TEA-250", "SH", 60)
	h.receive(t, "po-2", "TEA-250", "GZ", 40)
	results := make([]app.Result, 2000)
	storetest.FlashSale(len(results), func(i int) error {
		results[i] = h.orders.Ingest(ctx, paid(fmt.Sprintf("F%d", i), 1, "TEA-250"))
		return results[i].Err
	})
	allocated, held := 0, 0
	for _, r := range results {
		switch {
		case r.Err != nil:
			t.Fatal(r.Err)
		case r.Order.Status == order.Allocated:
			allocated++
		case r.Order.Status == order.OnHold && r.Order.Hold.Reason == order.HoldNoStock:
			held++
		}
	}
	if allocated != 100 || held != 1900 {
		t.Fatalf("allocated %d, held %d; want 100 and 1900", allocated, held)
	}
	h.assertInvariants(t)
}

// An order whose stored version went back, and a cancelled order still
// holding stock, are each reported by Check.
func checkCatches(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	h.receive(t, "po-1", "TEA-250", "SH", 10)
	a := h.ingest(t, paid("E1", 5, "TEA-250"))
	b := h.ingest(t, paid("E2", 1, "TEA-250"))
	storetest.Corrupt(t, h.db, fmt.Sprintf(`UPDATE orders SET version = 4 WHERE id = %d`, a.Order.ID))
	storetest.Corrupt(t, h.db, fmt.Sprintf(`UPDATE orders SET status = 'cancelled' WHERE id = %d`, b.Order.ID))
	_, problems, err := h.orders.Check(ctx)
	must(t, err)
	if len(problems) != 2 || !strings.Contains(problems[0]+problems[1], "I6") || !strings.Contains(problems[0]+problems[1], "I4") {
		t.Fatalf("problems = %q", problems)
	}
}

// Part of a shipped order is refunded twice, then the rest in full: revenue,
// VAT and the receivable end where one full refund would leave them.
func partialRefunds(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	h.receive(t, "po-1", "TEA-250", "SH", 10)
	r := h.ingest(t, paid("R1", 1, "TEA-250", "TEA-250", "TEA-250")) // 30.00, of which 3.45 VAT
	_, err := h.orders.RefundPart(ctx, r.Order.ID, "refund-1", cny(1000))
	if !fault.Is(err, fault.Conflict) {
		t.Fatalf("a partial refund before shipping = %v, want Conflict", err)
	}
	_, err = h.orders.Ship(ctx, r.Order.ID, "", "SF", "SF9")
	must(t, err)
	got, err := h.orders.RefundPart(ctx, r.Order.ID, "refund-2", cny(1000))
	must(t, err)
	if got.Order.Status != order.PartiallyRefunded || got.Order.Refunded != 1000 || got.Order.RefundedTax != 115 {
		t.Fatalf("first refund: %s refunded %d tax %d", got.Order.Status, got.Order.Refunded, got.Order.RefundedTax)
	}
	if _, err := h.orders.RefundPart(ctx, r.Order.ID, "refund-3", cny(2001)); !fault.Is(err, fault.Conflict) {
		t.Fatalf("refunding more than is left = %v, want Conflict", err)
	}
	_, err = h.orders.RefundPart(ctx, r.Order.ID, "refund-4", cny(1))
	must(t, err)
	got, err = h.orders.Refund(ctx, r.Order.ID, "refund-5")
	must(t, err)
	b := h.balances(t)
	if got.Order.Status != order.Refunded || got.Order.Refunded != 3000 || b["6001"] != 0 || b["2221"] != 0 || b["1122"] != 0 || b["2203"] != 0 {
		t.Fatalf("after refunding everything: %s refunded %d, balances %v", got.Order.Status, got.Order.Refunded, b)
	}
	h.assertInvariants(t)
}
