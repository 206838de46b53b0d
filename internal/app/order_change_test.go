package app_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/pii"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// Each subtest fails on the code before issue 6, which answered "applied"
// to a newer version of a paid order and kept the old content.
func TestOrders_NewerVersionTakesEffect(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			t.Run("a changed quantity re-reserves and re-books", func(t *testing.T) { t.Parallel(); changedQuantity(t, e.Open) })
			t.Run("a lower price and a new receiver replace the old", func(t *testing.T) { t.Parallel(); newPriceAndReceiver(t, e.Open) })
			t.Run("a held order is evaluated again with its new content", func(t *testing.T) { t.Parallel(); heldReevaluated(t, e.Open) })
			t.Run("a change after shipping holds the order and applies nothing", func(t *testing.T) { t.Parallel(); changedAfterShipping(t, e.Open) })
			t.Run("the same version with other content is a conflict", func(t *testing.T) { t.Parallel(); sameVersionOtherContent(t, e.Open) })
			t.Run("an order in a currency the books do not keep is held", func(t *testing.T) { t.Parallel(); foreignCurrency(t, e.Open) })
			t.Run("check catches content that was dropped", func(t *testing.T) { t.Parallel(); checkCatchesDroppedContent(t, e.Open) })
		})
	}
}

func withAddress(in app.Input, name, province string) app.Input {
	in.Contact = &pii.Contact{Name: name, Phone: "13812345678", Province: province, Detail: "南京路 1 号"}
	return in
}

func (h *hub) reserved(t *testing.T) map[string]int64 {
	t.Helper()
	ls, err := h.stock.Levels(ctx)
	must(t, err)
	out := map[string]int64{}
	for _, l := range ls {
		if l.Reserved != 0 {
			out[l.SKU+"@"+l.Warehouse] = l.Reserved
		}
	}
	return out
}

func changedQuantity(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	h.receive(t, "po-1", "TEA-250", "SH", 10)
	v1 := h.ingest(t, withAddress(paid("C1", 1, "TEA-250"), "张三", "上海"))
	v2in := withAddress(paid("C1", 2, "TEA-250"), "张三", "上海")
	v2in.Order.Lines[0].Quantity = 2
	v2 := h.ingest(t, v2in)
	if v2.Effect != app.EffectApplied || v2.Order.Status != order.Allocated || v2.Order.Lines[0].Quantity != 2 {
		t.Fatalf("v2: effect %s, status %s, lines %+v", v2.Effect, v2.Order.Status, v2.Order.Lines)
	}
	if got := h.reserved(t); fmt.Sprint(got) != "map[TEA-250@SH:2]" {
		t.Fatalf("reserved after v2 = %v, want 2 of TEA-250 at SH (v1's 1 released, 2 reserved)", got)
	}
	if b := h.balances(t); b["1122"] != 2000 || b["2203"] != -2000 {
		t.Fatalf("balances = %v, want the receivable and advance at v2's 20.00", b)
	}
	stored, err := h.orders.Get(ctx, v1.Order.ID)
	must(t, err)
	if stored.Lines[0].Quantity != 2 || stored.Version != 2 {
		t.Fatalf("stored: version %d, lines %+v", stored.Version, stored.Lines)
	}
	shippedRec, err := h.orders.Ship(ctx, v1.Order.ID, "", "SF", "SF1")
	must(t, err)
	if rs, _ := h.orders.Reservations(ctx, shippedRec.Order.ID); shippedQuantity(rs) != 2 {
		t.Fatalf("shipped %d units, want the 2 of v2", shippedQuantity(rs))
	}
	h.assertInvariants(t)
}

func newPriceAndReceiver(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	h.receive(t, "po-1", "TEA-250", "SH", 10)
	h.receive(t, "po-2", "TEA-250", "GZ", 10)
	v1 := h.ingest(t, withAddress(paid("C2", 1, "TEA-250"), "张三", "上海"))
	v2in := withAddress(paid("C2", 2, "TEA-250"), "李四", "广东")
	v2in.Order.Lines[0].UnitPrice = cny(800)
	v2 := h.ingest(t, v2in)
	if v2.Effect != app.EffectApplied || v2.Order.Warehouse != "GZ" {
		t.Fatalf("v2: effect %s, warehouse %q (want GZ, nearer the new address)", v2.Effect, v2.Order.Warehouse)
	}
	stored, err := h.orders.Get(ctx, v1.Order.ID)
	must(t, err)
	c, err := h.orders.Contact(context.Background(), stored)
	must(t, err)
	total, _ := stored.Total()
	if c.Name != "李四" || c.Province != "广东" || total != cny(800) {
		t.Fatalf("stored: contact %+v, total %s", c, total)
	}
	if got := h.reserved(t); fmt.Sprint(got) != "map[TEA-250@GZ:1]" {
		t.Fatalf("reserved = %v", got)
	}
	if b := h.balances(t); b["1122"] != 800 || b["2203"] != -800 {
		t.Fatalf("balances = %v, want 8.00", b)
	}
	h.assertInvariants(t)
}

