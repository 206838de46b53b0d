package main

import (
	"context"
	"errors"
	"github.com/fnshub/fnshub/internal/analytics/analyticsdb"
	"github.com/fnshub/fnshub/internal/event/eventdb"
	"github.com/fnshub/fnshub/internal/finance/financedb"
	"github.com/fnshub/fnshub/internal/profit/profitdb"
	"github.com/fnshub/fnshub/internal/settlement/termsdb"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/config"
	"github.com/fnshub/fnshub/internal/console"
	"github.com/fnshub/fnshub/internal/httpapi"
	"github.com/fnshub/fnshub/internal/job/jobdb"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/store/unit"
	"github.com/prometheus/client_golang/prometheus"
)

func serveCmd() command {
	return command{name: "serve", args: "[--data DIR | --db URL] [--addr HOST:PORT] [--tls-cert FILE --tls-key FILE] [--nats nats://HOST:4222]",
		summary: "run the hub: API, web console, metrics and background jobs",
		help: "Serves the hub until SIGINT or SIGTERM, then finishes requests in flight.\n" +
			"The web console (built into the binary) is at / on --addr: sign in there with a user's password.\n" +
			"Brings the database schema up to date first (a second start is a no-op).\n" +
			"API requests need a token (create a user with 'fnshub user add' and a token with 'fnshub token create')\n" +
			"or a console session: POST /api/v1/session signs a user in with their password (cookie fnshub_session,\n" +
			"ended after --session-idle without requests, default 30m, and --session-max after sign-in, default 12h).\n" +
			"Started on --data with no users yet, serve writes a one-time code to DIR/setup-code (mode 0600) and logs\n" +
			"only that path and the console's /setup page, where the first admin is created with it; the code is\n" +
			"never logged. With --db, add the first admin with 'fnshub user add --role admin' instead.\n" +
			"With --tls-cert FILE --tls-key FILE (PEM) it serves HTTPS, and the session cookie is marked Secure.\n" +
			"Buyers' contact details are sealed with the key in FNSHUB_MASTER_KEY (base64 of 32 bytes), or on SQLite\n" +
			"with DIR/master.key, created on first start; keep it with your backups, and share it between nodes.\n" +
			"A key that cannot open the data already sealed (another key, or master.key lost) is refused at start,\n" +
			"and no new master.key is made over sealed data. Rotate by putting the new key first and keeping the\n" +
			"old one: FNSHUB_MASTER_KEY=2:<new base64>,1:<old base64>.\n" +
			"A request whose headers and body have not all arrived within --read-timeout (default 30s) is cut off.\n" +
			"Background jobs run --workers at a time (default 10) on each node; nodes on one PostgreSQL share them.\n" +
			"On shutdown running jobs get the shutdown timeout to finish; those cut off run again later.\n" +
			"Events in the outbox are relayed after commit, at least once and in order per order or stock level, to\n" +
			"the in-process bus and, with --nats nats://HOST:4222, to the NATS JetStream stream --nats-stream (FNSHUB)\n" +
			"on subjects PREFIX.<topic>.<shop> (--nats-prefix, default fnshub: fnshub.order.ingested.tmall-01), with\n" +
			"Nats-Msg-Id = the event id (docs/events/README.md), by the periodic job outbox.relay (every second, one\n" +
			"node at a time).\n" +
			"Delivered events are kept 30 days (the order event trail), then pruned.",
		run: runServe}
}

// httpServer bounds how long a client may take to send a request: its
// headers within 10s (or the read timeout, if shorter), the whole request
// within the read timeout, so a stalled body cannot hold a connection and a
// handler. Answers take as long as they take.
func httpServer(cfg config.Config, h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: min(10*time.Second, cfg.ReadTimeout), ReadTimeout: cfg.ReadTimeout, IdleTimeout: 2 * time.Minute}
}

func runServe(ctx context.Context, env cliEnv, cfg config.Config) error {
	return serveHub(ctx, env, cfg, serveOptions{})
}

