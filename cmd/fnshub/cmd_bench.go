package main

import (
	"context"
	"flag"
	"fmt"
	"runtime"
	"time"

	"github.com/fnshub/fnshub/internal/config"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/ledger/ledgerbench"
	"github.com/fnshub/fnshub/internal/ledger/ledgerdb"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/postgres"
	"github.com/fnshub/fnshub/internal/store/sqlite"
)

// benchCase is one row of the benchmark matrix.
type benchCase struct {
	name            string
	batch, posters  int
	spread, entries int
	sequential      bool
	noDims          bool
}

func benchCmd() command {
	var c benchCase
	var matrix bool
	var verb, urls string
	var hb httpBench
	var kb hookBench
	var cb consoleBench
	return command{name: "bench", verb: "ledger|http|hooks|console", chosen: &verb,
		args: "ledger [--entries N] [--posters P] [--ledger-max-batch B] [--spread N] [--matrix]\n" +
			"       fnshub bench http --url URL[,URL…] --token T [--orders N] [--producers P] [--skus K]\n" +
			"       fnshub bench hooks --url URL --token T [--rate R] [--duration D]\n" +
			"       fnshub bench console --data DIR [--orders N] [--skus K] [--reps R]",
		summary: "measure ledger posting, order ingestion over HTTP at running hubs, or the console's reads on millions of orders",
		help: "bench ledger posts balanced two-line entries from concurrent posters and reports entries/s and\n" +
			"latency. Each run uses a scratch database: a temporary SQLite file with the production settings\n" +
			"(synchronous=FULL, so every entry is durable before it is acknowledged), or with --db a\n" +
			"temporary schema on that PostgreSQL server, dropped afterwards. Your data is not touched.\n" +
			"--matrix runs the standard set reported in BENCHMARKS.md.\n\n" +
			"bench http loads one or more running `fnshub serve` nodes (say, several on one PostgreSQL)\n" +
			"through the public API only, so it measures older builds too. Through the first URL it creates\n" +
			"the run's warehouse, SKUs with stock for every order, and its shop where the hub has\n" +
			"POST /api/v1/shops (a 404 there is taken as a hub without shops). Then P producers post N paid\n" +
			"orders of 1–5 lines with unique external ids, producer i at URL i mod the number of URLs, and\n" +
			"it reports orders/s and p50/p99 of the acknowledged ones. Last it lists the run's shop and\n" +
			"checks that every acknowledged order is stored exactly once under the id it was answered\n" +
			"with; it exits 1 if not. This writes real orders into the hubs' database: use a scratch one.\n" +
			"--partition-skus gives each node its own SKUs, to see what serialises besides stock rows;\n" +
			"with --entity-per-node each node's orders are also in a shop of its own legal entity (created\n" +
			"first), so their books and hash chains are apart (docs/adr/0026-what-serialises.md).\n" +
			"The token must be an admin's (FNSHUB_BENCH_TOKEN when --token is not given).\n\n" +
			"bench hooks sends signed generic webhooks (POST /hooks/generic/{shop}) at a running hub at a fixed\n" +
			"rate, each started on schedule whether earlier ones were answered or not, as platforms send\n" +
			"them. It sets up the run's shop and stock as bench http does and gives the shop a webhook\n" +
			"secret, then reports the acknowledgement latency (p50, p99, max: the message durable, not yet\n" +
			"ingested) and waits up to --settle for the hub's jobs to store every accepted order; it exits\n" +
			"1 if any was refused or not stored. Use a scratch database.\n\n" +
			"bench console fills an empty --data directory with N orders (default 12,000; BENCHMARKS.md uses\n" +
			"6,000,000) of a year on 8 shops of 2 channels, ~5 lines each from K SKUs, with holds,\n" +
			"cancellations, refunds and the revenue and COGS postings of shipped orders, written with bulk\n" +
			"inserts at schema 26 and then migrated, so migration 00027 backfills the rollups and builds the\n" +
			"indexes as on any upgraded hub. It runs the rollup check, serves the API on a loopback port and\n" +
			"reports p50/p95/max of R requests of every orders-list filter combination and of the analytics\n" +
			"overview for a month, a quarter and a year, next to the same figures grouped from the base\n" +
			"tables. A directory seeded before is measured again without seeding. The seeded ledger has no hash\n" +
			"chain: of fnshub check, only --only rollups holds on it.",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&urls, "url", "", "http: the hubs to load, comma-separated")
			fs.StringVar(&hb.token, "token", "", "http: an admin's API token (default $FNSHUB_BENCH_TOKEN)")
			fs.IntVar(&hb.orders, "orders", 12_000, "http: orders to post")
			fs.IntVar(&hb.producers, "producers", 64, "http: concurrent producers")
			fs.IntVar(&hb.skus, "skus", defaultHTTPSKUs, "http, console: SKUs the orders' lines are drawn from (console: default 2000)")
			fs.IntVar(&cb.reps, "reps", 30, "console: requests per measured filter combination")
			fs.StringVar(&hb.run, "run", "", "http: the run's name, in its shop, SKU and external ids (default random)")
			fs.StringVar(&hb.shopBody, "shop-body", "", "http: the POST /api/v1/shops body, for a hub that wants other fields")
			fs.DurationVar(&hb.timeout, "timeout", 60*time.Second, "http: how long one request may take")
			fs.BoolVar(&hb.entities, "entity-per-node", false, "http: with --partition-skus, node i's orders go to shop i of a legal entity i of their own")
			fs.BoolVar(&hb.partition, "partition-skus", false, "http: order i goes to node i mod n with SKUs of that node's share only, so nodes share no stock row")
			fs.IntVar(&kb.rate, "rate", 500, "hooks: webhooks a second")
			fs.DurationVar(&kb.duration, "duration", 20*time.Second, "hooks: how long to send")
			fs.DurationVar(&kb.settle, "settle", 2*time.Minute, "hooks: how long to wait for the jobs to ingest every accepted order")
			fs.IntVar(&c.entries, "entries", 100_000, "entries to post")
			fs.IntVar(&c.posters, "posters", 64, "concurrent posters")
			fs.IntVar(&c.spread, "spread", 0, "0: all entries on the hot receivable 1122; N: spread over N sub-accounts")
			fs.BoolVar(&c.sequential, "sequential-keys", false, "rising source keys (like marketplace trade ids) instead of random ones")
			fs.BoolVar(&c.noDims, "no-dimensions", false, "post without shop, channel and order dimensions, as entries were before issue 7")
			fs.BoolVar(&matrix, "matrix", false, "run the standard matrix and print a Markdown table")
		},
		run: func(ctx context.Context, env cliEnv, cfg config.Config) error {
			switch verb {
			case "http":
				return benchHTTPCmd(ctx, env, urls, hb)
			case "console":
				cb.orders, cb.skus = hb.orders, hb.skus
				if cb.skus == defaultHTTPSKUs {
					cb.skus = 2000 // a merchant's catalogue, not a load test's few
				}
				return benchConsoleCmd(ctx, env, cfg, cb)
			case "hooks":
				kb.httpBench = hb // --url, --token, --skus, --run and --timeout are shared
				return benchHooksCmd(ctx, env, urls, kb)
			}
			c.name, c.batch = "custom", cfg.LedgerMaxBatch
			cases := []benchCase{c}
			if matrix {
				cases = benchMatrix(c.entries)
			}
			fmt.Fprintf(env.stdout, "engine: %s, GOMAXPROCS=%d, %s\n\n", engineName(cfg), runtime.GOMAXPROCS(0), time.Now().UTC().Format(time.RFC3339))
			fmt.Fprintln(env.stdout, "| case | entries/commit ≤ | posters | accounts | keys | entries | entries/s | p50 | p99 |")
			fmt.Fprintln(env.stdout, "|---|---|---|---|---|---|---|---|---|")
			for _, bc := range cases {
				res, err := benchOnce(ctx, cfg, bc)
				if err != nil {
					return fmt.Errorf("%s: %w", bc.name, err)
				}
				fmt.Fprintf(env.stdout, "| %s | %d | %d | %s | %s | %d | %.0f | %v | %v |\n", bc.name, bc.batch, bc.posters, spreadName(bc.spread),
					keysName(bc.sequential), res.Entries, res.PerSecond(), res.P50.Round(time.Microsecond), res.P99.Round(time.Microsecond))
			}
			return nil
		}}
}

