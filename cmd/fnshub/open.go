package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/audit"
	"github.com/fnshub/fnshub/internal/audit/auditdb"
	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/auth/authdb"
	"github.com/fnshub/fnshub/internal/catalog"
	"github.com/fnshub/fnshub/internal/catalog/catalogdb"
	"github.com/fnshub/fnshub/internal/config"
	"github.com/fnshub/fnshub/internal/entity"
	"github.com/fnshub/fnshub/internal/entity/entitydb"
	"github.com/fnshub/fnshub/internal/erp/erpdb"
	"github.com/fnshub/fnshub/internal/event"
	"github.com/fnshub/fnshub/internal/httpapi"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/inventory/inventorydb"
	"github.com/fnshub/fnshub/internal/job/jobdb"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/ledger/ledgerdb"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/pii"
	"github.com/fnshub/fnshub/internal/pii/piidb"
	"github.com/fnshub/fnshub/internal/settlement/recondb"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/shop/shopdb"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/postgres"
	"github.com/fnshub/fnshub/internal/store/sqlite"
	"github.com/fnshub/fnshub/internal/store/unit"
)

// hub is everything a command may need, wired from the configuration. This
// is the one place that knows which engine implements which store.
type hub struct {
	db       *store.DB
	ledger   *ledger.Ledger
	periods  *ledger.Periods // month close of the ledger's books (docs/adr/0046)
	auth     *auth.Service
	stock    *inventory.Service
	catalog  *catalog.Service
	orders   *app.Orders
	value    *app.Stock // stock changes that move its value, with their entries
	entities *entity.Service
	shops    *shop.Service
	events   *event.Local // the in-process bus the outbox relay delivers to (serve)
	// The sync engine: push messages in, pulls, and stock out to the shops'
	// platforms (docs/adr/0032, 0033).
	hooks *app.Hooks
	pulls *app.Pulls
	conns *app.ShopConnectors
	push  *app.StockPush
	// shipments writes shipped orders back to their platforms (ADR 34).
	shipments *app.Shipments
	// health assembles each shop's connector health (docs/adr/0035).
	health *app.Monitor
	// audit is the hash-chained audit log (docs/adr/0040).
	audit *audit.Log
	// vouchers exports the books to ERPs (docs/adr/0047).
	vouchers *app.Vouchers
	// invoices keeps the orders' invoice requests (docs/adr/0048).
	invoices *app.Invoices
	// settlements imports and reads the platforms' settlement files
	// (docs/adr/0044).
	settlements *app.Settlements
	// settlementPulls fetches settlement files from the platforms' APIs
	// and imports them (docs/adr/0054).
	settlementPulls *app.SettlementPulls
	// reconcile reconciles stored payouts and books them (docs/adr/0045).
	reconcile *app.SettlementReconcile
}

func openDB(ctx context.Context, cfg config.Config) (*store.DB, error) {
	if cfg.UsesPostgres() {
		return postgres.Open(ctx, cfg.DBURL, cfg.DBMaxConns)
	}
	return sqlite.Open(cfg.DataDir)
}