// serveOptions let another command run the very hub serve runs, with a few
// changes: fnshub demo listens first (its simulators need the hub's
// address), pulls more often, and seeds its merchant before the jobs and
// the stock pusher start, so their first pass sees it.
type serveOptions struct {
	listener  net.Listener  // nil: listen on cfg.Addr
	pullEvery time.Duration // 0: the pulls' default
	prepare   func(ctx context.Context, h *hub) error
	ready     func(ctx context.Context, h *hub, url string) // once serving; must not block
}

func serveHub(ctx context.Context, env cliEnv, cfg config.Config, opt serveOptions) error {
	log := newLogger(env.stderr, cfg)
	tlsConf, err := loadTLS(cfg)
	if err != nil {
		return err
	}
	h, err := openHub(ctx, cfg, env.getenv, log, true)
	if err != nil {
		return err
	}
	defer h.close()
	if opt.pullEvery > 0 {
		h.pulls = app.NewPulls(h.orders, h.shops, h.conns, app.PullOptions{Every: opt.pullEvery})
	}
	if opt.prepare != nil {
		if err := opt.prepare(ctx, h); err != nil {
			return err
		}
	}
	relay, closeRelay, err := openRelay(ctx, cfg, h, log)
	if err != nil {
		return err
	}
	defer closeRelay()
	h.push.Subscribe(h.events)
	jobs, err := startJobs(ctx, h, cfg, log, relay)
	if err != nil {
		return err
	}
	defer stopJobs(jobs, cfg, log)
	if err := h.push.Start(ctx); err != nil {
		return err
	}
	// Events leave within relayFollow of their commit; the periodic job
	// outbox.relay stays the safety net.
	go relay.Follow(ctx, relayFollow, func(err error) { log.Warn("relaying the outbox", "err", err) })
	firstRun, announceFirstRun, err := openFirstRun(ctx, h, cfg, log)
	if err != nil {
		return err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(jobs.Metrics(), eventdb.NewMetrics(h.db, nil), h.health.Collector())
	web, err := console.New(console.Files())
	if err != nil {
		return err
	}
	api := httpapi.New(httpapi.Deps{Ledger: h.ledger, Periods: h.periods, Maps: financedb.New(h.db), Stock: h.stock, Catalog: h.catalog, Orders: h.orders, Hooks: h.hooks, Entities: h.entities, Shops: h.shops, StockValue: h.value, Auth: h.auth, DB: h.db, Log: log,
		Location: cfg.Location(), Version: version(), Jobs: jobs, Health: h.health, Pulls: h.pulls, Registry: reg, FirstRun: firstRun, Analytics: analyticsdb.New(h.db), Profit: profitdb.New(h.db), Console: web, Audit: h.audit, Invoices: h.invoices, Settlements: h.settlements, SettlementPulls: h.settlementPulls, Reconcile: h.reconcile, Terms: termsdb.New(h.db), Vouchers: h.vouchers,
		ARAP: &app.ARAP{Unit: unit.New(h.db), Books: h.ledger, Currency: money.Currency(cfg.Currency)}})
	ln := opt.listener
	if ln == nil {
		if ln, err = net.Listen("tcp", cfg.Addr); err != nil {
			return err
		}
	}
	srv := httpServer(cfg, api.Handler())
	errc := make(chan error, 1)
	url := "http://" + ln.Addr().String()
	if tlsConf != nil {
		srv.TLSConfig = tlsConf
		url = "https://" + ln.Addr().String()
		go func() { errc <- srv.ServeTLS(ln, "", "") }()
	} else {
		go func() { errc <- srv.Serve(ln) }()
	}
	log.Info("fnshub serving", "url", url, "engine", h.db.Engine(), "version", version())
	announceFirstRun(url)
	if opt.ready != nil {
		opt.ready(ctx, h, url)
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "timeout", cfg.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

// stopJobs lets running jobs finish within the shutdown timeout, then cuts
// them off; those are retried by another node or at the next start.
func stopJobs(q *jobdb.Queue, cfg config.Config, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := q.Stop(ctx); err != nil {
		log.Error("stopping the job queue", "err", err)
	}
}
