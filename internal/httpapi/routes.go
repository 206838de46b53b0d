package httpapi

import (
	"net/http"

	"github.com/fnshub/fnshub/internal/arap"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// route is one endpoint. Every route under /api/v1 must have an entry in
// policy (policy.go); TestRoutesHavePolicy walks this table to prove it.
type route struct {
	method, path string
	handle       func(http.ResponseWriter, *http.Request) error
	public       bool // no token needed: health, metrics, the API description
	// sessionOnly routes act on the console session itself: a token is
	// not enough (GET, DELETE /api/v1/session, the password change).
	sessionOnly bool
	// reveals marks a GET that shows decrypted personal data or raw
	// payloads: it is recorded in the audit log as a mutation is.
	reveals bool
	// signsIn marks the public routes that start a session (sign-in, the
	// first admin's setup): recorded, with the name signing in as actor.
	signsIn bool
}

func (rt route) pattern() string { return rt.method + " " + rt.path }

// routes is the whole route table.
func (s *Server) routes() []route {
	return []route{
		{method: "GET", path: "/healthz", handle: s.healthz, public: true},
		{method: "GET", path: "/readyz", handle: s.readyz, public: true},
		{method: "GET", path: "/metrics", handle: s.serveMetrics, public: true},
		{method: "GET", path: "/api/v1/openapi.json", handle: s.openAPI, public: true},
		// Signed by the platform instead of a token (the connector verifies).
		{method: "POST", path: "/hooks/{platform}/{shop}", handle: s.receiveHook, public: true},
		// Signing in needs no credentials but the ones it checks.
		{method: "POST", path: "/api/v1/session", handle: s.login, public: true, signsIn: true},
		{method: "GET", path: "/api/v1/session", handle: s.getSession, sessionOnly: true},
		{method: "DELETE", path: "/api/v1/session", handle: s.logout, sessionOnly: true},
		{method: "POST", path: "/api/v1/session/password", handle: s.changePassword, sessionOnly: true},
		{method: "POST", path: "/api/v1/setup", handle: s.setup, public: true, signsIn: true},

		{method: "GET", path: "/api/v1/ledger/accounts", handle: s.listAccounts},
		{method: "POST", path: "/api/v1/ledger/accounts", handle: s.createAccount},
		{method: "GET", path: "/api/v1/ledger/entries", handle: s.listEntries},
		{method: "POST", path: "/api/v1/ledger/entries", handle: s.postEntry},
		{method: "GET", path: "/api/v1/ledger/entries/{id}", handle: s.getEntry},
		{method: "POST", path: "/api/v1/ledger/entries/{id}/reversal", handle: s.reverseEntry},
		{method: "GET", path: "/api/v1/ledger/trial-balance", handle: s.trialBalance},
		{method: "GET", path: "/api/v1/ledger/accounts/{code}/movements", handle: s.listMovements},
		{method: "GET", path: "/api/v1/ledger/accounts/{code}/balance", handle: s.accountBalance},
		{method: "GET", path: "/api/v1/ledger/account-maps", handle: s.getAccountMaps},
		{method: "POST", path: "/api/v1/ledger/account-maps", handle: s.saveAccountMap},
		{method: "GET", path: "/api/v1/periods", handle: s.listPeriods},
		{method: "POST", path: "/api/v1/periods/{period}/close", handle: s.closePeriod},
		{method: "POST", path: "/api/v1/periods/{period}/reopen", handle: s.reopenPeriod},
		{method: "GET", path: "/api/v1/periods/{period}/report", handle: s.periodReport},

		{method: "POST", path: "/api/v1/settlements/imports", handle: s.importSettlement},
		{method: "GET", path: "/api/v1/settlements/imports", handle: s.listSettlementImports},
		{method: "GET", path: "/api/v1/settlements/payouts", handle: s.listPayouts},
		{method: "GET", path: "/api/v1/settlements/payouts/{id}", handle: s.getPayout},
		{method: "GET", path: "/api/v1/settlements/payouts/{id}/lines", handle: s.listPayoutLines},
		{method: "GET", path: "/api/v1/settlements/formats", handle: s.listSettlementFormats},
		{method: "GET", path: "/api/v1/settlements/mappings/{name}", handle: s.getSettlementMapping},
		{method: "PUT", path: "/api/v1/settlements/mappings/{name}", handle: s.putSettlementMapping},
		{method: "POST", path: "/api/v1/settlements/payouts/{id}/reconcile", handle: s.reconcilePayout},
		{method: "GET", path: "/api/v1/settlements/payouts/{id}/reconciliation", handle: s.getReconciliation},

		{method: "PUT", path: "/api/v1/erp/{erp}/settings", handle: s.putERPSettings},
		{method: "GET", path: "/api/v1/erp/{erp}/account-map", handle: s.getERPAccountMap},
		{method: "PUT", path: "/api/v1/erp/{erp}/account-map", handle: s.putERPAccountMap},
		{method: "GET", path: "/api/v1/erp/{erp}/pushes", handle: s.getERPPushes},
		{method: "POST", path: "/api/v1/erp/{erp}/pushes", handle: s.postERPPush},

		{method: "GET", path: "/api/v1/products", handle: s.listProducts},
		{method: "POST", path: "/api/v1/products", handle: s.createProduct},
		{method: "GET", path: "/api/v1/products/{code}", handle: s.getProduct},
		{method: "PATCH", path: "/api/v1/products/{code}", handle: s.patchProduct},
		{method: "GET", path: "/api/v1/skus", handle: s.listSKUs},
		{method: "POST", path: "/api/v1/skus", handle: s.createSKU},
		{method: "POST", path: "/api/v1/skus/import", handle: s.importSKUs},
		{method: "GET", path: "/api/v1/skus/{code}", handle: s.getSKU},
		{method: "PATCH", path: "/api/v1/skus/{code}", handle: s.patchSKU},
		{method: "GET", path: "/api/v1/bundles", handle: s.listBundles},
		{method: "GET", path: "/api/v1/listings", handle: s.listListings},
		{method: "PUT", path: "/api/v1/listings", handle: s.putListing},
		{method: "DELETE", path: "/api/v1/listings", handle: s.deleteListing},

		{method: "GET", path: "/api/v1/entities", handle: s.listEntities},
		{method: "POST", path: "/api/v1/entities", handle: s.createEntity},
		{method: "PATCH", path: "/api/v1/entities/{code}", handle: s.patchEntity},
		{method: "GET", path: "/api/v1/shops", handle: s.listShops},
		{method: "POST", path: "/api/v1/shops", handle: s.createShop},
		{method: "GET", path: "/api/v1/shops/{id}", handle: s.getShop},
		{method: "PATCH", path: "/api/v1/shops/{id}", handle: s.patchShop},
		{method: "GET", path: "/api/v1/shops/{id}/health", handle: s.shopHealth},
		{method: "POST", path: "/api/v1/shops/{id}/sync", handle: s.syncShop},
		{method: "GET", path: "/api/v1/analytics/overview", handle: s.analyticsOverview},
		{method: "GET", path: "/api/v1/analytics/alerts", handle: s.analyticsAlerts},
		{method: "GET", path: "/api/v1/profit", handle: s.profitReport},
		{method: "GET", path: "/api/v1/profit/orders", handle: s.profitOrders},
		{method: "GET", path: "/api/v1/profit/orders/{id}", handle: s.orderProfit},
		{method: "POST", path: "/api/v1/profit/spend", handle: s.importSpend},
		{method: "GET", path: "/api/v1/profit/spend", handle: s.listSpend},
		{method: "GET", path: "/api/v1/profit/carrier-rates", handle: s.listCarrierRates},
		{method: "PUT", path: "/api/v1/profit/carrier-rates", handle: s.putCarrierRate},
		{method: "PUT", path: "/api/v1/shops/{id}/secrets/{name}", handle: s.putShopSecret},
		{method: "DELETE", path: "/api/v1/shops/{id}/secrets/{name}", handle: s.deleteShopSecret},
		{method: "GET", path: "/api/v1/shops/{id}/settlement-contract", handle: s.getShopContract},
		{method: "PUT", path: "/api/v1/shops/{id}/settlement-contract", handle: s.putShopContract},
		{method: "POST", path: "/api/v1/shops/{id}/settlement-pull", handle: s.pullSettlements},
		{method: "POST", path: "/api/v1/shops/{id}/settlement-reconcile", handle: s.reconcileShop},
		{method: "GET", path: "/api/v1/recon/rules", handle: s.getReconRules},
		{method: "PUT", path: "/api/v1/recon/rules", handle: s.putReconRules},
		{method: "GET", path: "/api/v1/fx/rates", handle: s.getFXRate},
		{method: "POST", path: "/api/v1/fx/rates", handle: s.postFXRates},
		// Receivables, payables and cash (docs/adr/0051).
		{method: "GET", path: "/api/v1/ar/customers", handle: s.listParties(arap.Customer)},
		{method: "PUT", path: "/api/v1/ar/customers/{code}", handle: s.putParty(arap.Customer)},
		{method: "POST", path: "/api/v1/ar/invoices", handle: s.addDocument(arap.Invoice)},
		{method: "POST", path: "/api/v1/ar/receipts", handle: s.addDocument(arap.Receipt)},
		{method: "GET", path: "/api/v1/ar/aging", handle: s.aging(false)},
		{method: "GET", path: "/api/v1/ap/suppliers", handle: s.listParties(arap.Supplier)},
		{method: "PUT", path: "/api/v1/ap/suppliers/{code}", handle: s.putParty(arap.Supplier)},
		{method: "GET", path: "/api/v1/ap/bills", handle: s.listBills},
		{method: "POST", path: "/api/v1/ap/bills", handle: s.addDocument(arap.Bill)},
		{method: "POST", path: "/api/v1/ap/payments", handle: s.addDocument(arap.Payment)},
		{method: "GET", path: "/api/v1/ap/aging", handle: s.aging(true)},
		{method: "GET", path: "/api/v1/cashflow", handle: s.cashflow},
		{method: "POST", path: "/api/v1/periods/{period}/revaluation", handle: s.revaluePeriod},

		{method: "POST", path: "/api/v1/orders", handle: s.ingestOrder},
		{method: "GET", path: "/api/v1/orders", handle: s.listOrders},
		{method: "GET", path: "/api/v1/orders/{id}", handle: s.getOrder},
		{method: "GET", path: "/api/v1/orders/{id}/receiver", handle: s.getReceiver, reveals: true},
		{method: "PUT", path: "/api/v1/orders/{id}/receiver", handle: s.putReceiver},
		{method: "PUT", path: "/api/v1/orders/{id}/shipping-cost", handle: s.putShippingCost},
		{method: "POST", path: "/api/v1/orders/{id}/approve", handle: s.approveOrder},
		{method: "POST", path: "/api/v1/orders/{id}/retry", handle: s.retryOrder},
		{method: "POST", path: "/api/v1/orders/{id}/hold", handle: s.holdOrder},
		{method: "POST", path: "/api/v1/orders/{id}/cancel", handle: s.cancelOrder},
		{method: "POST", path: "/api/v1/orders/{id}/ship", handle: s.shipOrder},
		{method: "POST", path: "/api/v1/orders/{id}/refund", handle: s.refundOrder},
		{method: "POST", path: "/api/v1/orders/{id}/return", handle: s.returnOrder},
		{method: "POST", path: "/api/v1/orders/holds/retry", handle: s.retryHolds},
		{method: "GET", path: "/api/v1/shops/{id}/pending-orders.xlsx", handle: s.pendingOrdersXLSX, reveals: true},
		{method: "POST", path: "/api/v1/shipments/import", handle: s.importShipments},
		{method: "GET", path: "/api/v1/invoices", handle: s.listInvoices},
		{method: "POST", path: "/api/v1/invoices", handle: s.requestInvoice},
		{method: "POST", path: "/api/v1/invoices/{id}/issue", handle: s.issueInvoice},
		{method: "POST", path: "/api/v1/invoices/{id}/reject", handle: s.rejectInvoice},
		{method: "POST", path: "/api/v1/invoices/{id}/cancel", handle: s.cancelInvoice},
		{method: "GET", path: "/api/v1/invoices/export.xlsx", handle: s.exportInvoices},
		{method: "POST", path: "/api/v1/invoices/issued", handle: s.importIssued},
		{method: "POST", path: "/api/v1/buyers/{ref}/erase", handle: s.eraseBuyer},
		{method: "GET", path: "/api/v1/raw-events", handle: s.listRawEvents, reveals: true},
		{method: "GET", path: "/api/v1/raw-events/{id}", handle: s.getRawEvent, reveals: true},
		{method: "POST", path: "/api/v1/raw-events/replay", handle: s.replayRawEvents},
		{method: "GET", path: "/api/v1/jobs", handle: s.listJobs},
		{method: "POST", path: "/api/v1/jobs/{id}/retry", handle: s.retryJob},
		{method: "POST", path: "/api/v1/jobs/{id}/cancel", handle: s.cancelJob},

		{method: "GET", path: "/api/v1/warehouses", handle: s.listWarehouses},
		{method: "POST", path: "/api/v1/warehouses", handle: s.createWarehouse},
		{method: "PATCH", path: "/api/v1/warehouses/{code}", handle: s.updateWarehouse},
		{method: "GET", path: "/api/v1/stock", handle: s.listStock},
		{method: "POST", path: "/api/v1/stock/receipts", handle: s.receiveStock},
		{method: "POST", path: "/api/v1/stock/adjustments", handle: s.adjustStock},
		{method: "POST", path: "/api/v1/stock/transfers", handle: s.transferStock},
		{method: "POST", path: "/api/v1/stock/returns", handle: s.returnStock},
		{method: "GET", path: "/api/v1/stock/available", handle: s.availableStock},
		{method: "GET", path: "/api/v1/stock/movements", handle: s.listStockMovements},
		{method: "GET", path: "/api/v1/stock/rules", handle: s.listStockRules},
		{method: "PUT", path: "/api/v1/stock/rules", handle: s.putStockRule},
		{method: "DELETE", path: "/api/v1/stock/rules", handle: s.deleteStockRule},
		{method: "GET", path: "/api/v1/stock/safety", handle: s.listSafetyStock},
		{method: "PUT", path: "/api/v1/stock/safety", handle: s.putSafetyStock},

		{method: "GET", path: "/api/v1/users", handle: s.listUsers},
		{method: "POST", path: "/api/v1/users", handle: s.createUser},
		{method: "PATCH", path: "/api/v1/users/{name}", handle: s.patchUser},
		{method: "GET", path: "/api/v1/tokens", handle: s.listTokens},
		{method: "POST", path: "/api/v1/tokens", handle: s.createToken},
		{method: "DELETE", path: "/api/v1/tokens/{id}", handle: s.revokeToken},

		{method: "GET", path: "/api/v1/audit", handle: s.listAudit},
		{method: "GET", path: "/api/v1/audit.csv", handle: s.exportAudit},
	}
}

func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) error {
	promhttp.HandlerFor(s.Registry, promhttp.HandlerOpts{}).ServeHTTP(w, r)
	return nil
}
