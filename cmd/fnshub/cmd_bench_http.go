package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	mrand "math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// httpBench is one run of `fnshub bench http`: paid orders posted at one or
// more running hubs through the public API alone, so that it measures any
// build, an older one too, and several nodes sharing one database.
type httpBench struct {
	urls      []string
	token     string
	orders    int
	producers int
	skus      int    // SKUs the orders draw their 1–5 lines from
	run       string // names this run's shop, SKUs, warehouse and external ids
	shopBody  string // POST /api/v1/shops body; "" for the default
	partition bool   // order i goes to node i mod n, with SKUs from that node's share only
	entities  bool   // with partition: node i's orders are in shop i of legal entity i, so their books are apart too
	timeout   time.Duration
}

// httpBenchResult is what a run measured and what the check found.
type httpBenchResult struct {
	Sent, OK     int
	Failed       map[string]int // by status and error code
	FirstFailure string
	Elapsed      time.Duration
	P50, P99     time.Duration
	PerNode      []int // orders acknowledged by each URL
	Stored       int   // orders of the run's shop listed afterwards
	Verified     bool  // every acknowledged order stored exactly once under one id
	Problems     []string
	Shop         string // "created", "existed" or "no shops endpoint"
}

// PerSecond is the acknowledged orders per second of wall time.
func (r httpBenchResult) PerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.OK) / r.Elapsed.Seconds()
}

// benchClient is the API as the tool speaks it.
type benchClient struct {
	http  *http.Client
	token string
}

