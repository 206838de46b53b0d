package httpapi

import "github.com/fnshub/fnshub/internal/auth"

// readers may look at the books; bookkeepers may also write them.
// Everyone may look at stock and master data; the warehouse moves stock,
// operations and purchasing keep the catalog.
var (
	bookkeepers   = []auth.Role{auth.Admin, auth.Finance}
	readers       = []auth.Role{auth.Admin, auth.Finance, auth.Viewer}
	everyone      = auth.Roles()
	stockKeepers  = []auth.Role{auth.Admin, auth.Warehouse}
	merchandisers = []auth.Role{auth.Admin, auth.Operations, auth.Purchasing}
	// Operations runs orders; the warehouse ships them; finance refunds.
	orderDesk = []auth.Role{auth.Admin, auth.Operations}
	shippers  = []auth.Role{auth.Admin, auth.Operations, auth.Warehouse}
	refunders = []auth.Role{auth.Admin, auth.Operations, auth.Finance}
	// returners take goods back by order line; with "refund": true the
	// caller must be a refunder too (returnOrder checks it).
	returners = []auth.Role{auth.Admin, auth.Operations, auth.Warehouse}
	// allocators decide how much stock each shop is shown: operations
	// runs the shops, the warehouse knows what the stock can bear.
	allocators = []auth.Role{auth.Admin, auth.Operations, auth.Warehouse}
	// Legal entities are the books' owners: finance sets them up. Shops
	// are run by operations; which entity and currency a shop sells in is
	// checked against the entity, not left to the role.
	entityKeepers = []auth.Role{auth.Admin, auth.Finance}
	shopKeepers   = []auth.Role{auth.Admin, auth.Operations}
	// Only admins manage who may sign in; a token of its own or not, any
	// other role could otherwise raise itself to admin.
	admins = []auth.Role{auth.Admin}
	// Operations watches the background work (channel syncs, the outbox
	// relay) and retries or cancels what failed.
	jobDesk = []auth.Role{auth.Admin, auth.Operations}
	// Invoices (docs/adr/0048): finance issues, rejects and exports them;
	// operations, the desk that answers buyers (there is no customer
	// service role), may also take a buyer's request and read them.
	invoiceDesk    = []auth.Role{auth.Admin, auth.Finance, auth.Operations}
	invoiceReaders = []auth.Role{auth.Admin, auth.Finance, auth.Operations, auth.Viewer}
)