func heldReevaluated(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	h.receive(t, "po-1", "TEA-250", "SH", 10)
	v1 := h.ingest(t, paid("C3", 1, "NO-SUCH-SKU"))
	if v1.Order.Status != order.OnHold || v1.Order.Hold.Reason != order.HoldUnmapped {
		t.Fatalf("v1: %s %+v", v1.Order.Status, v1.Order.Hold)
	}
	v2 := h.ingest(t, paid("C3", 2, "TEA-250"))
	if v2.Effect != app.EffectApplied || v2.Order.Status != order.Allocated || v2.Order.Lines[0].SKU != "TEA-250" {
		t.Fatalf("v2: effect %s, status %s, hold %+v", v2.Effect, v2.Order.Status, v2.Order.Hold)
	}
	// A person's hold stays, but the content is taken.
	must(t, func() error { _, err := h.orders.Hold(ctx, v1.Order.ID, "", "check the buyer"); return err }())
	v3in := paid("C3", 3, "TEA-250")
	v3in.Order.Lines[0].Quantity = 3
	v3 := h.ingest(t, v3in)
	if v3.Order.Status != order.OnHold || v3.Order.Hold.Reason != order.HoldManual || v3.Order.Lines[0].Quantity != 3 {
		t.Fatalf("v3 on a manual hold: %s %+v %+v", v3.Order.Status, v3.Order.Hold, v3.Order.Lines)
	}
	if got := h.reserved(t); len(got) != 0 {
		t.Fatalf("reserved while held by hand = %v", got)
	}
	h.assertInvariants(t)
}

func changedAfterShipping(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	h.receive(t, "po-1", "TEA-250", "SH", 10)
	v1 := h.ingest(t, withAddress(paid("C4", 1, "TEA-250"), "张三", "上海"))
	_, err := h.orders.Ship(ctx, v1.Order.ID, "", "SF", "SF4")
	must(t, err)
	before := h.balances(t)
	v2in := withAddress(paid("C4", 2, "TEA-250"), "李四", "上海")
	v2in.Order.Lines[0].Quantity = 2
	v2 := h.ingest(t, v2in)
	if v2.Effect != app.EffectHeld || v2.Order.Status != order.Shipped || v2.Order.Hold == nil ||
		v2.Order.Hold.Reason != order.HoldChangedAfterShipping || v2.Order.Hold.Detail["changed"] != "lines, address" {
		t.Fatalf("v2 after shipping: effect %s, status %s, hold %+v", v2.Effect, v2.Order.Status, v2.Order.Hold)
	}
	stored, err := h.orders.Get(ctx, v1.Order.ID)
	must(t, err)
	c, err := h.orders.Contact(context.Background(), stored)
	must(t, err)
	if stored.Lines[0].Quantity != 1 || c.Name != "张三" || fmt.Sprint(h.balances(t)) != fmt.Sprint(before) {
		t.Fatalf("a change after shipping was applied: lines %+v, contact %s", stored.Lines, c.Name)
	}
	versions, err := h.orders.Versions(ctx, v1.Order.ID)
	must(t, err)
	if len(versions) != 2 || versions[1].Effect != "held" {
		t.Fatalf("versions = %+v", versions)
	}
	if _, err := h.orders.Cancel(ctx, v1.Order.ID, ""); !fault.Is(err, fault.Conflict) {
		t.Fatalf("cancelling a shipped order: %v", err)
	}
	approved, err := h.orders.Approve(ctx, v1.Order.ID, "")
	must(t, err)
	if approved.Order.Hold != nil || approved.Order.Status != order.Shipped {
		t.Fatalf("approved: %s %+v", approved.Order.Status, approved.Order.Hold)
	}
	h.assertInvariants(t)
}

func sameVersionOtherContent(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	h.receive(t, "po-1", "TEA-250", "SH", 10)
	h.ingest(t, paid("C5", 1, "TEA-250"))
	rawBefore := countRows(t, h.db, "raw_events")
	changed := paid("C5", 1, "TEA-250")
	changed.Order.Lines[0].Quantity = 2
	r := h.orders.Ingest(ctx, changed)
	if !fault.Is(r.Err, fault.Conflict) || codeOf(r.Err) != "order_version_conflict" {
		t.Fatalf("same version, other content: %+v", r)
	}
	if got := countRows(t, h.db, "raw_events"); got != rawBefore+1 {
		t.Fatalf("raw events %d → %d: the refused payload was not kept", rawBefore, got)
	}
	if again := h.ingest(t, paid("C5", 1, "TEA-250")); again.Effect != app.EffectDuplicate {
		t.Fatalf("the same content again: %s", again.Effect)
	}
	// The same lines with another status are another version too: a
	// cancellation sent under the old number must not be a "duplicate".
	cancelled := paid("C5", 1, "TEA-250")
	cancelled.Order.Status = order.Cancelled
	if r := h.orders.Ingest(ctx, cancelled); !fault.Is(r.Err, fault.Conflict) || codeOf(r.Err) != "order_version_conflict" {
		t.Fatalf("same version and content, another status: %+v", r)
	}
	h.assertInvariants(t)
}

