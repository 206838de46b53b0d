package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/config"
)

// TestDemo runs fnshub demo in-process and checks what it promises: orders
// arrive from the simulated Shopify store (webhooks) and TOP gateway
// (pulls) through the real connectors, and from the web shop's signed
// pushes; an sku_unmapped hold is resolved by mapping its listing and
// retrying; once the buyers stop, both platforms show what the hub
// publishes; and fnshub check finds every invariant holding.
func TestDemo(t *testing.T) {
	dir := t.TempDir()
	cfg := config.Default()
	cfg.DataDir, cfg.Addr, cfg.LogLevel = dir, "127.0.0.1:0", "warn"
	var out lockedBuffer
	env := cliEnv{stdin: strings.NewReader(""), stdout: &out, stderr: io.Discard, getenv: func(string) string { return "" }}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready, done := make(chan *demoRun, 1), make(chan error, 1)
	go func() {
		done <- runDemo(ctx, env, cfg, demoOptions{rate: 240, seed: 3, ready: func(r *demoRun) { ready <- r }})
	}()
	var d *demoRun
	select {
	case d = <-ready:
	case err := <-done:
		t.Fatalf("the demo stopped before it was ready: %v", err)
	}
	for _, want := range []string{d.hubURL, d.token, d.password, demoAdmin, "_demo/stock", "/retry"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the demo's greeting lacks %q:\n%s", want, out.String())
		}
	}
	api := demoAPI{t: t, url: d.hubURL, token: d.token}
	demoHasReconciledPayout(t, api)

	// Orders from each platform, through its connector.
	for _, source := range []string{"hook:shopify", "pull:taobao", "hook:generic"} {
		eventually(t, "a kept "+source+" payload that was ingested", func() bool {
			var page struct{ Items []struct{ Outcome string } }
			api.get("/api/v1/raw-events?source="+source, &page)
			for _, e := range page.Items {
				if e.Outcome == "" {
					return true
				}
			}
			return false
		})
	}
	for _, shop := range []string{demoShopifyID, demoTmallID, demoWebID} {
		eventually(t, "an allocated order of "+shop, func() bool {
			return len(api.orders("shop="+shop+"&status=allocated")) > 0
		})
	}

	resolveUnmapped(t, api)

	// Once the buyers stop, the platforms settle on what the hub publishes.
	d.stop()
	for _, shop := range []string{demoShopifyID, demoTmallID} {
		settle(t, func() string { return stockMismatch(t, api, d, shop) })
	}

	cancel()
	if err := <-done; err != nil {
		t.Fatalf("the demo ended with %v", err)
	}
	var checkOut bytes.Buffer
	if code := run(context.Background(), []string{"check", "--data", dir}, cliEnv{stdin: strings.NewReader(""), stdout: &checkOut, stderr: &checkOut,
		getenv: func(string) string { return "" }}); code != exitOK {
		t.Fatalf("fnshub check after the demo: exit %d\n%s", code, checkOut.String())
	}
}

// resolveUnmapped maps the listings sku_unmapped holds name to a SKU with
// stock to spare and retries their orders, until one is allocated.
func resolveUnmapped(t *testing.T, api demoAPI) {
	t.Helper()
	eventually(t, "an sku_unmapped hold resolved by mapping and retry", func() bool {
		for _, o := range api.orders("hold=sku_unmapped") {
			det := o.Hold.Detail
			channel := map[string]string{demoShopifyID: "shopify", demoTmallID: "tmall"}[det["shop"]]
			listing := map[string]string{"channel": channel, "shop": det["shop"], "external_item_id": det["external_item_id"],
				"external_sku_id": det["external_sku_id"], "sku": api.roomiest(det["shop"])}
			if code := api.send("PUT", "/api/v1/listings", listing, "", nil); code != http.StatusOK && code != http.StatusCreated {
				t.Fatalf("PUT /api/v1/listings %v: %d", listing, code)
			}
			var after demoOrder
			if code := api.send("POST", fmt.Sprintf("/api/v1/orders/%d/retry", o.ID), nil, fmt.Sprintf("retry-%d-%d", o.ID, time.Now().UnixNano()), &after); code != http.StatusOK {
				t.Fatalf("retry of order %d: %d", o.ID, code)
			}
			if after.Hold != nil && after.Hold.Reason == "sku_unmapped" && after.Hold.Detail["external_item_id"] == det["external_item_id"] {
				t.Fatalf("order %d is still held for the listing just mapped: %+v", o.ID, after.Hold)
			}
			if after.Status == "allocated" {
				return true
			}
		}
		return false
	})
}

