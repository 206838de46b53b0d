package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/config"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/sandbox/top"
)

// demoOptions are fnshub demo's own flags.
type demoOptions struct {
	rate     float64       // orders a minute over all shops
	duration time.Duration // 0: until interrupted
	seed     uint64
	// ready, if set, is handed the running demo (tests).
	ready func(*demoRun)
}

// demoRun is a running demo: where the hub is and how to sign in.
type demoRun struct {
	hubURL   string
	token    string
	password string
	sims     *demoSims
	stop     context.CancelFunc // stops the traffic; the hub serves on
}

// The demo's defaults.
const (
	demoDataDir   = "fnshub-demo"
	demoMarker    = ".fnshub-demo" // marks a directory the demo made, which it may start over
	demoPullEvery = 10 * time.Second
)

func demoCmd() command {
	opt := demoOptions{}
	var flags *flag.FlagSet
	return command{name: "demo", args: "[--data DIR] [--addr HOST:PORT] [--rate N] [--duration D] [--seed S]",
		summary: "run the hub with a demo merchant and simulated Shopify and Tmall traffic",
		help: "Runs the hub as serve does, on the embedded SQLite in --data (default ./" + demoDataDir + ", made fresh at\n" +
			"each start; a directory holding other data is refused), with a demo merchant seeded through the hub's\n" +
			"services: three warehouses, about 200 SKUs over 40 products with bundles, stock received at a cost, and\n" +
			"three shops sharing it: one on a simulated Shopify store, one on a simulated Taobao Open Platform (TOP)\n" +
			"gateway (Tmall) and a web shop on the generic channel. The simulators are real HTTP servers on loopback\n" +
			"ports, spoken to by the hub's real connectors: Shopify sends webhooks, the hub pulls TOP every 10 s, the\n" +
			"web shop posts signed orders, and the hub pushes stock back to both platforms within their rate limits.\n" +
			"One Shopify Payments payout is imported and reconciled (its orders are not the hub's: differences to read).\n" +
			"Orders arrive at --rate a minute; some name listings nobody mapped (hold sku_unmapped) or SKUs kept\n" +
			"scarce (hold insufficient_stock). Once ready it prints the URL, an admin login and API token, curl\n" +
			"examples and how to resolve a hold. Runs until SIGINT or SIGTERM, or for --duration.\n" +
			"fnshub serve stays the production command; nothing here is needed there.",
		flags: func(fs *flag.FlagSet) {
			flags = fs
			fs.Float64Var(&opt.rate, "rate", 30, "orders a minute, over all three shops (0: none)")
			fs.DurationVar(&opt.duration, "duration", 0, "stop after this long, e.g. 5m (0: until interrupted)")
			fs.Uint64Var(&opt.seed, "seed", 1, "makes the merchant, its prices and the traffic repeatable")
		},
		run: func(ctx context.Context, env cliEnv, cfg config.Config) error {
			given := false
			flags.Visit(func(f *flag.Flag) { given = given || f.Name == "data" })
			if !given && env.getenv("FNSHUB_DATA") == "" {
				cfg.DataDir = demoDataDir
			}
			return runDemo(ctx, env, cfg, opt)
		}}
}