func foreignCurrency(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	h.receive(t, "po-1", "TEA-250", "SH", 10)
	// A shop selling in USD under the default entity, whose books keep CNY.
	_, err := h.shops.Create(ctx, shop.Shop{ID: "US1", Channel: "web", Name: "US site", Currency: "USD"})
	must(t, err)
	before := h.balances(t)
	for _, c := range []struct{ shop, ext, detail string }{
		{"S1", "C6", "shop_currency"}, // a USD order in a CNY shop
		{"US1", "C6u", "books"},       // a USD order in a USD shop, on CNY books
	} {
		in := paid(c.ext, 1, "TEA-250")
		in.Order.Shop = c.shop
		in.Order.Currency = "USD"
		in.Order.Lines[0].UnitPrice = usd(1000)
		r := h.ingest(t, in)
		if r.Order.Status != order.OnHold || r.Order.Hold.Reason != order.HoldCurrency || r.Order.Hold.Detail[c.detail] == "" {
			t.Fatalf("a USD order in shop %s: %s %+v", c.shop, r.Order.Status, r.Order.Hold)
		}
		if b := h.balances(t); fmt.Sprint(nonZero(b)) != fmt.Sprint(nonZero(before)) {
			t.Fatalf("balances = %v, want nothing booked since %v", b, before)
		}
		if _, err := h.orders.Approve(ctx, r.Order.ID, ""); !fault.Is(err, fault.Conflict) {
			t.Fatalf("approving it: %v", err)
		}
		if _, err := h.orders.Cancel(ctx, r.Order.ID, ""); err != nil {
			t.Fatalf("cancelling it: %v", err)
		}
	}
	h.assertInvariants(t)
}

func checkCatchesDroppedContent(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	h.receive(t, "po-1", "TEA-250", "SH", 10)
	a := h.ingest(t, paid("C7", 1, "TEA-250"))
	v2 := paid("C7", 2, "TEA-250")
	v2.Order.Lines[0].Quantity = 2
	h.ingest(t, v2)
	// What the old code did: keep v1's lines under v2's number.
	storetest.Corrupt(t, h.db, fmt.Sprintf(`UPDATE order_lines SET quantity = 1 WHERE order_id = %d`, a.Order.ID))
	_, problems, err := h.orders.Check(ctx)
	must(t, err)
	if len(problems) != 1 || !strings.Contains(problems[0], "I6 content") {
		t.Fatalf("problems = %q", problems)
	}
	// And a version number moved on without its content.
	b := h.ingest(t, paid("C8", 1, "TEA-250"))
	v2b := paid("C8", 2, "TEA-250")
	v2b.Order.Lines[0].Quantity = 2
	h.ingest(t, v2b)
	storetest.Corrupt(t, h.db, fmt.Sprintf(`UPDATE orders SET content_hash = 'f_old' WHERE id = %d`, b.Order.ID))
	_, problems, err = h.orders.Check(ctx)
	must(t, err)
	if len(problems) != 3 {
		t.Fatalf("problems = %q", problems)
	}
}

func shippedQuantity(rs []inventory.Reservation) int64 {
	var n int64
	for _, r := range rs {
		if r.Status == "shipped" {
			n += r.Quantity
		}
	}
	return n
}

func nonZero(b map[string]int64) map[string]int64 {
	out := map[string]int64{}
	for k, v := range b {
		if v != 0 {
			out[k] = v
		}
	}
	return out
}

func countRows(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	must(t, db.Read(ctx, func(tx *store.Tx) error { return tx.QueryRow(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n) }))
	return n
}

func usd(minor int64) money.Amount { return money.New(minor, "USD") }

func codeOf(err error) string {
	var fe *fault.Error
	if errors.As(err, &fe) {
		return fe.Code
	}
	return ""
}

