// Package httpapi owns fnshub's HTTP surface: the route table, the role
// policy, JSON in and out, the one map from error kinds to status codes,
// health, metrics and the OpenAPI document.
package httpapi

import (
	"context"
	"github.com/fnshub/fnshub/internal/profit"
	"log/slog"
	"net/http"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/audit"
	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/catalog"
	"github.com/fnshub/fnshub/internal/entity"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/prometheus/client_golang/prometheus"
)

// Database is what readiness needs to know of the database.
type Database interface {
	Ping(ctx context.Context) error
	MigrationState(ctx context.Context) (current, target int64, err error)
}

// Deps are the services the API serves.
type Deps struct {
	Ledger *ledger.Ledger
	Maps   AccountMaps // the posting rules' account maps
	// Periods closes and reopens months of the books
	// (docs/adr/0046-period-close.md); nil answers 503.
	Periods *ledger.Periods
	Stock   *inventory.Service
	Catalog *catalog.Service
	Orders  *app.Orders
	// Invoices keeps the orders' invoice requests (docs/adr/0048); nil
	// answers 503 on the invoice routes.
	Invoices *app.Invoices
	// Hooks receives the channels' push messages at /hooks/{platform}/{shop};
	// nil answers 503.
	Hooks *app.Hooks
	// Entities and Shops are the legal entities and the shops they sell
	// through (docs/adr/0024-legal-entities-and-shops.md).
	Entities *entity.Service
	Shops    *shop.Service
	// StockValue books receipts, adjustments and returns with their value
	// in the ledger; Stock serves the rest of stock.
	StockValue *app.Stock
	Auth       *auth.Service
	// Health assembles a shop's connector health (docs/adr/0035); nil
	// answers 503.
	Health *app.Monitor
	// Jobs lists, retries and cancels background jobs; nil answers 503.
	Jobs job.Admin
	// Pulls enqueues a shop's pull on demand (POST /api/v1/shops/{id}/sync);
	// nil answers 503.
	Pulls *app.Pulls
	// FirstRun, when set, lets POST /api/v1/setup create the first admin.
	FirstRun *FirstRun
	// Audit records every mutation and every view of personal data or raw
	// payloads (docs/adr/0040-audit-log.md); nil records nothing and
	// answers 503 on the audit routes.
	Audit *audit.Log
	// Vouchers exports the books to ERPs (docs/adr/0047); nil answers 503.
	Vouchers *app.Vouchers
	// Analytics reads the dashboard's rollups (docs/adr/0042); nil
	// answers 503.
	Analytics Analytics
	// Profit reads the profit facts and rollup (docs/adr/0050-profit.md);
	// nil answers 503.
	Profit profit.Reader
	// Settlements imports and reads the platforms' settlement files
	// (docs/adr/0044); nil answers 503.
	Settlements *app.Settlements
	// SettlementPulls fetches settlement files from the platforms' APIs
	// (docs/adr/0054); nil answers 503.
	SettlementPulls *app.SettlementPulls
	// Reconcile reconciles stored payouts against the orders and books
	// them (docs/adr/0045).
	Reconcile *app.SettlementReconcile
	DB        Database
	Log       *slog.Logger
	Location  *time.Location // merchant time zone for times in responses
	Registry  *prometheus.Registry
	Version   string
	// Terms keeps the settlement contracts, reconciliation rules and
	// exchange rates (docs/adr/0049); nil answers 503 on their routes.
	Terms Terms
	// ARAP reads the receivables and payables (docs/adr/0051); nil
	// leaves them out of the dashboard's alerts.
	ARAP *app.ARAP

	// Console serves the web console at every path the API does not own
	// (package console); nil leaves those paths 404.
	Console http.Handler
}

// Server serves the API.
type Server struct {
	Deps
	metrics *metrics
	apiDoc  []byte // openapi.json with the policy's roles (policy_doc.go)
}

// New returns a Server. A nil Registry gets a fresh one.
func New(d Deps) *Server {
	if d.Registry == nil {
		d.Registry = prometheus.NewRegistry()
	}
	if d.Location == nil {
		d.Location = time.UTC
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	s := &Server{Deps: d, metrics: newMetrics(d.Registry)}
	s.apiDoc = s.describe()
	return s
}

// Handler returns the routed, authenticated, instrumented handler.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		mux.Handle(rt.pattern(), s.wrap(rt))
	}
	// The catch-all matches every method, so the mux never answers 405
	// itself; it asks the mux which methods the path has.
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if allow := allowedMethods(mux, r); len(allow) > 0 {
			s.writeMethodNotAllowed(w, r, allow)
			return
		}
		if s.Console != nil && consolePath(r) {
			s.Console.ServeHTTP(w, r)
			return
		}
		s.writeError(w, r, errNoRoute(r))
	})
	return mux
}

// allowedMethods lists the methods some route serves at r's path.
func allowedMethods(mux *http.ServeMux, r *http.Request) []string {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := mux.Handler(probe); pattern != "" && pattern != "/" {
			allow = append(allow, m)
		}
	}
	return allow
}
