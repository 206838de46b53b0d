package shopify_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/channel/shopify"
	sim "github.com/fnshub/fnshub/internal/sandbox/shopify"
)

// countSets counts the inventorySetQuantities calls the simulator answers.
type countSets struct {
	mu sync.Mutex
	n  int
}

func (c *countSets) before(name string) {
	if name == "SetAvailable" || name == "SetAvailableCompare" {
		c.mu.Lock()
		c.n++
		c.mu.Unlock()
	}
}

func (c *countSets) calls() int { c.mu.Lock(); defer c.mu.Unlock(); return c.n }

func ptr(v int64) *int64 { return &v }

// batchRig is a shop of n variants, variant i holding i, whose connector
// has already looked them up (as the pusher's kept connector has).
func batchRig(t *testing.T, n int, settings map[string]string) (*rig, []sim.Variant, *countSets) {
	t.Helper()
	sets := &countSets{}
	r := newRigWith(t, settings, sim.Options{BeforeOperation: sets.before})
	vs := make([]sim.Variant, n)
	for i := range vs {
		vs[i] = r.shop.AddVariant(sim.Variant{SKU: fmt.Sprintf("V%d", i)})
		r.shop.SetAvailable(vs[i].ID, int64(i))
		if _, err := r.conn.PushStock(t.Context(), channel.StockPush{ExternalSKUID: fmt.Sprint(vs[i].ID), Quantity: int64(i)}); err != nil {
			t.Fatal(err)
		}
	}
	sets.mu.Lock()
	sets.n = 0
	sets.mu.Unlock()
	return r, vs, sets
}

func TestPushStocks_oneCallForMany(t *testing.T) {
	r, vs, sets := batchRig(t, 40, nil)
	pushes := make([]channel.StockPush, len(vs))
	for i, v := range vs {
		pushes[i] = channel.StockPush{ExternalSKUID: fmt.Sprint(v.ID), Quantity: int64(100 + i), Expected: ptr(int64(i))}
	}
	pushes[3].Expected = nil // a blind set rides along
	out := r.conn.PushStocks(t.Context(), pushes)
	for i, o := range out {
		if o.Err != nil || o.Result.Quantity != int64(100+i) || r.shop.Available(vs[i].ID) != int64(100+i) {
			t.Fatalf("push %d: %+v; shop has %d", i, o, r.shop.Available(vs[i].ID))
		}
	}
	if sets.calls() != 1 {
		t.Fatalf("%d inventorySetQuantities calls, want 1", sets.calls())
	}
}

// Shopify writes a call's quantities all or none: the stale one is a
// Conflict carrying what Shopify holds, the others are ErrNotApplied and
// are left as they were, for the caller to send again.
func TestPushStocks_aConflictIsOneListings(t *testing.T) {
	r, vs, sets := batchRig(t, 3, nil)
	r.shop.SetAvailable(vs[1].ID, 9) // a sale on Shopify the hub has not seen
	pushes := []channel.StockPush{
		{ExternalSKUID: fmt.Sprint(vs[0].ID), Quantity: 5, Expected: ptr(0)},
		{ExternalSKUID: fmt.Sprint(vs[1].ID), Quantity: 6, Expected: ptr(1)},
		{ExternalSKUID: fmt.Sprint(vs[2].ID), Quantity: 7, Expected: ptr(2)},
	}
	out := r.conn.PushStocks(t.Context(), pushes)
	var ce *channel.Error
	if !errors.As(out[1].Err, &ce) || ce.Kind != channel.Conflict || ce.Current == nil || *ce.Current != 9 {
		t.Fatalf("the stale push: %v", out[1].Err)
	}
	for _, i := range []int{0, 2} {
		if !errors.Is(out[i].Err, channel.ErrNotApplied) || r.shop.Available(vs[i].ID) != int64(i) {
			t.Fatalf("push %d: %v; shop has %d", i, out[i].Err, r.shop.Available(vs[i].ID))
		}
	}
	if r.shop.Available(vs[1].ID) != 9 || sets.calls() != 1 {
		t.Fatalf("shop has %d, %d calls", r.shop.Available(vs[1].ID), sets.calls())
	}
	// Sent again against what Shopify holds, all three go through in one call.
	pushes[1].Expected = ce.Current
	for i, o := range r.conn.PushStocks(t.Context(), pushes) {
		if o.Err != nil || r.shop.Available(vs[i].ID) != pushes[i].Quantity {
			t.Fatalf("again, push %d: %v", i, o.Err)
		}
	}
}