func TestOrders_ReturnByLine(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			h := newHub(t, e.Open, app.OrderOptions{})
			h.receive(t, "po-1", "TEA-250", "GZ", 10)
			h.receive(t, "po-2", "CUP", "GZ", 5)
			in := paid("R1", 1, "TEA-250", "GIFT")
			in.Order.Lines[1].Quantity = 2
			r := h.ingest(t, in)
			id := r.Order.ID
			if _, err := h.orders.Return(ctx, id, "ret-0", []app.ReturnLine{{Line: 1, Quantity: 1}}, false); codeOf(err) != "order_not_shipped" {
				t.Fatalf("return before shipping: %v", err)
			}
			_, err := h.orders.Ship(ctx, id, "", "SF", "SF1")
			must(t, err)
			onHand := func() map[string]int64 {
				ls, err := h.stock.Levels(ctx)
				must(t, err)
				out := map[string]int64{}
				for _, l := range ls {
					out[l.SKU] += l.OnHand
				}
				return out
			}
			before, books := onHand(), h.balances(t)
			// One of the two gift boxes comes back, refunded: 2 × TEA-250 and a CUP return to GZ.
			ret := []app.ReturnLine{{Line: 2, Quantity: 1}}
			for range 2 {
				res, err := h.orders.Return(ctx, id, "ret-1", ret, true)
				must(t, err)
				if res.Order.Lines[1].Returned != 1 || res.Order.Status != order.PartiallyRefunded || res.Order.Refunded != 1000 {
					t.Fatalf("after the return: %s, refunded %d, lines %+v", res.Order.Status, res.Order.Refunded, res.Order.Lines)
				}
			}
			after := onHand()
			if after["TEA-250"]-before["TEA-250"] != 2 || after["CUP"]-before["CUP"] != 1 {
				t.Fatalf("on hand %v → %v, want 2 TEA-250 and 1 CUP back", before, after)
			}
			b := h.balances(t)
			if b["6401"]-books["6401"] != -1200 || b["1405"]-books["1405"] != 1200 || b["1122"]-books["1122"] != -1000 {
				t.Fatalf("books %v → %v: want 12.00 of cost back in stock and 10.00 less receivable", books, b)
			}
			if _, err := h.orders.Return(ctx, id, "ret-1", []app.ReturnLine{{Line: 2, Quantity: 2}}, true); codeOf(err) != "idempotency_key_reused" {
				t.Fatalf("the key again with other lines: %v", err)
			}
			if _, err := h.orders.Return(ctx, id, "ret-2", []app.ReturnLine{{Line: 2, Quantity: 2}}, true); codeOf(err) != "return_exceeds_line" {
				t.Fatalf("more than was shipped: %v", err)
			}
			if _, err := h.orders.Return(ctx, id, "", ret, true); codeOf(err) != "idempotency_key_missing" {
				t.Fatalf("a return without a key: %v", err)
			}
			res, err := h.orders.Return(ctx, id, "ret-3", []app.ReturnLine{{Line: 1, Quantity: 1}, {Line: 2, Quantity: 1}}, true)
			must(t, err)
			if res.Order.Status != order.Refunded || onHand()["TEA-250"] != 10 || onHand()["CUP"] != 5 {
				t.Fatalf("everything back: %s, on hand %v", res.Order.Status, onHand())
			}
			h.assertInvariants(t)
		})
	}
}

// On the code before issue 6 an order without any contact was allocated
// while one with part of a contact was held; now both follow one rule.
func TestOrders_AnOrderThatShipsNeedsAnAddress(t *testing.T) {
	h := newHub(t, storetest.SQLite, app.OrderOptions{})
	h.receive(t, "po-1", "TEA-250", "SH", 10)
	none := paid("D1", 1, "TEA-250")
	none.Contact = nil
	partial := paid("D2", 1, "TEA-250")
	partial.Contact = &pii.Contact{Name: "张三", Province: "上海"}
	pos := paid("D3", 1, "TEA-250")
	pos.Contact, pos.Order.Fulfillment = nil, order.NoShipping
	for _, c := range []struct {
		in      app.Input
		status  order.Status
		missing string
	}{{none, order.OnHold, "name,phone,province,detail"}, {partial, order.OnHold, "phone,detail"}, {pos, order.Allocated, ""}} {
		r := h.ingest(t, c.in)
		if r.Order.Status != c.status || c.missing != "" && (r.Order.Hold.Reason != order.HoldAddress || r.Order.Hold.Detail["missing"] != c.missing) {
			t.Errorf("%s: %s %+v, want %s missing %q", c.in.Order.ExternalID, r.Order.Status, r.Order.Hold, c.status, c.missing)
		}
	}
	bad := paid("D4", 1, "TEA-250")
	bad.Order.Fulfillment = "drone"
	if r := h.orders.Ingest(ctx, bad); codeOf(r.Err) != "fulfillment_invalid" {
		t.Fatalf("fulfillment drone: %v", r.Err)
	}
	h.assertInvariants(t)
}
