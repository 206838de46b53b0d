package app_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/pii"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/fnshub/fnshub/internal/store/unit"
)

// TestBuyerKeys covers docs/adr/0041 on both engines: one data key per
// buyer, made once even by concurrent first orders, erasure, correction
// of a receiver and a master key rotation.
func TestBuyerKeys(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			t.Run("one key per buyer seals its contacts", func(t *testing.T) { t.Parallel(); oneKeyPerBuyer(t, e.Open) })
			t.Run("concurrent first orders end with one key", func(t *testing.T) { t.Parallel(); concurrentFirstOrders(t, e.Open) })
			t.Run("erasure destroys the key and the payloads", func(t *testing.T) { t.Parallel(); erasure(t, e.Open) })
			t.Run("a corrected receiver clears the address hold on retry", func(t *testing.T) { t.Parallel(); correctedReceiver(t, e.Open) })
			t.Run("a master key rotation re-wraps the data keys only", func(t *testing.T) { t.Parallel(); rotation(t, e.Open) })
		})
	}
}

func buyerKeyRows(t *testing.T, db *store.DB) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	must(t, db.Read(ctx, func(tx *store.Tx) error {
		rows, err := tx.Query(ctx, `SELECT ref, generation FROM buyer_keys`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var ref string
			var gen int64
			if err := rows.Scan(&ref, &gen); err != nil {
				return err
			}
			out[ref] = gen
		}
		return rows.Err()
	}))
	return out
}

func sameBuyer(in app.Input, buyer string) app.Input { in.BuyerID = buyer; return in }