// stockMismatch describes the first mapped listing whose platform shows
// another quantity than the hub publishes for it; "" when none does.
func stockMismatch(t *testing.T, api demoAPI, d *demoRun, shop string) string {
	var promised struct {
		Items []struct {
			SKU       string
			Published int64
		}
	}
	api.get("/api/v1/stock/available?shop="+shop, &promised)
	published := map[string]int64{}
	for _, p := range promised.Items {
		published[p.SKU] = p.Published
	}
	var shown struct{ Items []listingStock }
	base := d.sims.shopifyURL
	if shop == demoTmallID {
		base = trimRouter(d.sims.topURL)
	}
	getJSON(t, base+"/_demo/stock", "", &shown)
	if len(shown.Items) == 0 {
		t.Fatalf("%s/_demo/stock lists no listings", base)
	}
	for _, l := range shown.Items {
		if l.SKU == "" {
			continue // listed unmapped; the test may have mapped it since
		}
		want := published[l.SKU]
		if l.Bundle {
			var b struct {
				Components []struct {
					SKU      string
					Quantity int64
				}
			}
			api.get("/api/v1/skus/"+l.SKU, &b)
			want = -1
			for _, c := range b.Components {
				if n := published[c.SKU] / c.Quantity; want < 0 || n < want {
					want = n
				}
			}
		}
		if l.Quantity != want {
			return fmt.Sprintf("%s listing %s/%s (%s) shows %d, the hub publishes %d", shop, l.ItemID, l.SKUID, l.SKU, l.Quantity, want)
		}
	}
	return ""
}

type demoOrder struct {
	ID         int64
	ExternalID string `json:"external_id"`
	Shop       string
	Status     string
	Hold       *struct {
		Reason string
		Detail map[string]string
	}
}

// demoAPI calls the demo hub's API with its admin token.
type demoAPI struct {
	t          *testing.T
	url, token string
}

func (a demoAPI) get(path string, into any) { getJSON(a.t, a.url+path, a.token, into) }

func (a demoAPI) orders(query string) []demoOrder {
	var page struct{ Items []demoOrder }
	a.get("/api/v1/orders?limit=200&"+query, &page)
	return page.Items
}

// roomiest is the plain SKU the shop may publish most of.
func (a demoAPI) roomiest(shop string) string {
	var promised struct {
		Items []struct {
			SKU       string
			Published int64
		}
	}
	a.get("/api/v1/stock/available?shop="+shop, &promised)
	best, most := "", int64(-1)
	for _, p := range promised.Items {
		if p.Published > most {
			best, most = p.SKU, p.Published
		}
	}
	return best
}

func (a demoAPI) send(method, path string, body any, key string, into any) int {
	a.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, a.url+path, r)
	req.Header.Set("Authorization", "Bearer "+a.token)
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if into != nil && resp.StatusCode/100 == 2 {
		if err := json.Unmarshal(b, into); err != nil {
			a.t.Fatalf("%s %s: %v\n%s", method, path, err, b)
		}
	}
	if resp.StatusCode/100 != 2 {
		a.t.Logf("%s %s: %d %s", method, path, resp.StatusCode, b)
	}
	return resp.StatusCode
}

func getJSON(t *testing.T, url, token string, into any) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, b)
	}
	if err := json.Unmarshal(b, into); err != nil {
		t.Fatalf("GET %s: %v\n%s", url, err, b)
	}
}

