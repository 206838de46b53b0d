package app_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/channel/generic"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/job/jobdb"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// stormOrders is how many orders each of the storm's three shops sends;
// FNSHUB_STORM_ORDERS overrides it (the full storm is 10,000).
func stormOrders(t *testing.T) int {
	if v := os.Getenv("FNSHUB_STORM_ORDERS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("FNSHUB_STORM_ORDERS=%q: want a positive count", v)
		}
		return n
	}
	return 1000
}

// delivery is one webhook of the storm.
type delivery struct {
	shop, id string
	body     []byte
	forged   bool
}

// stormDeliveries makes each shop's orders as webhooks: every order once,
// a second version of a quarter of them (sent in any order against the
// first), 30% of deliveries sent again with the same id, and 2% forged.
func stormDeliveries(t *testing.T, shops []string, n int, rng *rand.Rand) (ds []delivery, latest map[string]int64) {
	latest = map[string]int64{}
	for _, sh := range shops {
		for i := range n {
			ext := fmt.Sprintf("%s-%05d", sh, i)
			versions := 1
			if i%4 == 0 {
				versions = 2
			}
			for v := 1; v <= versions; v++ {
				body := stormBody(t, sh, ext, int64(v), rng)
				d := delivery{shop: sh, id: fmt.Sprintf("%s/v%d", ext, v), body: body}
				ds = append(ds, d)
				if rng.Float64() < 0.3 {
					ds = append(ds, d)
				}
			}
			latest[ext] = int64(versions)
			if rng.Float64() < 0.02 {
				ds = append(ds, delivery{shop: sh, id: ext + "/forged", body: stormBody(t, sh, ext, 9, rng), forged: true})
			}
		}
	}
	rng.Shuffle(len(ds), func(i, j int) { ds[i], ds[j] = ds[j], ds[i] })
	return ds, latest
}

func stormBody(t *testing.T, shop, ext string, version int64, rng *rand.Rand) []byte {
	skus := []string{"TEA-250", "TEA-500", "CUP", "GIFT"}
	var lines []map[string]any
	for _, k := range rng.Perm(len(skus))[:1+rng.IntN(2)] {
		lines = append(lines, map[string]any{"sku": skus[k], "quantity": 1 + rng.IntN(2),
			"unit_price": map[string]string{"amount": "10.00", "currency": "CNY"}})
	}
	b, err := json.Marshal(map[string]any{"channel": "web", "shop": shop, "external_id": ext, "version": version, "status": "paid",
		"currency": "CNY", "buyer_id": "b-" + ext, "created_at": "2026-11-11T00:00:01Z", "lines": lines,
		"contact": map[string]string{"name": "王五", "phone": "13900000000", "province": "北京", "detail": "长安街 1 号"}})
	must(t, err)
	return b
}

// TestHooksStorm: three shops' webhooks all at once, duplicated, versions
// out of order, some forged, with too little stock for all of them, through
// the real intake and the real job queue. Every genuine delivery is kept
// once, every order ends at its latest version once, nothing is oversold,
// the books balance, and exactly the forged ones are refused as
// unauthorised.
func TestHooksStorm(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			h := newHub(t, e.Open, app.OrderOptions{})
			_, err := jobdb.Migrate(ctx, h.db)
			must(t, err)
			shops := []string{"S1", "S2", "S3"}
			for _, id := range shops[1:] {
				_, err := h.shops.Create(ctx, shop.Shop{ID: id, Channel: "web", Name: id})
				must(t, err)
			}
			n := stormOrders(t)
			for _, sku := range []string{"TEA-250", "TEA-500", "CUP"} {
				h.receive(t, "r-"+sku, sku, "SH", int64(n)) // about a third of what is ordered
			}
			hooks := app.NewHooks(h.orders, h.shops, app.NewShopConnectors(fixedCreds{"webhook_secret": hookSecret}, decodeJSON))
			t.Cleanup(hooks.Close)
			w := job.NewWorkers()
			hooks.Register(w)
			q, err := jobdb.New(h.db, w, jobdb.Config{Poll: 20 * time.Millisecond, Backoff: 20 * time.Millisecond})
			must(t, err)
			must(t, q.Start(ctx))
			t.Cleanup(func() { _ = q.Stop(ctx) })

			ds, latest := stormDeliveries(t, shops, n, rand.New(rand.NewPCG(42, uint64(n))))
			var next atomic.Int64
			var mu sync.Mutex
			count := map[string]int{}
			forgedRefused, forged := 0, 0
			var wg sync.WaitGroup
			for range 64 {
				wg.Go(func() {
					for i := int(next.Add(1) - 1); i < len(ds); i = int(next.Add(1) - 1) {
						d := ds[i]
						hk := signedHook(t, d.body, hookSecret, d.id)
						hk.Shop = d.shop
						if d.forged {
							hk.Header.Set(generic.SignatureHeader, generic.Sign([]byte(hookSecret), d.body[1:]))
						}
						ans, err := hooks.Receive(ctx, hk)
						mu.Lock()
						switch {
						case d.forged:
							forged++
							if fault.Is(err, fault.Unauthorized) {
								forgedRefused++
							}
						case err != nil:
							t.Errorf("delivery %s: %v", d.id, err)
						default:
							count[string(ans.Outcome)]++
						}
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			if forgedRefused != forged {
				t.Fatalf("%d of %d forged deliveries refused as unauthorised", forgedRefused, forged)
			}
			distinct := 0
			for _, v := range latest {
				distinct += int(v)
			}
			if count["accepted"] != distinct || count["accepted"]+count["duplicate"]+forged != len(ds) {
				t.Fatalf("answers %v for %d deliveries (%d forged): want %d accepted", count, len(ds), forged, distinct)
			}
			if !waitDeliveries(t, h.db) {
				page, _ := q.List(ctx, job.Filter{Limit: 5, State: job.Retryable})
				t.Fatalf("deliveries still pending; retrying jobs: %+v", page.Jobs)
			}

			recs := h.allOrders(t)
			if len(recs) != len(latest) {
				t.Fatalf("%d orders stored, want %d", len(recs), len(latest))
			}
			for _, r := range recs {
				if r.Version != latest[r.ExternalID] {
					t.Fatalf("order %s at version %d, want %d: an older version overwrote a newer one", r.ExternalID, r.Version, latest[r.ExternalID])
				}
			}
			h.assertInvariants(t)
			t.Logf("%d deliveries (%d forged) to %d orders", len(ds), forged, len(latest))
		})
	}
}

// waitDeliveries waits until no kept delivery is still pending, or ten
// minutes have passed (the race detector on a loaded machine is slow; a
// delivery stuck for good fails the test).
func waitDeliveries(t *testing.T, db *store.DB) bool {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		var pending int
		must(t, db.Read(ctx, func(tx *store.Tx) error {
			return tx.QueryRow(ctx, `SELECT COUNT(*) FROM hook_deliveries WHERE state = 'pending'`).Scan(&pending)
		}))
		if pending == 0 {
			return true
		}
	}
	return false
}