// defaultHTTPSKUs is bench http's --skus; bench console takes 2000 then.
const defaultHTTPSKUs = 50

func benchMatrix(entries int) []benchCase {
	return []benchCase{
		{name: "one entry per commit", batch: 1, posters: 16, entries: min(entries, 20_000)},
		{name: "grouped, hot account", batch: 256, posters: 64, entries: entries},
		{name: "grouped, hot account, 512 posters", batch: 1024, posters: 512, entries: entries},
		{name: "grouped, spread accounts", batch: 256, posters: 64, spread: 1000, entries: entries},
		{name: "grouped, hot account, rising keys", batch: 256, posters: 64, entries: entries, sequential: true},
		{name: "grouped, hot account, rising keys, 512 posters", batch: 1024, posters: 512, entries: entries, sequential: true},
	}
}

func benchOnce(ctx context.Context, cfg config.Config, bc benchCase) (ledgerbench.Result, error) {
	db, drop, err := scratchDB(ctx, cfg)
	if err != nil {
		return ledgerbench.Result{}, err
	}
	defer drop()
	l := ledger.New(ledgerdb.New(db), ledger.Options{MaxBatch: bc.batch})
	defer l.Close()
	if err := l.InstallDefaultChart(ctx); err != nil {
		return ledgerbench.Result{}, err
	}
	w := ledgerbench.Workload{Entries: bc.entries, Posters: bc.posters, Spread: bc.spread, Sequential: bc.sequential, NoDims: bc.noDims}
	if err := ledgerbench.Setup(ctx, l, w); err != nil {
		return ledgerbench.Result{}, err
	}
	return ledgerbench.Run(ctx, l, w)
}

// scratchDB opens an empty migrated database that drop removes.
func scratchDB(ctx context.Context, cfg config.Config) (*store.DB, func(), error) {
	if cfg.UsesPostgres() {
		return postgres.OpenScratchSchema(ctx, cfg.DBURL, "bench", cfg.DBMaxConns)
	}
	return sqlite.OpenScratch(ctx)
}

func engineName(cfg config.Config) string {
	if cfg.UsesPostgres() {
		return "postgres " + config.MaskURL(cfg.DBURL)
	}
	return "sqlite (temporary file, synchronous=FULL)"
}

func spreadName(n int) string {
	if n == 0 {
		return "hot 1122/6001"
	}
	return fmt.Sprintf("%d sub-accounts", n)
}

func keysName(sequential bool) string {
	if sequential {
		return "rising"
	}
	return "random"
}