// eventually polls cond until it holds; the demo's traffic is live, so
// what it checks arrives when the platforms and jobs get to it.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	settle(t, func() string {
		if cond() {
			return ""
		}
		return "never saw " + what
	})
}

// settle polls check until it finds nothing wrong ("") and fails with
// the last thing it found. The bound only keeps a broken demo from
// hanging the test.
func settle(t *testing.T, check func() string) {
	t.Helper()
	var wrong string
	for range 600 {
		if wrong = check(); wrong == "" {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatal(wrong)
}

// lockedBuffer is a buffer the demo writes and the test reads at once.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestDemo_RefusesADirectoryWithOtherData(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "fnshub.db"), []byte("a real hub's data"), 0o600); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t)
	code, _, errw := c.run(context.Background(), "", "demo", "--data", dir, "--addr", "127.0.0.1:0")
	if code != exitUsage || !strings.Contains(errw, "did not make") {
		t.Fatalf("demo over another hub's data: exit %d\n%s", code, errw)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "fnshub.db")); err != nil || string(b) != "a real hub's data" {
		t.Fatalf("the demo touched the directory: %q %v", b, err)
	}
}

func TestDemo_StartsOverInItsOwnDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	var warn bytes.Buffer
	if err := freshDemoDir(dir, &warn); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "old.db"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := freshDemoDir(dir, &warn); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "old.db")); !os.IsNotExist(err) || !strings.Contains(warn.String(), "starting over") {
		t.Fatalf("an earlier demo's data was kept (%v), warning %q", err, warn.String())
	}
	if _, err := os.Stat(filepath.Join(dir, demoMarker)); err != nil {
		t.Fatalf("the new directory is not marked: %v", err)
	}
}

// The command itself: its flags reach the demo, it makes ./fnshub-demo
// when --data is not given, greets, and ends after --duration.
func TestCLI_DemoEndsAfterItsDuration(t *testing.T) {
	t.Chdir(t.TempDir())
	c := newCLI(t)
	delete(c.env, "FNSHUB_DATA")
	code, out, errw := c.run(context.Background(), "", "demo", "--addr", "127.0.0.1:0", "--rate", "0", "--duration", "3s")
	if code != exitOK {
		t.Fatalf("fnshub demo --duration 3s: exit %d\n%s%s", code, out, errw)
	}
	if !strings.Contains(out, "Admin login:    user "+demoAdmin) || !strings.Contains(out, "data in "+demoDataDir) {
		t.Fatalf("the greeting:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(demoDataDir, demoMarker)); err != nil {
		t.Fatalf("no marked ./%s: %v", demoDataDir, err)
	}
	if code, _, errw := c.run(context.Background(), "", "demo", "--rate", "-1"); code != exitUsage || !strings.Contains(errw, "--rate") {
		t.Fatalf("--rate -1: exit %d %s", code, errw)
	}
}

// demoHasReconciledPayout checks the demo seeds a settlement for the
// console's finance pages: a Shopify payout, reconciled, with differences.
func demoHasReconciledPayout(t *testing.T, api demoAPI) {
	t.Helper()
	var payouts struct {
		Items []struct {
			ID   int64  `json:"id"`
			Shop string `json:"shop"`
		} `json:"items"`
	}
	api.get("/api/v1/settlements/payouts?shop="+demoShopifyID, &payouts)
	if len(payouts.Items) != 1 {
		t.Fatalf("the demo's payouts: %+v, want one of %s", payouts.Items, demoShopifyID)
	}
	var rec struct {
		Run       *struct{ ID int64 } `json:"run"`
		Waterfall *struct {
			Steps []struct{ Name string } `json:"steps"`
		} `json:"waterfall"`
		Differences []struct{ Class string } `json:"differences"`
	}
	api.get(fmt.Sprintf("/api/v1/settlements/payouts/%d/reconciliation", payouts.Items[0].ID), &rec)
	if rec.Run == nil || rec.Waterfall == nil || len(rec.Waterfall.Steps) != 6 || len(rec.Differences) == 0 {
		t.Fatalf("the demo payout's reconciliation: %+v", rec)
	}
}
