package app_test

import (
	"crypto/rand"
	"fmt"
	"sync"
	"testing"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/pii"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/fnshub/fnshub/internal/store/unit"
)

// Two nodes (two Orders services, each with its own group writer, over one
// database) take in the same new orders at once. Nothing but the order key's
// unique index keeps them apart since ids come from the engine (ADR 26): the
// node that loses the race runs once more and must answer as for any
// duplicate, so each order is stored once, with one effect, and the books
// and stock still tie out.
func TestTwoNodesTakeInTheSameNewOrder(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			h := newHub(t, e.Open, app.OrderOptions{})
			h.receive(t, "rcv-1", "TEA-250", "SH", 1000)
			keys, err := pii.NewKeyring(pii.Key{ID: "t1", Secret: []byte((rand.Text() + rand.Text())[:pii.KeySize])})
			must(t, err)
			nodes := [2]*app.Orders{}
			for i := range nodes {
				nodes[i] = app.NewOrders(unit.New(h.db), h.cat, keys, app.OrderOptions{Shops: h.shops})
				t.Cleanup(nodes[i].Close)
			}
			h.orders = nodes[0]        // reads open contacts under the nodes' key
			const orders, each = 40, 3 // every order sent three times to each node at once
			results := make([][]app.Result, orders)
			var mu sync.Mutex
			var wg sync.WaitGroup
			for i := range orders {
				in := paid(fmt.Sprintf("race-%d", i), 1, "TEA-250")
				for n := range 2 * each {
					wg.Add(1)
					go func() {
						defer wg.Done()
						r := nodes[n%2].Ingest(ctx, in)
						mu.Lock()
						results[i] = append(results[i], r)
						mu.Unlock()
					}()
				}
			}
			wg.Wait()
			for i, rs := range results {
				created := 0
				for _, r := range rs {
					if r.Err != nil {
						t.Fatalf("order %d: %v", i, r.Err)
					}
					if r.Effect == app.EffectCreated && !r.Replayed {
						created++
					}
				}
				if created != 1 {
					t.Fatalf("order %d created %d times over %d sends: %+v", i, created, len(rs), rs)
				}
			}
			recs, err := h.orders.List(ctx, orderListAll())
			must(t, err)
			if len(recs) != orders {
				t.Fatalf("%d orders stored, want %d", len(recs), orders)
			}
			h.assertInvariants(t)
		})
	}
}
