package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fnshub/fnshub/internal/channel/generic"
)

// hookBench is one run of `fnshub bench hooks`: signed generic webhooks
// sent at a running hub at a fixed rate, open loop, as a platform sends
// them whatever the hub's pace.
type hookBench struct {
	httpBench
	rate     int           // requests per second
	duration time.Duration // how long to send
	settle   time.Duration // how long to wait for the jobs to ingest every accepted order
}

// hookBenchResult is what a run measured.
type hookBenchResult struct {
	Sent, Accepted   int
	Failed           map[string]int
	FirstFailure     string
	Elapsed          time.Duration // sending
	P50, P99, Max    time.Duration // acknowledgement latency
	Stored           int           // the run's orders stored once the jobs ran
	IngestedAfter    time.Duration // from the first send until every accepted order was stored; 0: not all were
	MissedSchedule   int           // sends that started more than 10 ms late (the tool, not the hub, fell behind)
	webhookSecretSet bool
}

func (b hookBench) secret() string { return "bench-" + b.run }

// setUpHooks creates the run's shop and stock (httpBench.setUp) and gives
// the shop its webhook secret.
func (b hookBench) setUpHooks(ctx context.Context, c *benchClient) error {
	if _, err := b.setUp(ctx, c); err != nil {
		return err
	}
	_, err := c.mustDo(ctx, "PUT", b.urls[0]+"/api/v1/shops/"+b.shop()+"/secrets/webhook_secret",
		fmt.Sprintf(`{"value":%q}`, b.secret()), nil)
	return err
}

// runHookBench sends b.rate signed orders a second for b.duration, each
// started on schedule whether or not earlier ones were answered, then waits
// for the hub's jobs to ingest what it accepted.
func runHookBench(ctx context.Context, b hookBench) (hookBenchResult, error) {
	res := hookBenchResult{Failed: map[string]int{}}
	c := &benchClient{token: b.token, http: &http.Client{Timeout: b.timeout,
		Transport: &http.Transport{MaxIdleConns: 512, MaxIdleConnsPerHost: 512}}}
	defer c.http.CloseIdleConnections()
	if err := b.setUpHooks(ctx, c); err != nil {
		return res, err
	}
	n := int(float64(b.rate) * b.duration.Seconds())
	rng := mrand.New(mrand.NewPCG(11, uint64(n)))
	bodies := make([]string, n)
	for i := range bodies {
		bodies[i] = b.orderBody(i, rng)
	}
	var mu sync.Mutex
	latencies := make([]time.Duration, 0, n)
	var wg sync.WaitGroup
	start := time.Now()
	gap := time.Second / time.Duration(b.rate)
	for i := range n {
		due := start.Add(time.Duration(i) * gap)
		time.Sleep(time.Until(due))
		if time.Since(due) > 10*time.Millisecond {
			res.MissedSchedule++
		}
		wg.Go(func() {
			t0 := time.Now()
			status, body, err := b.send(ctx, c, bodies[i], fmt.Sprintf("%s-%d", b.run, i))
			took := time.Since(t0)
			mu.Lock()
			defer mu.Unlock()
			res.Sent++
			var ans struct {
				Status string `json:"status"`
			}
			if err == nil {
				_ = json.Unmarshal(body, &ans)
			}
			switch {
			case err != nil:
				res.Failed["no answer"]++
				res.FirstFailure = cmpOr(res.FirstFailure, err.Error())
			case status != http.StatusOK || ans.Status != "accepted":
				res.Failed[fmt.Sprintf("%d %s", status, ans.Status)]++
				res.FirstFailure = cmpOr(res.FirstFailure, fmt.Sprintf("%d %s", status, trimBody(body)))
			default:
				res.Accepted++
				latencies = append(latencies, took)
			}
		})
		if ctx.Err() != nil {
			break
		}
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	slices.Sort(latencies)
	res.P50, res.P99 = percentile(latencies, 50), percentile(latencies, 99)
	if len(latencies) > 0 {
		res.Max = latencies[len(latencies)-1]
	}
	return res, b.awaitIngest(ctx, c, start, &res)
}

// send posts one signed delivery.
func (b hookBench) send(ctx context.Context, c *benchClient, body, delivery string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, "POST", b.urls[0]+"/hooks/generic/"+b.shop(), strings.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(generic.SignatureHeader, generic.Sign([]byte(b.secret()), []byte(body)))
	req.Header.Set(generic.DeliveryHeader, delivery)
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	return resp.StatusCode, out, err
}

// awaitIngest lists the run's shop until every accepted order is stored or
// b.settle has passed.
func (b hookBench) awaitIngest(ctx context.Context, c *benchClient, start time.Time, res *hookBenchResult) error {
	deadline := time.Now().Add(b.settle)
	for {
		got, err := listShopOrders(ctx, c, b.urls[0], b.shop())
		if err != nil {
			return err
		}
		res.Stored = len(got)
		if res.Stored >= res.Accepted {
			res.IngestedAfter = time.Since(start)
			return nil
		}
		if time.Now().After(deadline) {
			return nil
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func benchHooksCmd(ctx context.Context, env cliEnv, urls string, b hookBench) error {
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
	case b.rate < 1 || b.rate > 20_000:
		return usageErr("--rate must be between 1 and 20000 requests a second")
	case b.duration <= 0 || b.duration > time.Hour:
		return usageErr("--duration must be positive and at most an hour")
	case b.skus < 1 || b.skus > 999:
		return usageErr("--skus must be between 1 and 999")
	}
	if b.run == "" {
		b.run = "H" + strings.ToUpper(rand.Text()[:8])
	}
	b.orders = int(float64(b.rate) * b.duration.Seconds()) // the stock setUp receives covers every order
	res, err := runHookBench(ctx, b)
	if err != nil {
		return err
	}
	printHookBench(env.stdout, b, res)
	if res.Accepted != res.Sent || res.Stored != res.Accepted {
		return errBenchUnverified
	}
	return nil
}

func printHookBench(w io.Writer, b hookBench, r hookBenchResult) {
	fmt.Fprintf(w, "bench hooks: %d signed generic webhooks to %s at %d/s for %s (run %s)\n", r.Sent, b.urls[0], b.rate, b.duration, b.run)
	fmt.Fprintf(w, "  accepted %d, acknowledgement p50 %s, p99 %s, max %s; %d sends started >10 ms late\n",
		r.Accepted, r.P50.Round(10*time.Microsecond), r.P99.Round(10*time.Microsecond), r.Max.Round(10*time.Microsecond), r.MissedSchedule)
	for k, v := range r.Failed {
		fmt.Fprintf(w, "  failed %s: %d\n", k, v)
	}
	if r.FirstFailure != "" {
		fmt.Fprintf(w, "  first failure: %s\n", r.FirstFailure)
	}
	if r.IngestedAfter > 0 {
		fmt.Fprintf(w, "  all %d accepted orders stored by the jobs %s after the first send\n", r.Stored, r.IngestedAfter.Round(time.Millisecond))
	} else {
		fmt.Fprintf(w, "  NOT all ingested: %d of %d stored after waiting %s\n", r.Stored, r.Accepted, b.settle)
	}
}