// policy is the one table of who may call what, keyed by route pattern.
// A route without an entry is refused to everyone (and fails the tests).
var policy = map[string][]auth.Role{
	"GET /api/v1/ledger/accounts":                  readers,
	"POST /api/v1/ledger/accounts":                 bookkeepers,
	"GET /api/v1/ledger/entries":                   readers,
	"POST /api/v1/ledger/entries":                  bookkeepers,
	"GET /api/v1/ledger/entries/{id}":              readers,
	"POST /api/v1/ledger/entries/{id}/reversal":    bookkeepers,
	"GET /api/v1/ledger/trial-balance":             readers,
	"GET /api/v1/ledger/accounts/{code}/movements": readers,
	"GET /api/v1/ledger/accounts/{code}/balance":   readers,
	"GET /api/v1/ledger/account-maps":              readers,
	// Receivables, payables and cash (docs/adr/0051): finance keeps
	// them, the readers of the books read them.
	"GET /api/v1/ar/customers":                  readers,
	"PUT /api/v1/ar/customers/{code}":           bookkeepers,
	"POST /api/v1/ar/invoices":                  bookkeepers,
	"POST /api/v1/ar/receipts":                  bookkeepers,
	"GET /api/v1/ar/aging":                      readers,
	"GET /api/v1/ap/suppliers":                  readers,
	"PUT /api/v1/ap/suppliers/{code}":           bookkeepers,
	"GET /api/v1/ap/bills":                      readers,
	"POST /api/v1/ap/bills":                     bookkeepers,
	"POST /api/v1/ap/payments":                  bookkeepers,
	"GET /api/v1/ap/aging":                      readers,
	"GET /api/v1/cashflow":                      readers,
	"POST /api/v1/periods/{period}/revaluation": bookkeepers,
	"POST /api/v1/ledger/account-maps":          bookkeepers,
	// The ERP export carries the books out: finance runs it (ADR 0047).
	"PUT /api/v1/erp/{erp}/settings":    bookkeepers,
	"GET /api/v1/erp/{erp}/account-map": bookkeepers,
	"PUT /api/v1/erp/{erp}/account-map": bookkeepers,
	"GET /api/v1/erp/{erp}/pushes":      bookkeepers,
	"POST /api/v1/erp/{erp}/pushes":     bookkeepers,
	// Settlements are the books' evidence: finance imports them, whoever
	// reads the books reads them (docs/adr/0044).
	"POST /api/v1/settlements/imports": bookkeepers,
	"GET /api/v1/settlements/imports":  readers,
	"GET /api/v1/settlements/payouts":  readers,
	// Profit is read by whoever reads the books (docs/adr/0050).
	"GET /api/v1/profit":               readers,
	"GET /api/v1/profit/orders":        readers,
	"GET /api/v1/profit/orders/{id}":   readers,
	"POST /api/v1/profit/spend":        bookkeepers,
	"GET /api/v1/profit/spend":         readers,
	"GET /api/v1/profit/carrier-rates": readers,
	"PUT /api/v1/profit/carrier-rates": bookkeepers,
	// The warehouse knows what a parcel cost; finance corrects it.
	"PUT /api/v1/orders/{id}/shipping-cost":               {auth.Admin, auth.Finance, auth.Warehouse},
	"GET /api/v1/settlements/payouts/{id}":                readers,
	"GET /api/v1/settlements/payouts/{id}/lines":          readers,
	"GET /api/v1/settlements/formats":                     readers,
	"GET /api/v1/settlements/mappings/{name}":             readers,
	"PUT /api/v1/settlements/mappings/{name}":             bookkeepers,
	"POST /api/v1/settlements/payouts/{id}/reconcile":     bookkeepers,
	"GET /api/v1/settlements/payouts/{id}/reconciliation": readers,
	"GET /api/v1/periods":                                 readers,
	"POST /api/v1/periods/{period}/close":                 bookkeepers,
	"POST /api/v1/periods/{period}/reopen":                admins, // reopening closed books is an admin's call, with a reason
	"GET /api/v1/periods/{period}/report":                 readers,
	"GET /api/v1/products":                                everyone,
	"POST /api/v1/products":                               merchandisers,
	"GET /api/v1/products/{code}":                         everyone,
	"PATCH /api/v1/products/{code}":                       merchandisers,
	"GET /api/v1/skus":                                    everyone,
	"POST /api/v1/skus":                                   merchandisers,
	"POST /api/v1/skus/import":                            merchandisers,
	"GET /api/v1/skus/{code}":                             everyone,
	"PATCH /api/v1/skus/{code}":                           merchandisers,
	"GET /api/v1/bundles":                                 everyone,
	"GET /api/v1/listings":                                everyone,
	"PUT /api/v1/listings":                                merchandisers,
	"DELETE /api/v1/listings":                             merchandisers,
	"GET /api/v1/entities":                                everyone,
	"POST /api/v1/entities":                               entityKeepers,
	"PATCH /api/v1/entities/{code}":                       entityKeepers,
	"GET /api/v1/shops":                                   everyone,
	"POST /api/v1/shops":                                  shopKeepers,
	"GET /api/v1/shops/{id}":                              everyone,
	"PATCH /api/v1/shops/{id}":                            shopKeepers,
	"GET /api/v1/shops/{id}/health":                       everyone,
	"POST /api/v1/shops/{id}/sync":                        shopKeepers,
	"GET /api/v1/analytics/overview":                      everyone,
	"GET /api/v1/analytics/alerts":                        everyone,
	"PUT /api/v1/shops/{id}/secrets/{name}":               shopKeepers,
	"DELETE /api/v1/shops/{id}/secrets/{name}":            shopKeepers,
	"POST /api/v1/orders":                                 orderDesk,
	"GET /api/v1/orders":                                  everyone,
	"GET /api/v1/orders/{id}":                             everyone,
	"GET /api/v1/orders/{id}/receiver":                    shippers,
	"PUT /api/v1/orders/{id}/receiver":                    orderDesk,
	"POST /api/v1/orders/{id}/approve":                    orderDesk,
	"POST /api/v1/orders/{id}/retry":                      orderDesk,
	"POST /api/v1/orders/{id}/hold":                       orderDesk,
	"POST /api/v1/orders/{id}/cancel":                     orderDesk,
	"POST /api/v1/orders/{id}/ship":                       shippers,
	// The degraded mode's shipping sheet: anyone who may list orders may
	// export it (with the buyers' contacts only for the roles that may see
	// them); the people who ship import it.
	"GET /api/v1/shops/{id}/pending-orders.xlsx": everyone,
	"POST /api/v1/shipments/import":              shippers,
	"POST /api/v1/orders/{id}/refund":            refunders,
	"POST /api/v1/orders/{id}/return":            returners,
	"POST /api/v1/orders/holds/retry":            orderDesk,
	"GET /api/v1/invoices":                       invoiceReaders,
	"POST /api/v1/invoices":                      invoiceDesk,
	"POST /api/v1/invoices/{id}/issue":           bookkeepers,
	"POST /api/v1/invoices/{id}/reject":          bookkeepers,
	"POST /api/v1/invoices/{id}/cancel":          invoiceDesk,
	"GET /api/v1/invoices/export.xlsx":           bookkeepers,
	"POST /api/v1/invoices/issued":               bookkeepers,
	// Kept payloads hold buyers' data and replaying them re-runs ingestion:
	// admins only.
	"GET /api/v1/raw-events":      admins,
	"GET /api/v1/raw-events/{id}": admins,
	// Erasing a buyer on request destroys personal data for good.
	"POST /api/v1/buyers/{ref}/erase": admins,
	"POST /api/v1/raw-events/replay":  admins,
	"GET /api/v1/jobs":                jobDesk,
	"POST /api/v1/jobs/{id}/retry":    jobDesk,
	"POST /api/v1/jobs/{id}/cancel":   jobDesk,
	"GET /api/v1/warehouses":          everyone,
	"POST /api/v1/warehouses":         stockKeepers,
	"PATCH /api/v1/warehouses/{code}": stockKeepers,
	"GET /api/v1/stock":               everyone,
	"POST /api/v1/stock/receipts":     stockKeepers,
	"POST /api/v1/stock/adjustments":  stockKeepers,
	"POST /api/v1/stock/transfers":    stockKeepers,
	"POST /api/v1/stock/returns":      stockKeepers,
	"GET /api/v1/stock/available":     everyone,
	"GET /api/v1/stock/movements":     everyone,
	"GET /api/v1/stock/rules":         everyone,
	"PUT /api/v1/stock/rules":         allocators,
	"DELETE /api/v1/stock/rules":      allocators,
	"GET /api/v1/stock/safety":        everyone,
	"PUT /api/v1/stock/safety":        allocators,
	"GET /api/v1/users":               admins,
	"POST /api/v1/users":              admins,
	"PATCH /api/v1/users/{name}":      admins,
	"GET /api/v1/tokens":              admins,
	"POST /api/v1/tokens":             admins,
	"DELETE /api/v1/tokens/{id}":      admins,
	// Everyone signed in may look at, end and re-key their own session.
	"GET /api/v1/session":           everyone,
	"DELETE /api/v1/session":        everyone,
	"POST /api/v1/session/password": everyone,
	// The audit log shows who did what to everything: admins only.
	"GET /api/v1/audit":     admins,
	"GET /api/v1/audit.csv": admins,

	// What reconciliations are held to (docs/adr/0049): finance keeps
	// them, whoever may read the books may read them.
	"GET /api/v1/shops/{id}/settlement-contract": readers,
	"PUT /api/v1/shops/{id}/settlement-contract": bookkeepers,
	"POST /api/v1/shops/{id}/settlement-pull":    bookkeepers,
	// As reconciling one payout (POST …/payouts/{id}/reconcile).
	"POST /api/v1/shops/{id}/settlement-reconcile": bookkeepers,
	"GET /api/v1/recon/rules":                      readers,
	"PUT /api/v1/recon/rules":                      bookkeepers,
	"GET /api/v1/fx/rates":                         readers,
	"POST /api/v1/fx/rates":                        bookkeepers,
}

// allowed reports whether role may call the route with this pattern.
func allowed(pattern string, role auth.Role) bool {
	for _, r := range policy[pattern] {
		if r == role {
			return true
		}
	}
	return false
}
