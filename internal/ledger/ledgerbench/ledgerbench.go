// Package ledgerbench is the ledger posting workload shared by the Go
// benchmarks and `fnshub bench ledger`: concurrent posters sending balanced
// two-line entries, either all on one hot account pair (every order hits the
// platform receivable) or spread over many sub-accounts.
package ledgerbench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
)

// Workload describes one run.
type Workload struct {
	Entries int // entries to post in all
	Posters int // concurrent callers of Ledger.Post
	Spread  int // 0: hot accounts 1122/6001; N: N receivable sub-accounts 1122.NNNN
	// Sequential keys rise like marketplace trade ids; otherwise they are
	// random like UUIDs.
	Sequential bool
	// NoDims posts without dimensions (shop, channel, order), as entries
	// were before issue 7, to compare builds on the same bytes.
	NoDims bool
	Prefix string
}

// Result is what a run measured. Every entry was durable before its Post returned.
type Result struct {
	Entries  int
	Elapsed  time.Duration
	P50, P99 time.Duration
}

// PerSecond is the posting throughput.
func (r Result) PerSecond() float64 { return float64(r.Entries) / r.Elapsed.Seconds() }

func (r Result) String() string {
	return fmt.Sprintf("%d entries in %v: %.0f entries/s, latency p50 %v p99 %v",
		r.Entries, r.Elapsed.Round(time.Millisecond), r.PerSecond(), r.P50.Round(time.Microsecond), r.P99.Round(time.Microsecond))
}

// Setup creates the sub-accounts a spread workload posts to.
func Setup(ctx context.Context, l *ledger.Ledger, w Workload) error {
	for i := range w.Spread {
		a := ledger.Account{Code: subAccount(i), NameZH: "应收账款-店铺", NameEN: "Receivable - shop", Class: ledger.Asset, NormalSide: ledger.Debit}
		if _, err := l.CreateAccount(ctx, a); err != nil {
			return err
		}
	}
	return nil
}

func subAccount(i int) string { return fmt.Sprintf("1122.%04d", i+1) }

// Run posts w.Entries entries from w.Posters goroutines.
func Run(ctx context.Context, l *ledger.Ledger, w Workload) (Result, error) {
	latencies := make([]time.Duration, w.Entries)
	var next atomic.Int64
	var firstErr error
	var once sync.Once
	var wg sync.WaitGroup
	start := time.Now()
	for range max(w.Posters, 1) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < w.Entries; i = int(next.Add(1) - 1) {
				t := time.Now()
				if _, err := l.Post(ctx, w.request(i)); err != nil {
					once.Do(func() { firstErr = err })
					return
				}
				latencies[i] = time.Since(t)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if firstErr != nil {
		return Result{}, firstErr
	}
	slices.Sort(latencies)
	return Result{Entries: w.Entries, Elapsed: elapsed, P50: quantile(latencies, 0.50), P99: quantile(latencies, 0.99)}, nil
}

// request is entry i: 113.00 CNY receivable against revenue, with the
// dimensions an order's postings carry (shop, channel, order). Random keys
// (API Idempotency-Keys are often UUIDs) make the unique key index write one
// page per entry; rising keys (Taobao/JD trade ids grow over time) append.
func (w Workload) request(i int) ledger.Request {
	amount := money.New(11300+int64(i%100), "CNY")
	neg, _ := amount.Neg()
	debit := "1122"
	if w.Spread > 0 {
		debit = subAccount(i % w.Spread)
	}
	key := randomKey()
	if w.Sequential {
		key = fmt.Sprintf("tmall:%012d", i)
	}
	var dims ledger.Dims
	if !w.NoDims {
		dims = ledger.Dims{Shop: "tmall-flagship", Channel: "tmall", Source: ledger.Source{Kind: ledger.SourceOrder, ID: strconv.Itoa(i + 1)}}
	}
	return ledger.Request{SourceKey: w.Prefix + key, Description: "bench order",
		Postings: []ledger.Posting{{Account: debit, Amount: amount, Dims: dims}, {Account: "6001", Amount: neg, Dims: dims}}}
}

func randomKey() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[int(q*float64(len(sorted)-1))]
}
