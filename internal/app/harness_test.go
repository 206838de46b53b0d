package app_test

import (
	"context"
	"crypto/rand"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/catalog"
	"github.com/fnshub/fnshub/internal/catalog/catalogdb"
	"github.com/fnshub/fnshub/internal/entity/entitydb"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/inventory/inventorydb"
	"github.com/fnshub/fnshub/internal/job/jobdb"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/ledger/ledgerdb"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/pii"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/shop/shopdb"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/fnshub/fnshub/internal/store/unit"
)

var ctx = context.Background()

// hub is every service an order touches, over one fresh database.
type hub struct {
	db     *store.DB
	orders *app.Orders
	stock  *inventory.Service
	value  *app.Stock
	cat    *catalog.Service
	books  *ledger.Ledger
	shops  *shop.Service
	keys   *pii.Keyring
	key    pii.Key // the master key of keys
}

func newHub(t testing.TB, open storetest.Opener, opt app.OrderOptions) *hub {
	t.Helper()
	db := open(t)
	h := &hub{db: db, stock: inventory.New(inventorydb.New(db), nil), cat: catalog.New(catalogdb.New(db), nil),
		books: ledger.New(ledgerdb.New(db), ledger.Options{})}
	t.Cleanup(h.books.Close)
	must(t, h.books.InstallDefaultChart(ctx))
	h.key = pii.Key{ID: "t1", Secret: []byte((rand.Text() + rand.Text())[:pii.KeySize])}
	keys, err := pii.NewKeyring(h.key)
	must(t, err)
	h.keys = keys
	h.shops = shop.New(shopdb.New(db), entitydb.New(db), nil)
	_, err = h.shops.Create(ctx, shop.Shop{ID: "S1", Channel: "web", Name: "官网"})
	must(t, err)
	opt.Shops = h.shops
	h.orders = app.NewOrders(unit.New(db), h.cat, keys, opt)
	h.value = app.NewStock(unit.New(db), "CNY", nil).WithShops(h.shops)
	t.Cleanup(h.orders.Close)
	_, err = h.cat.CreateProduct(ctx, catalog.Product{Code: "TEA", Name: "龙井茶"})
	must(t, err)
	for _, code := range []string{"TEA-250", "TEA-500", "CUP"} {
		_, err := h.cat.CreateSKU(ctx, catalog.SKU{Code: code, Product: "TEA", Name: code, TaxRate: money.MustRate("0.13")})
		must(t, err)
	}
	_, err = h.cat.CreateSKU(ctx, catalog.SKU{Code: "GIFT", Name: "礼盒", TaxRate: money.MustRate("0.13"),
		Components: []catalog.Component{{SKU: "TEA-250", Quantity: 2}, {SKU: "CUP", Quantity: 1}}})
	must(t, err)
	for _, w := range []inventory.Warehouse{{Code: "SH", Name: "上海仓", Province: "上海", Priority: 1, Active: true},
		{Code: "GZ", Name: "广州仓", Province: "广东", Priority: 2, Active: true}} {
		_, err := h.stock.CreateWarehouse(ctx, w)
		must(t, err)
	}
	return h
}

// newTmallHub is a hub with a tmall shop T1, and River's tables when the
// test runs jobs.
func newTmallHub(t testing.TB, open storetest.Opener, jobs bool) *hub {
	t.Helper()
	h := newHub(t, open, app.OrderOptions{})
	if jobs {
		_, err := jobdb.Migrate(ctx, h.db)
		must(t, err)
	}
	_, err := h.shops.Create(ctx, shop.Shop{ID: "T1", Channel: "tmall", Name: "天猫旗舰店"})
	must(t, err)
	return h
}

// receive books q units in at 4.00 each.
func (h *hub) receive(t testing.TB, key, sku, wh string, q int64) {
	t.Helper()
	cost := cny(400)
	_, _, err := h.value.Receive(ctx, key, inventory.Line{SKU: sku, Warehouse: wh, Quantity: q}, &cost)
	must(t, err)
}

func cny(minor int64) money.Amount { return money.New(minor, "CNY") }

// paid is a paid web order of the given SKUs, one unit of each at 10.00.
func paid(ext string, version int64, skus ...string) app.Input {
	o := order.Order{Channel: "web", Shop: "S1", ExternalID: ext, Version: version, Status: order.Paid, Currency: "CNY",
		CreatedAt: time.Date(2026, 11, 11, 0, 0, 1, 0, time.UTC), PaidAt: time.Date(2026, 11, 11, 0, 0, 5, 0, time.UTC)}
	for _, s := range skus {
		o.Lines = append(o.Lines, order.Line{SKU: s, Quantity: 1, UnitPrice: cny(1000)})
	}
	// An address far from both warehouses, so routing follows the stock.
	c := &pii.Contact{Name: "王五", Phone: "13900000000", Province: "北京", Detail: "长安街 1 号"}
	return app.Input{Order: o, BuyerID: "buyer-" + ext, Contact: c, Source: "test", Raw: []byte(`{"external_id":"` + ext + `"}`)}
}

func (h *hub) ingest(t testing.TB, in app.Input) app.Result {
	t.Helper()
	r := h.orders.Ingest(ctx, in)
	if r.Err != nil {
		t.Fatalf("ingest %s v%d: %v", in.Order.ExternalID, in.Order.Version, r.Err)
	}
	return r
}

// assertInvariants checks the ledger and stock invariants hold.
func (h *hub) assertInvariants(t testing.TB) {
	t.Helper()
	rep, err := h.books.Check(ctx)
	must(t, err)
	if len(rep.Problems) > 0 {
		t.Fatalf("ledger check: %v", rep.Problems)
	}
	_, problems, err := h.stock.Check(ctx)
	must(t, err)
	if len(problems) > 0 {
		t.Fatalf("stock check: %v", problems)
	}
	_, orderProblems, err := h.orders.Check(ctx)
	must(t, err)
	valueProblems, err := h.value.Check(ctx)
	must(t, err)
	if len(orderProblems)+len(valueProblems) > 0 {
		t.Fatalf("order and value checks: %v %v", orderProblems, valueProblems)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func orderListAll() order.Filter { return order.Filter{Limit: 100_000} }

// allOrders lists every order, a page of 500 at a time as the API and
// check do (a page of tens of thousands passes SQLite's bound on a
// statement's parameters).
func (h *hub) allOrders(t testing.TB) []*order.Record {
	t.Helper()
	var out []*order.Record
	f := order.Filter{Limit: 500}
	for {
		page, err := h.orders.List(ctx, f)
		must(t, err)
		out = append(out, page...)
		if len(page) < f.Limit {
			return out
		}
		f.Before = page[len(page)-1].ID
	}
}

// balances returns the stored balance of each account of the default
// entity in CNY minor units.
func (h *hub) balances(t testing.TB) map[string]int64 {
	t.Helper()
	return h.entityBalances(t, 1)
}

// entityBalances returns the stored balance of each account of entity in
// CNY minor units.
func (h *hub) entityBalances(t testing.TB, entity int64) map[string]int64 {
	t.Helper()
	tb, err := h.books.TrialBalance(ctx, entity, time.Now().AddDate(1, 0, 0))
	must(t, err)
	out := map[string]int64{}
	for _, l := range tb.Lines {
		out[l.Account.Code] += l.Debit.Minor() - l.Credit.Minor()
	}
	return out
}
