package main

import (
	"context"
	"errors"
	"github.com/fnshub/fnshub/internal/finance/financedb"
	"net"
	"net/http"
	"time"

	"github.com/fnshub/fnshub/internal/config"
	"github.com/fnshub/fnshub/internal/httpapi"
)

func serveCmd() command {
	return command{name: "serve", args: "[--data DIR | --db URL] [--addr HOST:PORT]",
		summary: "run the hub: API, metrics and workers",
		help: "Serves the hub until SIGINT or SIGTERM, then finishes requests in flight.\n" +
			"Brings the database schema up to date first (a second start is a no-op).\n" +
			"API requests need a token: create a user with 'fnshub user add' and a token with 'fnshub token create'.\n" +
			"Buyers' contact details are sealed with the key in FNSHUB_MASTER_KEY (base64 of 32 bytes), or on SQLite\n" +
			"with DIR/master.key, created on first start; keep it with your backups, and share it between nodes.\n" +
			"A key that cannot open the data already sealed (another key, or master.key lost) is refused at start,\n" +
			"and no new master.key is made over sealed data. Rotate by putting the new key first and keeping the\n" +
			"old one: FNSHUB_MASTER_KEY=2:<new base64>,1:<old base64>.\n" +
			"A request whose headers and body have not all arrived within --read-timeout (default 30s) is cut off.",
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
	log := newLogger(env.stderr, cfg)
	h, err := openHub(ctx, cfg, env.getenv, log, true)
	if err != nil {
		return err
	}
	defer h.close()
	api := httpapi.New(httpapi.Deps{Ledger: h.ledger, Maps: financedb.New(h.db), Stock: h.stock, Catalog: h.catalog, Orders: h.orders, StockValue: h.value, Auth: h.auth, DB: h.db, Log: log,
		Location: cfg.Location(), Version: version()})
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	srv := httpServer(cfg, api.Handler())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("fnshub serving", "url", "http://"+ln.Addr().String(), "engine", h.db.Engine(), "version", version())
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