func TestPushStocks_perPushRefusals(t *testing.T) {
	r, vs, _ := batchRig(t, 1, nil)
	out := r.conn.PushStocks(t.Context(), []channel.StockPush{
		{ExternalSKUID: "31337", Quantity: 1},
		{ExternalSKUID: fmt.Sprint(vs[0].ID), Quantity: -1},
		{ExternalSKUID: fmt.Sprint(vs[0].ID), Quantity: 4, Expected: ptr(0)},
	})
	if channel.KindOf(out[0].Err) != channel.NotFound || channel.KindOf(out[1].Err) != channel.Rejected {
		t.Fatalf("got %v, %v", out[0].Err, out[1].Err)
	}
	if out[2].Err != nil || r.shop.Available(vs[0].ID) != 4 {
		t.Fatalf("the good push: %v; shop has %d", out[2].Err, r.shop.Available(vs[0].ID))
	}
	if got := r.conn.PushStocks(t.Context(), make([]channel.StockPush, r.conn.MaxStockBatch()+1)); channel.KindOf(got[0].Err) != channel.Rejected {
		t.Fatalf("an oversized batch: %v", got[0].Err)
	}
}

// Before 2026-04 ignoreCompareQuantity is the call's: compared and blind
// pushes go in one call each.
func TestPushStocks_olderVersion(t *testing.T) {
	r, vs, sets := batchRig(t, 4, map[string]string{shopify.SettingAPIVersion: "2025-10"})
	pushes := []channel.StockPush{
		{ExternalSKUID: fmt.Sprint(vs[0].ID), Quantity: 10, Expected: ptr(0)},
		{ExternalSKUID: fmt.Sprint(vs[1].ID), Quantity: 11},
		{ExternalSKUID: fmt.Sprint(vs[2].ID), Quantity: 12, Expected: ptr(2)},
		{ExternalSKUID: fmt.Sprint(vs[3].ID), Quantity: 13},
	}
	for i, o := range r.conn.PushStocks(t.Context(), pushes) {
		if o.Err != nil || r.shop.Available(vs[i].ID) != pushes[i].Quantity {
			t.Fatalf("push %d: %v; shop has %d", i, o.Err, r.shop.Available(vs[i].ID))
		}
	}
	if sets.calls() != 2 {
		t.Fatalf("%d calls, want 2", sets.calls())
	}
}

// Variants not looked up yet are resolved together: a first batch of 30
// is one nodes query and one set, not 30 lookups.
func TestPushStocks_looksUpTheVariantsInOneCall(t *testing.T) {
	var (
		mu    sync.Mutex
		calls = map[string]int{}
	)
	r := newRigWith(t, nil, sim.Options{BeforeOperation: func(name string) { mu.Lock(); calls[name]++; mu.Unlock() }})
	pushes := make([]channel.StockPush, 30)
	for i := range pushes {
		v := r.shop.AddVariant(sim.Variant{SKU: fmt.Sprintf("N%d", i)})
		r.shop.SetAvailable(v.ID, 1)
		pushes[i] = channel.StockPush{ExternalSKUID: fmt.Sprint(v.ID), Quantity: int64(i)}
	}
	pushes = append(pushes, channel.StockPush{ExternalSKUID: "31337", Quantity: 1})
	out := r.conn.PushStocks(t.Context(), pushes)
	for i, o := range out[:30] {
		if o.Err != nil || o.Result.Quantity != int64(i) {
			t.Fatalf("push %d: %+v", i, o)
		}
	}
	if channel.KindOf(out[30].Err) != channel.NotFound {
		t.Fatalf("an unknown variant: %v", out[30].Err)
	}
	mu.Lock()
	defer mu.Unlock()
	if calls["VariantInventoryItems"] != 1 || calls["VariantInventoryItem"] != 0 || calls["SetAvailable"] != 1 {
		t.Fatalf("calls %v: want one nodes lookup and one set", calls)
	}
}
