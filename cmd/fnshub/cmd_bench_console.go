package main

import (
	"context"
	crand "crypto/rand"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"time"

	"github.com/fnshub/fnshub/internal/analytics/analyticsdb"
	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/config"
	"github.com/fnshub/fnshub/internal/finance/financedb"
	"github.com/fnshub/fnshub/internal/httpapi"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/ledger/ledgerdb"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/sqlite"
)

// consoleBench is bench console's settings.
type consoleBench struct {
	orders, skus, reps int
}

// The schema bench console seeds at; migration 00027 brings the rollups.
const seedSchema = 26

// benchConsoleCmd seeds --data (when it is empty) and measures the orders
// list and the analytics overview through the HTTP API.
func benchConsoleCmd(ctx context.Context, env cliEnv, cfg config.Config, cb consoleBench) error {
	if cfg.UsesPostgres() {
		return errors.New("bench console seeds and measures the embedded SQLite database: give --data DIR, not --db")
	}
	if cb.reps < 1 || cb.orders < 1 || cb.skus < 1 {
		return fmt.Errorf("--reps, --orders and --skus must be at least 1")
	}
	if err := seedConsole(ctx, env, cfg, cb); err != nil {
		return err
	}
	log := newLogger(env.stderr, cfg)
	h, err := openHub(ctx, cfg, env.getenv, log, true)
	if err != nil {
		return err
	}
	defer h.close()
	began := time.Now()
	ms, err := analyticsdb.New(h.db).Check(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "rollup check (fnshub check --only rollups): %d mismatches, %s\n", len(ms), time.Since(began).Round(time.Millisecond))
	for _, m := range ms[:min(len(ms), 10)] {
		fmt.Fprintf(env.stdout, "  %s\n", m)
	}
	base, stop, err := serveConsoleAPI(ctx, h, cfg)
	if err != nil {
		return err
	}
	defer stop()
	token, err := consoleToken(ctx, h.auth)
	if err != nil {
		return err
	}
	m := &consoleMeasure{base: base, token: token, client: &http.Client{Timeout: time.Minute}, db: h.db, loc: cfg.Location(),
		reps: cb.reps, skus: cb.skus, end: consoleEnd(), rng: rand.New(rand.NewPCG(2, 9))}
	return m.run(ctx, env.stdout)
}

// consoleEnd is the newest seeded order's creation: a fixed day, so runs
// compare.
func consoleEnd() time.Time { return time.Date(2026, 11, 30, 23, 0, 0, 0, time.UTC) }

func seedConsole(ctx context.Context, env cliEnv, cfg config.Config, cb consoleBench) error {
	db, err := sqlite.Open(cfg.DataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	current, _, err := db.MigrationState(ctx)
	if err != nil {
		return err
	}
	if current == 0 {
		if err := db.MigrateTo(ctx, seedSchema); err != nil {
			return err
		}
		if err := ledger.New(ledgerdb.New(db), ledger.Options{}).InstallDefaultChart(ctx); err != nil {
			return err
		}
		// A scratch database: the seed need not survive a power cut.
		for _, p := range []string{`PRAGMA synchronous = OFF`, `PRAGMA cache_size = -1000000`} {
			if _, err := db.Writer().ExecContext(ctx, p); err != nil {
				return err
			}
		}
		began := time.Now()
		s := &consoleSeed{orders: cb.orders, skus: cb.skus, end: consoleEnd(), rng: rand.New(rand.NewPCG(1, 7))}
		if err := s.seed(ctx, db, env.stdout); err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "seeded %d orders in %s\n", cb.orders, time.Since(began).Round(time.Second))
	}
	var n int
	if err := db.Read(ctx, func(tx *store.Tx) error { return tx.QueryRow(ctx, `SELECT COUNT(*) FROM orders`).Scan(&n) }); err != nil {
		return err
	}
	if current != 0 && current < seedSchema {
		return fmt.Errorf("%s holds a database at schema %d; give bench console an empty directory", cfg.DataDir, current)
	}
	began := time.Now()
	applied, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	if len(applied) > 0 {
		fmt.Fprintf(env.stdout, "migrated %v (rollup backfill and indexes) in %s\n", applied, time.Since(began).Round(time.Second))
	}
	fmt.Fprintf(env.stdout, "database %s: %d orders\n", cfg.DataDir, n)
	return nil
}

// serveConsoleAPI serves the hub's API on a loopback port, as fnshub serve
// does, for the measurements to go through HTTP.
func serveConsoleAPI(ctx context.Context, h *hub, cfg config.Config) (string, func(), error) {
	api := httpapi.New(httpapi.Deps{Ledger: h.ledger, Maps: financedb.New(h.db), Stock: h.stock, Catalog: h.catalog, Orders: h.orders,
		Entities: h.entities, Shops: h.shops, StockValue: h.value, Auth: h.auth, DB: h.db, Location: cfg.Location(), Version: version(),
		Health: h.health, Analytics: analyticsdb.New(h.db)})
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: api.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() { _ = srv.Close() }, nil
}

// consoleToken makes a viewer for the run and returns its token.
func consoleToken(ctx context.Context, a *auth.Service) (string, error) {
	name := fmt.Sprintf("bench-%d", time.Now().UnixNano())
	// A random password: nobody signs in as this user, only its token is used.
	if _, err := a.AddUser(ctx, name, auth.Viewer, crand.Text()); err != nil {
		return "", err
	}
	secret, _, err := a.CreateToken(ctx, name, "bench console")
	return secret, err
}
