package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"github.com/fnshub/fnshub/internal/analytics/analyticsdb"
	"github.com/fnshub/fnshub/internal/finance/financedb"
	"github.com/fnshub/fnshub/internal/profit/profitdb"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/auth/authdb"
	"github.com/fnshub/fnshub/internal/catalog"
	"github.com/fnshub/fnshub/internal/catalog/catalogdb"
	"github.com/fnshub/fnshub/internal/entity"
	"github.com/fnshub/fnshub/internal/entity/entitydb"
	"github.com/fnshub/fnshub/internal/erp/erpdb"
	"github.com/fnshub/fnshub/internal/httpapi/apitest"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/inventory/inventorydb"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/ledger/ledgerdb"
	"github.com/fnshub/fnshub/internal/pii"
	"github.com/fnshub/fnshub/internal/settlement/termsdb"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/shop/shopdb"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/fnshub/fnshub/internal/store/unit"
)

// api is a running server on a fresh SQLite database with one token per role.
type api struct {
	t        *testing.T
	srv      *httptest.Server
	tokens   map[auth.Role]string
	db       *store.DB
	logs     *lockedBuffer     // the server's log
	contract *apitest.Contract // the served OpenAPI document, checked on every call
}

// lockedBuffer is a log destination safe for the server's goroutines.
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

func newAPI(t *testing.T) *api {
	t.Helper()
	return newAPIOn(t, storetest.SQLite(t))
}

// newAPIOn is newAPI on the given database.
func newAPIOn(t *testing.T, db *store.DB) *api { t.Helper(); return newAPIWith(t, db, nil) }

// newAPIWith is newAPIOn with extra services set in the server's Deps.
func newAPIWith(t *testing.T, db *store.DB, extra func(*Deps)) *api {
	t.Helper()
	ctx := context.Background()
	l := ledger.New(ledgerdb.New(db), ledger.Options{})
	t.Cleanup(l.Close)
	if err := l.InstallDefaultChart(ctx); err != nil {
		t.Fatal(err)
	}
	a := auth.New(authdb.New(db), auth.Options{KDF: auth.TestKDF})
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	stock := inventory.New(inventorydb.New(db), nil)
	cat := catalog.New(catalogdb.New(db), nil)
	keys, err := pii.NewKeyring(pii.Key{ID: "t", Secret: []byte("0123456789abcdefghijklmnopqrstuv")})
	if err != nil {
		t.Fatal(err)
	}
	ents := entitydb.New(db)
	shops := shop.New(shopdb.New(db), ents, nil).WithKeys(keys)
	stock.WithShops(shops)
	a.WithShops(func(ctx context.Context, id string) error { _, err := shops.Get(ctx, id); return err })
	// The shops the tests sell through (orders, listings, stock rules).
	for _, sh := range []shop.Shop{{ID: "S1", Channel: "web"}, {ID: "s1", Channel: "tmall"}, {ID: "jd", Channel: "jd"},
		{ID: "tmall", Channel: "tmall"}, {ID: "douyin", Channel: "douyin"}} {
		sh.Name = sh.ID
		if _, err := shops.Create(ctx, sh); err != nil {
			t.Fatal(err)
		}
	}
	orders := app.NewOrders(unit.New(db), cat, keys, app.OrderOptions{Shops: shops, Decoders: map[string]app.Decoder{"api": DecodeOrder}})
	t.Cleanup(orders.Close)
	deps := Deps{Ledger: l, Periods: ledger.NewPeriods(l, ledgerdb.New(db), nil), Maps: financedb.New(db), Stock: stock, StockValue: app.NewStock(unit.New(db), "CNY", nil).WithShops(shops), Catalog: cat, Orders: orders, Entities: entity.New(ents, nil), Shops: shops, Auth: a, DB: db, Location: shanghai, Version: "test", Analytics: analyticsdb.New(db), Profit: profitdb.New(db),
		Audit: newAuditLog(t, db), Invoices: app.NewInvoices(unit.New(db), nil), Terms: termsdb.New(db),
		Settlements: app.NewSettlements(unit.New(db), shops, nil).WithFormats(testSettlementFormats()),
		Reconcile:   app.NewSettlementReconcile(unit.New(db), shops, shanghai),
		Vouchers:    app.NewVouchers(ledgerdb.New(db), ents, erpdb.New(db), keys, nil),
		ARAP:        &app.ARAP{Unit: unit.New(db), Books: l, Currency: "CNY"}}
	if extra != nil {
		extra(&deps)
	}
	s := New(deps)
	logs := &lockedBuffer{}
	s.Log = slog.New(slog.NewTextHandler(logs, nil))
	x := &api{t: t, srv: httptest.NewServer(s.Handler()), tokens: map[auth.Role]string{}}
	x.db, x.logs = db, logs
	t.Cleanup(x.srv.Close)
	x.contract = apitest.Served(t, x.srv.Client(), x.srv.URL)
	for _, role := range auth.Roles() {
		if _, err := a.AddUser(ctx, string(role)+"-user", role, "correct horse battery"); err != nil {
			t.Fatal(err)
		}
		secret, _, err := a.CreateToken(ctx, string(role)+"-user", "test")
		if err != nil {
			t.Fatal(err)
		}
		x.tokens[role] = secret
	}
	return x
}

// do sends a request as role ("" for none) and decodes a JSON answer.
func (x *api) do(role auth.Role, method, path, body string, header ...string) (int, http.Header, map[string]any) {
	x.t.Helper()
	resp, raw := x.send(role, method, path, body, header...)
	var out map[string]any
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(raw, &out); err != nil {
			x.t.Fatalf("%s %s: answer is not JSON: %s", method, path, raw)
		}
	}
	return resp.StatusCode, resp.Header, out
}

// send sends a request as role ("" for none), a JSON body when one is
// given, and checks request and answer against the served OpenAPI document.
func (x *api) send(role auth.Role, method, path, body string, header ...string) (*http.Response, []byte) {
	x.t.Helper()
	req, err := http.NewRequest(method, x.srv.URL+path, strings.NewReader(body))
	if err != nil {
		x.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+x.tokens[role])
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		x.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		x.t.Fatal(err)
	}
	x.contract.Check(x.t, req, []byte(body), resp.StatusCode, resp.Header, raw)
	for _, p := range apitest.WrongOffsets(raw, shanghaiOffset) {
		x.t.Errorf("%s %s → %d: %s", method, path, resp.StatusCode, p)
	}
	return resp, raw
}

func errorCode(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	code, _ := e["code"].(string)
	return code
}

const sale = `{"description":"Tmall order 1001","postings":[
	{"account":"1122","side":"debit","amount":{"amount":"113.00","currency":"CNY"}},
	{"account":"6001","side":"credit","amount":{"amount":"100.00","currency":"CNY"}},
	{"account":"2221","side":"credit","amount":{"amount":"13.00","currency":"CNY"}}]}`