// openHub opens the database; with migrate it first brings the schema up to
// date, otherwise it refuses a schema this binary does not match.
func openHub(ctx context.Context, cfg config.Config, getenv func(string) string, log *slog.Logger, migrate bool) (*hub, error) {
	db, err := openDB(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if err := prepareSchema(ctx, db, log, migrate); err != nil {
		db.Close()
		return nil, err
	}
	keys, err := loadKeys(ctx, cfg, getenv, db, migrate)
	if err != nil {
		db.Close()
		return nil, err
	}
	h := &hub{db: db, auth: auth.New(authdb.New(db), auth.Options{SessionIdle: cfg.SessionIdle, SessionMax: cfg.SessionMax}), stock: inventory.New(inventorydb.New(db), nil),
		catalog: catalog.New(catalogdb.New(db), nil), events: event.NewLocal(),
		ledger: ledger.New(ledgerdb.New(db), ledger.Options{MaxBatch: cfg.LedgerMaxBatch})}
	h.periods = ledger.NewPeriods(h.ledger, ledgerdb.New(db), recondb.NewFigures(db)) // the close report counts payouts not reconciled yet
	h.audit = audit.New(auditdb.New(db), nil)
	ents := entitydb.New(db)
	h.entities, h.shops = entity.New(ents, nil), shop.New(shopdb.New(db), ents, nil).WithKeys(keys)
	h.stock.WithShops(h.shops)            // a shop's available-to-promise counts only its warehouses
	h.auth.WithShops(shopExists(h.shops)) // a user's scope names shops that exist
	// A return of an order's goods comes out of cost of goods sold in the order's entity.
	h.value = app.NewStock(unit.New(db), money.Currency(cfg.Currency), nil).WithShops(h.shops)
	conns := app.NewShopConnectors(h.shops, httpapi.DecodeOrder)
	h.conns = conns
	h.orders = app.NewOrders(unit.New(db), h.catalog, keys, app.OrderOptions{Split: cfg.OrderRouting == "split",
		Shops: h.shops, Decoders: decoders(cfg.Location()), Platforms: conns})
	h.shipments = app.NewShipments(h.orders, h.shops, conns)
	h.invoices = app.NewInvoices(unit.New(db), nil)
	h.hooks = app.NewHooks(h.orders, h.shops, conns)
	h.pulls = app.NewPulls(h.orders, h.shops, conns, app.PullOptions{})
	h.push = app.NewStockPush(h.stock, h.catalog, h.shops, conns, unit.New(db), app.StockPushOptions{})
	h.settlements = app.NewSettlements(unit.New(db), h.shops, nil).WithFormats(settlementFormats).ReconcileAfterImport()
	h.settlementPulls = app.NewSettlementPulls(h.settlements, unit.New(db), h.shops, app.SettlementPullOptions{})
	h.reconcile = app.NewSettlementReconcile(unit.New(db), h.shops, cfg.Location())
	h.vouchers = app.NewVouchers(ledgerdb.New(db), ents, erpdb.New(db), keys, nil)
	h.health = app.NewMonitor(unit.New(db), h.shops, conns, h.push, jobdb.NewShopCounter(db), app.MonitorOptions{})
	if migrate {
		if err := h.ledger.InstallDefaultChart(ctx); err != nil {
			h.close()
			return nil, err
		}
		// The default entity takes --currency and --timezone while it has no books.
		if _, err := h.entities.EnsureDefault(ctx, money.Currency(cfg.Currency), cfg.Timezone); err != nil {
			h.close()
			return nil, err
		}
	}
	return h, nil
}

func prepareSchema(ctx context.Context, db *store.DB, log *slog.Logger, migrate bool) error {
	if migrate {
		applied, err := db.Migrate(ctx)
		if err != nil {
			return err
		}
		queue, err := jobdb.Migrate(ctx, db)
		if err != nil {
			return err
		}
		log.Info("schema up to date", "engine", db.Engine(), "applied", applied, "job_queue_applied", queue)
		return nil
	}
	current, target, err := db.MigrationState(ctx)
	if err != nil {
		return err
	}
	if current != target {
		return fmt.Errorf("the database schema is at version %d and this binary needs %d: run `fnshub migrate` first", current, target)
	}
	return nil
}

// loadKeys finds the master key that seals buyers' personal data: from
// FNSHUB_MASTER_KEY, or on the embedded default a key file in the data
// directory, created on first start but never once the database holds
// sealed data. Nodes sharing PostgreSQL must share one key, so there a
// missing FNSHUB_MASTER_KEY is an error. A keyring that cannot open the
// database's key checks is refused here, before any read would fail; with
// record (commands that write) the keys' checks are stored as well.
func loadKeys(ctx context.Context, cfg config.Config, getenv func(string) string, db *store.DB, record bool) (*pii.Keyring, error) {
	dir, source := cfg.DataDir, "the key file "+filepath.Join(cfg.DataDir, pii.KeyFileName)
	if cfg.UsesPostgres() {
		dir = ""
	}
	if strings.TrimSpace(getenv(pii.EnvMasterKey)) != "" || dir == "" {
		source = pii.EnvMasterKey
	}
	checks := piidb.New(db)
	sealed, err := checks.HoldsSealed(ctx)
	if err != nil {
		return nil, err
	}
	missing := pii.CreateKeyFile
	if sealed {
		missing = pii.RequireKeyFile
	}
	keys, err := pii.LoadKeyring(getenv, dir, missing)
	if err != nil {
		return nil, err
	}
	if record {
		err = pii.RecordKeyring(ctx, keys, checks, time.Now())
	} else {
		err = pii.VerifyKeyring(ctx, keys, checks)
	}
	if err != nil {
		return nil, fmt.Errorf("master key from %s: %w", source, err)
	}
	return keys, nil
}

func (h *hub) close() {
	h.audit.Close()
	h.hooks.Close()
	h.orders.Close()
	h.ledger.Close()
	h.db.Close()
}

func newLogger(w io.Writer, cfg config.Config) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.SlogLevel()}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
