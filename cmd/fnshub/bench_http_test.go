package main

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/store/storetest"
)

// bench http runs briefly against real `fnshub serve` processes: one on
// SQLite, and two nodes on one PostgreSQL schema, and must find every order
// it was acknowledged stored exactly once.
func TestBenchHTTP_AgainstServe(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the fnshub binary and runs serve; run without -short")
	}
	bin := buildHub(t)
	run := func(t *testing.T, h *crashHub, nodes int, partition, entities bool) {
		h.mustCLI("a long enough password\n", "user", "add", "--name", "bench", "--role", "admin", "--password-stdin")
		token := strings.TrimSpace(h.mustCLI("", "token", "create", "--user", "bench", "--label", "bench test"))
		var urls []string
		for range nodes {
			urls = append(urls, h.serve(token).url)
		}
		b := httpBench{urls: urls, token: token, orders: 300, producers: 8, skus: 8, run: newBenchRun(), timeout: 30 * time.Second,
			partition: partition, entities: entities}
		res, err := runHTTPBench(context.Background(), b)
		if err != nil {
			t.Fatal(err)
		}
		var out strings.Builder
		printHTTPBench(&out, b, res)
		t.Log("\n" + out.String())
		if !res.Verified || res.OK != b.orders || res.Stored != b.orders || res.Shop != "created" {
			t.Fatalf("bench http: %+v", res)
		}
		for i, n := range res.PerNode {
			if n == 0 || partition && n != b.orders/nodes {
				t.Fatalf("node %d took %d orders: %v", i, n, res.PerNode)
			}
		}
		if res.P50 <= 0 || res.P99 < res.P50 || res.PerSecond() <= 0 {
			t.Fatalf("latencies p50 %v p99 %v, %.0f orders/s", res.P50, res.P99, res.PerSecond())
		}
		mustCheck(t, h, "after bench http")
	}
	t.Run("sqlite", func(t *testing.T) { run(t, newCrashHub(t, bin, []string{"--data", t.TempDir()}), 1, false, false) })
	t.Run("postgres, two nodes, SKUs and legal entities partitioned", func(t *testing.T) {
		base := os.Getenv(storetest.PostgresURLVar)
		switch {
		case base == "" && os.Getenv("CI") == "true":
			t.Fatalf("%s is not set: CI must run the PostgreSQL bench test (see .ci/run)", storetest.PostgresURLVar)
		case base == "":
			t.Skipf("%s is not set", storetest.PostgresURLVar)
		}
		run(t, newCrashHub(t, bin, []string{"--db", scratchSchemaURL(t, base)}, "FNSHUB_MASTER_KEY="+masterKey()), 2, true, true)
	})
}

// The check of what was stored against what was acknowledged finds each
// way the two can differ.
func TestBenchHTTP_VerifyStored(t *testing.T) {
	acked := map[string][]int64{"a": {1}, "b": {2}, "c": {3}, "d": {4, 5}}
	stored := map[string][]int64{"a": {1}, "b": {2, 9}, "c": {7}, "d": {4}, "e": {8}}
	problems := strings.Join(verifyStored(acked, stored), "\n")
	for _, want := range []string{"order b stored 2 times", "order c acknowledged as id 3, stored as 7",
		"order d acknowledged 2 times", "order e stored (ids [8]) but never acknowledged"} {
		if !strings.Contains(problems, want) {
			t.Errorf("problems lack %q:\n%s", want, problems)
		}
	}
	if strings.Contains(problems, "order a") {
		t.Errorf("order a is fine, yet:\n%s", problems)
	}
	if p := verifyStored(map[string][]int64{"a": {1}}, map[string][]int64{"a": {1}}); len(p) != 0 {
		t.Errorf("a match reported %v", p)
	}
}