func oneKeyPerBuyer(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	a1 := h.ingest(t, sameBuyer(paid("K1", 1, "TEA-250"), "ann")).Order
	a2 := h.ingest(t, sameBuyer(paid("K2", 1, "TEA-250"), "ann")).Order
	anon := paid("K3", 1, "TEA-250")
	anon.BuyerID = ""
	n := h.ingest(t, anon).Order
	keys := buyerKeyRows(t, h.db)
	if len(keys) != 2 || keys[a1.BuyerRef] != 1 || keys[pii.OrderKeyRef(n.Key().String())] != 1 {
		t.Fatalf("buyer keys = %v, want one for %s and one for the order naming no buyer", keys, a1.BuyerRef)
	}
	for _, rec := range []*order.Record{a1, a2, n} {
		if gen, ok := pii.SealedByBuyer(rec.Contact); !ok || gen != 1 {
			t.Fatalf("order %d's contact is not sealed with a data key (gen %d)", rec.ID, gen)
		}
		c, err := h.orders.Contact(ctx, rec)
		if err != nil || c.Name != "王五" {
			t.Fatalf("contact of order %d = %v, %v", rec.ID, c, err)
		}
	}
	// A contact sealed by the master key before data keys existed still opens.
	legacy, err := pii.Contact{Name: "赵六", Phone: "13700000000", Province: "上海", Detail: "外滩 2 号"}.Seal(h.keys, a2.Key().String())
	must(t, err)
	must(t, h.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE orders SET contact = ? WHERE id = ?`, legacy, int64(a2.ID))
		return err
	}))
	a2, err = h.orders.Get(ctx, a2.ID)
	must(t, err)
	if c, err := h.orders.Contact(ctx, a2); err != nil || c.Name != "赵六" {
		t.Fatalf("a contact sealed by the master key = %v, %v", c, err)
	}
}

// concurrentFirstOrders runs first orders of one buyer through two
// Orders (two nodes) at once, so on PostgreSQL their transactions race to
// make the buyer's key.
func concurrentFirstOrders(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	other := app.NewOrders(unit.New(h.db), h.cat, h.keys, app.OrderOptions{Shops: h.shops})
	t.Cleanup(other.Close)
	const n = 16
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			node := h.orders
			if i%2 == 1 {
				node = other
			}
			errs[i] = node.Ingest(ctx, sameBuyer(paid(fmt.Sprintf("C%d", i), 1, "TEA-250"), "bob")).Err
		}()
	}
	wg.Wait()
	must(t, errors.Join(errs...))
	if keys := buyerKeyRows(t, h.db); len(keys) != 1 {
		t.Fatalf("buyer keys after %d concurrent first orders = %v, want one", n, keys)
	}
	for _, rec := range h.allOrders(t) {
		if c, err := h.orders.Contact(ctx, rec); err != nil || c == nil {
			t.Fatalf("contact of order %d = %v, %v", rec.ID, c, err)
		}
	}
}

func erasure(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	h.receive(t, "po-1", "TEA-250", "SH", 10)
	a1 := h.ingest(t, sameBuyer(paid("E1", 1, "TEA-250"), "cat")).Order
	a1 = h.ingest(t, sameBuyer(paid("E1", 2, "TEA-250"), "cat")).Order
	a2 := h.ingest(t, sameBuyer(paid("E2", 1, "TEA-250"), "cat")).Order
	b := h.ingest(t, sameBuyer(paid("E3", 1, "TEA-250"), "dan")).Order
	books := h.balances(t)
	// E2's contact as sealed by the master key before data keys existed:
	// erasure must drop it, as no key of the buyer's opens it.
	legacy, err := pii.Contact{Name: "王五", Phone: "13900000000"}.Seal(h.keys, a2.Key().String())
	must(t, err)
	must(t, h.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE orders SET contact = ? WHERE id = ?`, legacy, int64(a2.ID))
		return err
	}))

	if _, err := h.orders.EraseBuyer(ctx, "b_00000000000000000000000000000000"); codeOf(err) != "buyer_unknown" {
		t.Fatalf("erase an unknown buyer: %v", err)
	}
	if _, err := h.orders.EraseBuyer(ctx, "nobody"); codeOf(err) != "buyer_ref_invalid" {
		t.Fatalf("erase a malformed ref: %v", err)
	}
	first, err := h.orders.EraseBuyer(ctx, a1.BuyerRef)
	must(t, err)
	if first.Orders != 2 || first.RawEvents != 3 || first.ErasedAt.IsZero() {
		t.Fatalf("erasure = %+v, want 2 orders and their 3 payloads", first)
	}
	again, err := h.orders.EraseBuyer(ctx, a1.BuyerRef)
	must(t, err)
	if again != first {
		t.Fatalf("erasing again = %+v, want the same answer %+v", again, first)
	}
	var kept, dropped int
	must(t, h.db.Read(ctx, func(tx *store.Tx) error {
		return tx.QueryRow(ctx, `SELECT COUNT(contact), COUNT(*) - COUNT(contact) FROM orders WHERE id IN (?, ?)`,
			int64(a1.ID), int64(a2.ID)).Scan(&kept, &dropped)
	}))
	if kept != 1 || dropped != 1 {
		t.Fatalf("after erasure %d contacts kept (sealed with the destroyed key) and %d dropped, want 1 and 1 (the master-key one)", kept, dropped)
	}
	for _, rec := range []*order.Record{a1, a2} {
		rec, err := h.orders.Get(ctx, rec.ID)
		must(t, err)
		if _, err := h.orders.Contact(ctx, rec); !errors.Is(err, pii.ErrErased) {
			t.Fatalf("contact of erased order %d: %v, want ErrErased", rec.ID, err)
		}
		if _, err := h.orders.Receiver(ctx, rec.ID); codeOf(err) != "buyer_erased" {
			t.Fatalf("receiver of erased order %d: %v", rec.ID, err)
		}
	}
	if c, err := h.orders.Contact(ctx, b); err != nil || c.Name != "王五" {
		t.Fatalf("another buyer's contact = %v, %v", c, err)
	}
	evs, err := h.orders.RawEvents(ctx, order.RawFilter{Limit: 100})
	must(t, err)
	emptied := 0
	for _, ev := range evs {
		if len(ev.Body) == 0 {
			emptied++
			if strings.HasSuffix(ev.OrderKey, "/E3") {
				t.Fatalf("payload %d of another buyer was erased", ev.ID)
			}
		}
	}
	if emptied != 3 {
		t.Fatalf("%d payloads emptied, want 3", emptied)
	}
	if got := h.balances(t); fmt.Sprint(got) != fmt.Sprint(books) {
		t.Fatalf("the books changed on erasure: %v, were %v", got, books)
	}
	h.assertInvariants(t)

	// The buyer heard from again gets a new key; what was erased stays so.
	a3 := h.ingest(t, sameBuyer(paid("E4", 1, "TEA-250"), "cat")).Order
	if gen, _ := pii.SealedByBuyer(a3.Contact); gen != 2 {
		t.Fatalf("a new order after erasure is sealed with generation %d, want 2", gen)
	}
	if c, err := h.orders.Contact(ctx, a3); err != nil || c == nil {
		t.Fatalf("new order's contact = %v, %v", c, err)
	}
	if _, err := h.orders.Contact(ctx, a2); !errors.Is(err, pii.ErrErased) {
		t.Fatalf("erased contact after a new key: %v", err)
	}
	h.assertInvariants(t)
}