func runDemo(ctx context.Context, env cliEnv, cfg config.Config, opt demoOptions) error {
	switch {
	case cfg.UsesPostgres():
		return usageErr("fnshub demo runs on the embedded SQLite: drop --db (FNSHUB_DB) and give --data DIR")
	case opt.rate < 0:
		return usageErr("--rate %v: give orders a minute, 0 or more", opt.rate)
	}
	if err := freshDemoDir(cfg.DataDir, env.stderr); err != nil {
		return err
	}
	// --duration counts from when the demo is ready, however long seeding took.
	ctx, end := context.WithCancel(ctx)
	defer end()
	// The hub listens first: the Shopify store is told where to send its
	// webhooks before the hub starts.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	hubURL := "http://" + ln.Addr().String()
	sims, err := startSims(cfg.Currency, opt.seed)
	if err != nil {
		return err
	}
	defer sims.close()
	var m *demoMerchant
	return serveHub(ctx, env, cfg, serveOptions{listener: ln, pullEvery: demoPullEvery,
		prepare: func(ctx context.Context, h *hub) (err error) {
			m, err = seedDemo(ctx, h, sims, money.Currency(cfg.Currency), opt.seed, hubURL)
			return err
		},
		ready: func(ctx context.Context, h *hub, url string) {
			tctx, stop := context.WithCancel(ctx)
			t := &traffic{sims: sims, m: m, hubURL: url, cur: money.Currency(cfg.Currency), rnd: mrand.New(mrand.NewPCG(opt.seed, 7)),
				log: newLogger(env.stderr, cfg).With("component", "demo"), client: &http.Client{Timeout: 10 * time.Second}}
			if opt.rate > 0 {
				t.every = time.Duration(float64(time.Minute) / opt.rate)
			}
			go t.run(tctx)
			if opt.duration > 0 {
				time.AfterFunc(opt.duration, end)
			}
			t.log.Info("demo ready", "url", url, "user", demoAdmin,
				"resolve_holds", "map the listing an sku_unmapped hold names (PUT /api/v1/listings), or receive stock for insufficient_stock, then POST /api/v1/orders/{id}/retry")
			run := &demoRun{hubURL: url, token: m.token, password: m.password, sims: sims, stop: stop}
			printDemo(env.stdout, run, cfg.DataDir)
			if opt.ready != nil {
				opt.ready(run)
			}
		}})
}

// freshDemoDir makes dir ready for a new demo merchant: it creates it, or
// empties one an earlier demo made (it holds the marker); a directory
// with anything else in it is refused, so a real hub's data is never
// touched.
func freshDemoDir(dir string, warn io.Writer) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return err
	case len(entries) == 0:
	default:
		if _, err := os.Stat(filepath.Join(dir, demoMarker)); err != nil {
			return usageErr("%s holds data that fnshub demo did not make; give the demo its own --data DIR (it starts a new merchant each time)", dir)
		}
		fmt.Fprintf(warn, "fnshub demo: starting over in %s (an earlier demo's data)\n", dir)
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, demoMarker), []byte("made by fnshub demo; the next demo start empties this directory\n"), 0o600)
}

// printDemo tells a newcomer where everything is and what to try.
func printDemo(w io.Writer, r *demoRun, dir string) {
	fmt.Fprintf(w, `fnshub demo is running (data in %[4]s; Ctrl-C stops it)

  Hub (API):      %[1]s
  Console:        %[1]s/   (sign in with the admin login below)
  Admin login:    user %[5]s, password %[3]s
  API token:      %[2]s   (admin)
  Shopify store:  %[6]s   (simulated; its stock: %[6]s/_demo/stock)
  Tmall (TOP):    %[7]s   (simulated; its stock: %[8]s/_demo/stock)

Try:
  export HUB=%[1]s TOKEN=%[2]s
  curl -s -H "Authorization: Bearer $TOKEN" "$HUB/api/v1/orders?limit=20"
  curl -s -H "Authorization: Bearer $TOKEN" "$HUB/api/v1/raw-events?source=hook:shopify"     # or pull:taobao, hook:generic
  curl -s -H "Authorization: Bearer $TOKEN" "$HUB/api/v1/stock/available?shop=%[9]s"       # what the hub publishes
  curl -s %[8]s/_demo/stock                                                  # what Tmall shows
  curl -s -H "Authorization: Bearer $TOKEN" "$HUB/api/v1/orders?hold=sku_unmapped"

Resolve an sku_unmapped hold: its detail names the shop and listing; map it, then retry the order:
  curl -s -X PUT "$HUB/api/v1/listings" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"channel":"tmall","shop":"%[9]s","external_item_id":"ITEM","external_sku_id":"SKUID","sku":"P001-2"}'
  curl -s -X POST "$HUB/api/v1/orders/ID/retry" -H "Authorization: Bearer $TOKEN" -H "Idempotency-Key: retry-ID"
An insufficient_stock hold clears the same way after a receipt (POST /api/v1/stock/receipts).
`, r.hubURL, r.token, r.password, dir, demoAdmin, r.sims.shopifyURL, r.sims.topURL, trimRouter(r.sims.topURL), demoTmallID)
}

// trimRouter is the TOP server's root, without the router's path.
func trimRouter(u string) string { return strings.TrimSuffix(u, top.Path) }