func (c *benchClient) do(ctx context.Context, method, u, body string, header ...string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, u, strings.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// mustDo sends a setup request; the statuses in ok besides 2xx are accepted.
func (c *benchClient) mustDo(ctx context.Context, method, u, body string, ok []int, header ...string) (int, error) {
	status, b, err := c.do(ctx, method, u, body, header...)
	switch {
	case err != nil:
		return 0, fmt.Errorf("%s %s: %w", method, u, err)
	case status/100 == 2 || slices.Contains(ok, status):
		return status, nil
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return status, fmt.Errorf("%s %s: %d %s: --token must be an admin's API token (fnshub token create --user ADMIN)", method, u, status, trimBody(b))
	}
	return status, fmt.Errorf("%s %s: %d %s", method, u, status, trimBody(b))
}

func trimBody(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

// newBenchRun names a run: its shop, warehouse, SKUs and external ids carry
// it, so runs against one database do not meet.
func newBenchRun() string {
	return "B" + strings.ToUpper(rand.Text()[:8])
}

func (b httpBench) shop() string { return "BENCH-" + b.run }

// shops are the run's shops: one, or with entities one per node.
func (b httpBench) shops() []string {
	if !b.entities {
		return []string{b.shop()}
	}
	out := make([]string, len(b.urls))
	for i := range out {
		out[i] = fmt.Sprintf("%s-%d", b.shop(), i)
	}
	return out
}

// shopOf is the shop of order n.
func (b httpBench) shopOf(n int) string {
	shops := b.shops()
	return shops[n%len(shops)]
}
func (b httpBench) warehouse() string { return "W" + b.run }
func (b httpBench) sku(i int) string  { return fmt.Sprintf("%s-SKU-%03d", b.run, i) }

// setUp creates, through the first URL, the run's warehouse, SKUs with
// stock for every order, and its shop where the hub has shops.
func (b httpBench) setUp(ctx context.Context, c *benchClient) (string, error) {
	base := b.urls[0]
	if _, err := c.mustDo(ctx, "POST", base+"/api/v1/warehouses",
		fmt.Sprintf(`{"code":%q,"name":"bench %s","province":"浙江省"}`, b.warehouse(), b.run), []int{http.StatusConflict}); err != nil {
		return "", err
	}
	shop := "created"
	for i, id := range b.shops() {
		entity := ""
		if b.entities {
			code := strings.ToLower(fmt.Sprintf("%s-%d", b.run, i))
			if _, err := c.mustDo(ctx, "POST", base+"/api/v1/entities",
				fmt.Sprintf(`{"code":%q,"name":"bench entity %d","base_currency":"CNY","timezone":"Asia/Shanghai"}`, code, i), []int{http.StatusConflict}); err != nil {
				return "", fmt.Errorf("%w (--entity-per-node needs a hub with legal entities)", err)
			}
			entity = fmt.Sprintf(`"entity":%q,`, code)
		}
		body := b.shopBody
		if body == "" {
			body = fmt.Sprintf(`{"id":%q,"channel":"web","name":"bench %s",%s"warehouses":[{"warehouse":%q,"priority":1}]}`, id, b.run, entity, b.warehouse())
		}
		status, err := c.mustDo(ctx, "POST", base+"/api/v1/shops", body, []int{http.StatusNotFound, http.StatusMethodNotAllowed, http.StatusConflict})
		switch {
		case err != nil:
			return "", fmt.Errorf("%w (a hub with shops may want another body: pass --shop-body)", err)
		case status == http.StatusNotFound || status == http.StatusMethodNotAllowed:
			shop = "no shops endpoint"
		case status == http.StatusConflict:
			shop = "existed"
		}
	}
	// Each order takes at most one line of a SKU, of at most 3 units.
	stock := 3 * b.orders
	for i := range b.skus {
		if _, err := c.mustDo(ctx, "POST", base+"/api/v1/skus",
			fmt.Sprintf(`{"code":%q,"name":"bench tea %d","unit":"盒","tax_rate":"0.13"}`, b.sku(i), i), []int{http.StatusConflict}); err != nil {
			return "", err
		}
		if _, err := c.mustDo(ctx, "POST", base+"/api/v1/stock/receipts",
			fmt.Sprintf(`{"sku":%q,"warehouse":%q,"quantity":%d,"unit_cost":{"amount":"4.00","currency":"CNY"}}`, b.sku(i), b.warehouse(), stock),
			nil, "Idempotency-Key", "bench-receipt-"+b.sku(i)); err != nil {
			return "", err
		}
	}
	return shop, nil
}

// orderBody is order n of the run: paid, 1–5 lines of distinct SKUs, all
// SKUs or, with partition, those of node n mod len(urls).
func (b httpBench) orderBody(n int, rng *mrand.Rand) string {
	first, count := 0, b.skus
	if b.partition {
		nodes := len(b.urls)
		share := b.skus / nodes
		first, count = (n%nodes)*share, share
	}
	lines := 1 + rng.IntN(min(5, count))
	picked := rng.Perm(count)[:lines]
	var ls []string
	for _, s := range picked {
		ls = append(ls, fmt.Sprintf(`{"sku":%q,"quantity":%d,"unit_price":{"amount":"59.90","currency":"CNY"}}`, b.sku(first+s), 1+rng.IntN(3)))
	}
	return fmt.Sprintf(`{"channel":"web","shop":%q,"external_id":"%s-%07d","version":1,"status":"paid","buyer_id":"u-%d",
"currency":"CNY","created_at":"2026-11-11T00:00:01+08:00","paid_at":"2026-11-11T00:00:09+08:00",
"lines":[%s],"shipping_fee":{"amount":"8.00","currency":"CNY"},
"contact":{"name":"张三丰","phone":"13812345678","province":"浙江省","city":"杭州市","district":"西湖区","detail":"龙井路 1 号"}}`,
		b.shopOf(n), b.run, n, rng.IntN(1_000_000), strings.Join(ls, ","))
}

// runHTTPBench sets up, posts b.orders orders from b.producers producers
// (producer i at URL i mod len(urls); with partition, order i at URL i mod
// len(urls)), then lists the run's shop to check that every acknowledged
// order is stored exactly once.
func runHTTPBench(ctx context.Context, b httpBench) (httpBenchResult, error) {
	res := httpBenchResult{Failed: map[string]int{}, PerNode: make([]int, len(b.urls))}
	c := &benchClient{token: b.token, http: &http.Client{Timeout: b.timeout,
		Transport: &http.Transport{MaxIdleConns: 2 * b.producers, MaxIdleConnsPerHost: b.producers}}}
	defer c.http.CloseIdleConnections()
	var err error
	if res.Shop, err = b.setUp(ctx, c); err != nil {
		return res, err
	}
	bodies := make([]string, b.orders)
	// A fixed seed: every run of N orders draws the same lines, so two builds see one workload.
	rng := mrand.New(mrand.NewPCG(7, uint64(b.orders)))
	for i := range bodies {
		bodies[i] = b.orderBody(i, rng)
	}
	var (
		next      atomic.Int64
		mu        sync.Mutex
		latencies = make([]time.Duration, 0, b.orders)
		acked     = make(map[string][]int64, b.orders) // external id → ids answered
	)
	start := time.Now()
	var wg sync.WaitGroup
	for p := range b.producers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= b.orders || ctx.Err() != nil {
					return
				}
				node := p % len(b.urls)
				if b.partition {
					node = i % len(b.urls)
				}
				t0 := time.Now()
				status, body, err := c.do(ctx, "POST", b.urls[node]+"/api/v1/orders", bodies[i])
				took := time.Since(t0)
				var o struct {
					ID         int64  `json:"id"`
					ExternalID string `json:"external_id"`
					Code       string `json:"code"`
				}
				if err == nil {
					_ = json.Unmarshal(body, &o)
				}
				mu.Lock()
				switch {
				case err != nil:
					res.Failed["no answer"]++
					if res.FirstFailure == "" {
						res.FirstFailure = err.Error()
					}
				case status/100 != 2 || o.ID == 0:
					res.Failed[fmt.Sprintf("%d %s", status, o.Code)]++
					if res.FirstFailure == "" {
						res.FirstFailure = fmt.Sprintf("%d %s", status, trimBody(body))
					}
				default:
					res.OK++
					res.PerNode[node]++
					latencies = append(latencies, took)
					acked[o.ExternalID] = append(acked[o.ExternalID], o.ID)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	res.Sent = min(int(next.Load()), b.orders)
	if err := ctx.Err(); err != nil {
		return res, err
	}
	slices.Sort(latencies)
	res.P50, res.P99 = percentile(latencies, 50), percentile(latencies, 99)

	stored := map[string][]int64{}
	for _, shop := range b.shops() {
		got, err := listShopOrders(ctx, c, b.urls[0], shop)
		if err != nil {
			return res, err
		}
		maps.Copy(stored, got) // external ids carry the run and the order number: no two shops share one
	}
	res.Stored = len(stored)
	res.Problems = verifyStored(acked, stored)
	if res.OK != b.orders {
		res.Problems = append(res.Problems, fmt.Sprintf("%d of %d orders acknowledged", res.OK, b.orders))
	}
	res.Verified = len(res.Problems) == 0
	return res, nil
}

// verifyStored compares what the hubs acknowledged (external id → ids
// answered) with what is stored (external id → ids listed): each order
// once, under the id it was acknowledged with, and nothing else.
func verifyStored(acked, stored map[string][]int64) []string {
	var problems []string
	add := func(format string, args ...any) {
		if len(problems) < 20 {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
	}
	for ext, ids := range acked {
		got := stored[ext]
		switch {
		case len(ids) != 1:
			add("order %s acknowledged %d times", ext, len(ids))
		case len(got) != 1:
			add("order %s stored %d times (ids %v)", ext, len(got), got)
		case got[0] != ids[0]:
			add("order %s acknowledged as id %d, stored as %d", ext, ids[0], got[0])
		}
	}
	for ext, got := range stored {
		if _, ok := acked[ext]; !ok {
			add("order %s stored (ids %v) but never acknowledged", ext, got)
		}
	}
	return problems
}

// listShopOrders pages through GET /api/v1/orders?shop= and returns the
// ids listed per external id.
func listShopOrders(ctx context.Context, c *benchClient, base, shop string) (map[string][]int64, error) {
	out := map[string][]int64{}
	cursor := ""
	for {
		q := url.Values{"shop": {shop}, "limit": {"1000"}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		status, body, err := c.do(ctx, "GET", base+"/api/v1/orders?"+q.Encode(), "")
		if err != nil {
			return nil, fmt.Errorf("list orders: %w", err)
		}
		if status != http.StatusOK {
			return nil, fmt.Errorf("list orders: %d %s", status, trimBody(body))
		}
		var page struct {
			Items []struct {
				ID         int64  `json:"id"`
				ExternalID string `json:"external_id"`
			} `json:"items"`
			NextCursor string `json:"next_cursor"`
		}
		if err := json.NewDecoder(bytes.NewReader(body)).Decode(&page); err != nil {
			return nil, fmt.Errorf("list orders: %w", err)
		}
		for _, it := range page.Items {
			out[it.ExternalID] = append(out[it.ExternalID], it.ID)
		}
		if page.NextCursor == "" {
			return out, nil
		}
		cursor = page.NextCursor
	}
}

// percentile of sorted durations, nearest rank.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	return sorted[max(0, min(len(sorted), i)-1)]
}

// parseURLs splits --url into hub base URLs.
func parseURLs(s string) ([]string, error) {
	var out []string
	for _, u := range strings.Split(s, ",") {
		u = strings.TrimRight(strings.TrimSpace(u), "/")
		if u == "" {
			continue
		}
		if p, err := url.Parse(u); err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return nil, usageErr("--url %q: want http://host:port (several comma-separated)", u)
		}
		out = append(out, u)
	}
	if len(out) == 0 {
		return nil, usageErr("--url is required: the hubs to load, e.g. --url http://127.0.0.1:8080,http://127.0.0.1:8081")
	}
	return out, nil
}

// printHTTPBench writes the result as one Markdown table with its check.
func printHTTPBench(w io.Writer, b httpBench, r httpBenchResult) {
	skus := fmt.Sprintf("%d SKUs", b.skus)
	if b.partition {
		skus += " partitioned by node"
	}
	if b.entities {
		skus += ", each node's orders in its own shop and legal entity"
	}
	fmt.Fprintf(w, "run %s: %d node(s) %s, shop %s (%s), %s, %s\n\n", b.run, len(b.urls), strings.Join(b.urls, ","),
		b.shop(), r.Shop, skus, time.Now().UTC().Format(time.RFC3339))
	fmt.Fprintln(w, "| nodes | producers | orders | acknowledged | failed | orders/s | p50 | p99 | per node | stored once |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|")
	per := make([]string, len(r.PerNode))
	for i, n := range r.PerNode {
		per[i] = fmt.Sprint(n)
	}
	failed := 0
	for _, n := range r.Failed {
		failed += n
	}
	verdict := "yes"
	if !r.Verified {
		verdict = "NO"
	}
	fmt.Fprintf(w, "| %d | %d | %d | %d | %d | %.0f | %v | %v | %s | %s |\n", len(b.urls), b.producers, b.orders, r.OK, failed,
		r.PerSecond(), r.P50.Round(100*time.Microsecond), r.P99.Round(100*time.Microsecond), strings.Join(per, "/"), verdict)
	if failed > 0 {
		keys := slices.Sorted(maps.Keys(r.Failed))
		fmt.Fprintf(w, "\nfailed:")
		for _, k := range keys {
			fmt.Fprintf(w, " %s ×%d;", k, r.Failed[k])
		}
		fmt.Fprintf(w, " first: %s\n", r.FirstFailure)
	}
	for _, p := range r.Problems {
		fmt.Fprintf(w, "problem: %s\n", p)
	}
}

var errBenchUnverified = errors.New("bench http: the stored orders do not match what was acknowledged")

// benchHTTPCmd checks the flags of `fnshub bench http`, runs it and prints
// the result.
func benchHTTPCmd(ctx context.Context, env cliEnv, urls string, b httpBench) error {
	var err error
	if b.urls, err = parseURLs(urls); err != nil {
		return err
	}
	if b.token == "" {
		b.token = env.getenv("FNSHUB_BENCH_TOKEN")
	}
	switch {
	case b.token == "":
		return usageErr("--token (or FNSHUB_BENCH_TOKEN) is required: an admin's API token, from fnshub token create --user ADMIN")
	case b.orders < 1:
		return usageErr("--orders must be at least 1")
	case b.producers < 1:
		return usageErr("--producers must be at least 1")
	case b.skus < 1 || b.skus > 999:
		return usageErr("--skus must be between 1 and 999")
	case b.timeout <= 0:
		return usageErr("--timeout must be positive")
	case b.entities && !b.partition:
		return usageErr("--entity-per-node needs --partition-skus: node i takes the orders of shop i")
	case b.partition && b.skus < len(b.urls):
		return usageErr("--partition-skus needs at least one SKU per node: --skus %d, %d URLs", b.skus, len(b.urls))
	}
	if b.run == "" {
		b.run = newBenchRun()
	}
	res, err := runHTTPBench(ctx, b)
	if err != nil {
		return err
	}
	printHTTPBench(env.stdout, b, res)
	if !res.Verified {
		return errBenchUnverified
	}
	return nil
}