func correctedReceiver(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	h.receive(t, "po-1", "TEA-250", "SH", 10)
	in := paid("R1", 1, "TEA-250")
	in.Contact = &pii.Contact{Name: "钱七", Province: "上海"}
	rec := h.ingest(t, in).Order
	if rec.Status != order.OnHold || rec.Hold.Reason != order.HoldAddress {
		t.Fatalf("order without phone and street = %s %+v, want held for the address", rec.Status, rec.Hold)
	}
	if _, _, err := h.orders.CorrectReceiver(ctx, rec.ID, "", pii.Contact{Name: "钱七", Phone: "12AB-SECRET", Province: "上海", Detail: "1"}); codeOf(err) != "phone_invalid" ||
		strings.Contains(err.Error(), "SECRET") {
		t.Fatalf("a bad phone: %v", err)
	}
	fixed := pii.Contact{Name: "钱七", Phone: "13612345678", Province: "上海", City: "上海市", Detail: "南京路 9 号"}
	_, changed, err := h.orders.CorrectReceiver(ctx, rec.ID, "", fixed)
	must(t, err)
	if _, again, err := h.orders.CorrectReceiver(ctx, rec.ID, "", fixed); err != nil || !changed || again {
		t.Fatalf("correct twice: changed %v then %v, %v", changed, again, err)
	}
	res, err := h.orders.Retry(ctx, rec.ID, "")
	must(t, err)
	if res.Order.Status != order.Allocated {
		t.Fatalf("retry after the correction = %s %+v, want allocated", res.Order.Status, res.Order.Hold)
	}
	if c, err := h.orders.Receiver(ctx, rec.ID); err != nil || c != fixed {
		t.Fatalf("receiver = %v, %v; want the correction", c, err)
	}
	h.assertInvariants(t) // the fingerprint still covers what the version sent

	// A newer version with other lines but the same address keeps the
	// correction; one with a new address replaces it: the buyer changed it.
	v2 := paid("R1", 2, "TEA-250", "TEA-250")
	v2.Contact = in.Contact
	if r := h.ingest(t, v2); r.Order.Status != order.Allocated {
		t.Fatalf("a newer version of a corrected order = %s %+v, want allocated (the correction is complete)", r.Order.Status, r.Order.Hold)
	}
	if c, err := h.orders.Receiver(ctx, rec.ID); err != nil || c != fixed {
		t.Fatalf("receiver after a version changing the lines = %v, %v; want the correction", c, err)
	}
	v3 := paid("R1", 3, "TEA-250", "TEA-250")
	h.ingest(t, v3)
	if c, err := h.orders.Receiver(ctx, rec.ID); err != nil || c != *v3.Contact {
		t.Fatalf("receiver after a version with a new address = %v, %v; want %v", c, err, *v3.Contact)
	}
	h.assertInvariants(t)
}

func rotation(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	rec := h.ingest(t, sameBuyer(paid("Q1", 1, "TEA-250"), "eve")).Order
	h.ingest(t, sameBuyer(paid("Q2", 1, "TEA-250"), "fay"))
	newKey := pii.Key{ID: "t2", Secret: []byte(strings.Repeat("n", pii.KeySize))}
	rotated, err := pii.NewKeyring(newKey, h.key)
	must(t, err)
	o := app.NewOrders(unit.New(h.db), h.cat, rotated, app.OrderOptions{Shops: h.shops})
	t.Cleanup(o.Close)
	n, err := o.RewrapBuyerKeys(ctx)
	must(t, err)
	if again, err := o.RewrapBuyerKeys(ctx); n != 2 || again != 0 || err != nil {
		t.Fatalf("re-wrapped %d then %d (%v), want 2 then 0", n, again, err)
	}
	after, err := o.Get(ctx, rec.ID)
	must(t, err)
	if string(after.Contact) != string(rec.Contact) {
		t.Fatal("the rotation rewrote a contact; only data keys are re-wrapped")
	}
	onlyNew, err := pii.NewKeyring(newKey)
	must(t, err)
	var wrapped []byte
	must(t, h.db.Read(ctx, func(tx *store.Tx) error {
		return tx.QueryRow(ctx, `SELECT wrapped FROM buyer_keys WHERE ref = ?`, rec.BuyerRef).Scan(&wrapped)
	}))
	if id, _ := pii.KeyIDOf(wrapped); id != "t2" {
		t.Fatalf("the data key is wrapped by %q, want t2", id)
	}
	if _, err := pii.OpenBuyerKey(onlyNew, pii.StoredKey{Ref: rec.BuyerRef, Generation: 1, Wrapped: wrapped}); err != nil {
		t.Fatalf("the new master key alone opens the re-wrapped data key: %v", err)
	}
	if c, err := o.Contact(ctx, after); err != nil || c.Name != "王五" {
		t.Fatalf("contact after rotation = %v, %v", c, err)
	}
}
