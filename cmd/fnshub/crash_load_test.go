package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// crashOrder is one order of the workload as its channel sends it:
// version 1 awaiting_payment, 2 paid and, for some, 3 cancelled.
type crashOrder struct {
	ext    string
	qty    int64
	newest int64
}

var crashStatus = map[int64]string{1: "awaiting_payment", 2: "paid", 3: "cancelled"}

func (o *crashOrder) body(v int64) string {
	paidAt := ""
	if v >= 2 {
		paidAt = `"paid_at":"2026-11-11T00:00:09+08:00",`
	}
	return fmt.Sprintf(`{"channel":"web","shop":"CRASH","external_id":%q,"version":%d,"status":%q,"buyer_id":"u-%s",
	"currency":"CNY","created_at":"2026-11-11T00:00:01+08:00",%s
	"lines":[{"sku":"TEA-250","quantity":%d,"unit_price":{"amount":"59.90","currency":"CNY"}}],
	"shipping_fee":{"amount":"8.00","currency":"CNY"},
	"contact":{"name":"张三丰","phone":"13812345678","province":"浙江省","city":"杭州市","district":"西湖区","detail":"龙井路 1 号"}}`,
		o.ext, v, crashStatus[v], o.ext, paidAt, o.qty)
}

// crashReq is one version of one order, sent as POST /api/v1/orders.
type crashReq struct {
	ord     *crashOrder
	version int64
}

// roundLoad makes n orders and their requests, shuffled so that versions
// arrive out of order, a quarter of them twice.
func roundLoad(rng *rand.Rand, round, n int) ([]*crashOrder, []crashReq) {
	orders := make([]*crashOrder, n)
	var reqs []crashReq
	for i := range orders {
		o := &crashOrder{ext: fmt.Sprintf("R%d-%04d", round, i), qty: 1 + rng.Int64N(3), newest: 2 + rng.Int64N(2)}
		orders[i] = o
		for v := int64(1); v <= o.newest; v++ {
			reqs = append(reqs, crashReq{o, v})
			if rng.IntN(4) == 0 {
				reqs = append(reqs, crashReq{o, v})
			}
		}
	}
	rng.Shuffle(len(reqs), func(i, j int) { reqs[i], reqs[j] = reqs[j], reqs[i] })
	return orders, reqs
}

// ackBook records what the hub acknowledged with a 2xx: those versions
// were committed and must survive any crash that follows.
type ackBook struct {
	mu       sync.Mutex
	ids      map[string]int64          // external id → the hub's id
	versions map[string]map[int64]bool // external id → versions acknowledged
	problems []string                  // answers no correct hub gives
}

func newAckBook() *ackBook {
	return &ackBook{ids: map[string]int64{}, versions: map[string]map[int64]bool{}}
}

func (b *ackBook) ack(ext string, v, id int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if old, ok := b.ids[ext]; ok && old != id {
		b.problems = append(b.problems, fmt.Sprintf("order %s acknowledged as id %d and as id %d", ext, old, id))
	}
	b.ids[ext] = id
	if b.versions[ext] == nil {
		b.versions[ext] = map[int64]bool{}
	}
	b.versions[ext][v] = true
}

func (b *ackBook) problem(format string, args ...any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.problems = append(b.problems, fmt.Sprintf(format, args...))
}

// newest returns the highest version acknowledged for an order.
func (b *ackBook) newest(ext string) int64 {
	return slices.Max(slices.Collect(maps.Keys(b.versions[ext])))
}

// send posts one version. Only a 2xx answer counts as acknowledged; no
// answer at all is what a killed hub gives, and the caller judges it.
func (b *ackBook) send(s *served, r crashReq) error {
	status, body, err := s.do("POST", "/api/v1/orders", r.ord.body(r.version))
	if err != nil {
		return err
	}
	if status/100 != 2 {
		b.problem("order %s version %d: %d %s", r.ord.ext, r.version, status, body)
		return nil
	}
	var o struct {
		ID         int64  `json:"id"`
		ExternalID string `json:"external_id"`
	}
	if err := json.Unmarshal(body, &o); err != nil || o.ExternalID != r.ord.ext || o.ID == 0 {
		b.problem("order %s version %d: answer %s (%v)", r.ord.ext, r.version, body, err)
		return nil
	}
	b.ack(r.ord.ext, r.version, o.ID)
	return nil
}

// blastStats says how a burst went, to show that the kill hit work in flight.
type blastStats struct {
	sent, inFlightAtKill int64
	killed               bool
}

// blast sends reqs from workers goroutines. With killAfter > 0 it SIGKILLs
// the hub that long after the start, whatever is in flight; requests not
// yet sent by then are not sent.
func blast(s *served, reqs []crashReq, workers int, book *ackBook, killAfter time.Duration) blastStats {
	var next, inFlight atomic.Int64
	var stopped atomic.Bool
	var st blastStats
	killDone := make(chan struct{})
	if killAfter > 0 {
		time.AfterFunc(killAfter, func() {
			stopped.Store(true) // before the kill, so no error after it counts as a problem
			st.inFlightAtKill = inFlight.Load()
			st.killed = s.kill()
			close(killDone)
		})
	} else {
		close(killDone)
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for !stopped.Load() {
				i := next.Add(1) - 1
				if i >= int64(len(reqs)) {
					return
				}
				inFlight.Add(1)
				if err := book.send(s, reqs[i]); err != nil && !stopped.Load() {
					book.problem("order %s version %d: no answer from a live hub: %v", reqs[i].ord.ext, reqs[i].version, err)
				}
				inFlight.Add(-1)
			}
		})
	}
	wg.Wait()
	<-killDone
	st.sent = min(next.Load(), int64(len(reqs)))
	return st
}
