package storetest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/catalog"
	"github.com/fnshub/fnshub/internal/catalog/catalogdb"
	"github.com/fnshub/fnshub/internal/entity"
	"github.com/fnshub/fnshub/internal/entity/entitydb"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/inventory/inventorydb"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/ledger/ledgerdb"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/shop/shopdb"
	"github.com/fnshub/fnshub/internal/store"
)

// AddShop adds an active shop under the default entity, for tests that
// ingest orders or map listings of it.
func AddShop(t testing.TB, db *store.DB, channel, id string) shop.Shop {
	t.Helper()
	sh, err := shop.New(shopdb.New(db), entitydb.New(db), nil).Create(context.Background(), shop.Shop{ID: id, Channel: channel, Name: id})
	if err != nil {
		t.Fatalf("add shop %s: %v", id, err)
	}
	return sh
}

// ExerciseShops runs the legal entity and shop storage contract against
// one engine.
func ExerciseShops(t *testing.T, open Opener) {
	ctx := context.Background()
	services := func(t *testing.T) (*store.DB, *entity.Service, *shop.Service) {
		db := open(t)
		es := entitydb.New(db)
		return db, entity.New(es, nil), shop.New(shopdb.New(db), es, nil)
	}
	t.Run("the default entity exists after migration", func(t *testing.T) {
		t.Parallel()
		_, ents, _ := services(t)
		all, err := ents.List(ctx)
		must(t, err)
		if len(all) != 1 || all[0].ID != entity.DefaultID || all[0].Code != entity.DefaultCode || all[0].BaseCurrency != "CNY" || all[0].Timezone != "Asia/Shanghai" {
			t.Fatalf("entities = %+v", all)
		}
	})
	t.Run("entities get ids after the default, codes are unique, lookups by id and code agree", func(t *testing.T) {
		t.Parallel()
		_, ents, _ := services(t)
		hk, err := ents.Create(ctx, entity.Entity{Code: "hk-trading", Name: "HK Trading Ltd", BaseCurrency: "HKD", Timezone: "Asia/Hong_Kong"})
		must(t, err)
		if hk.ID != 2 {
			t.Fatalf("second entity id = %d, want 2", hk.ID)
		}
		_, err = ents.Create(ctx, entity.Entity{Code: "hk-trading", Name: "again", BaseCurrency: "HKD", Timezone: "UTC"})
		wantKind(t, err, fault.Conflict)
		byCode, err := ents.ByCode(ctx, "hk-trading")
		must(t, err)
		byID, err := ents.ByID(ctx, hk.ID)
		must(t, err)
		if byCode != byID || byID.BaseCurrency != "HKD" || !byID.CreatedAt.Equal(hk.CreatedAt) {
			t.Fatalf("by code %+v, by id %+v, created %+v", byCode, byID, hk)
		}
		_, err = ents.ByCode(ctx, "nope")
		wantKind(t, err, fault.NotFound)
	})
	t.Run("an entity with a bad timezone or currency is refused naming the field", func(t *testing.T) {
		t.Parallel()
		_, ents, _ := services(t)
		_, err := ents.Create(ctx, entity.Entity{Code: "x", Name: "X", BaseCurrency: "CNY", Timezone: "Mars/Olympus"})
		wantField(t, err, "timezone")
		_, err = ents.Create(ctx, entity.Entity{Code: "x", Name: "X", BaseCurrency: "XXQ", Timezone: "UTC"})
		wantField(t, err, "base_currency")
		_, err = ents.Create(ctx, entity.Entity{Code: "Bad Code", Name: "X", BaseCurrency: "CNY", Timezone: "UTC"})
		wantField(t, err, "code")
	})
	t.Run("an entity is renamed; its base currency changes only while it has no books", func(t *testing.T) {
		t.Parallel()
		db, ents, _ := services(t)
		name, usd := "上海公司", money.Currency("USD")
		e, err := ents.Update(ctx, entity.DefaultCode, entity.Patch{Name: &name, BaseCurrency: &usd})
		must(t, err)
		if e.Name != name || e.BaseCurrency != "USD" {
			t.Fatalf("updated = %+v", e)
		}
		postOneEntry(t, db)
		cny := money.Currency("CNY")
		_, err = ents.Update(ctx, entity.DefaultCode, entity.Patch{BaseCurrency: &cny})
		wantKind(t, err, fault.Conflict)
		got, err := ents.EnsureDefault(ctx, "CNY", "UTC")
		must(t, err)
		if got.BaseCurrency != "USD" || got.Timezone != "UTC" {
			t.Fatalf("EnsureDefault over books = %+v, want USD kept and the zone taken", got)
		}
	})
	t.Run("a shop takes its entity's currency and timezone, and reads back with its warehouses", func(t *testing.T) {
		t.Parallel()
		db, _, shops := services(t)
		addWarehouses(t, db, "SH", "GZ")
		sh, err := shops.Create(ctx, shop.Shop{ID: "tmall-flagship", Channel: "tmall", Name: "天猫旗舰店",
			Warehouses: []shop.Warehouse{{Code: "GZ", Priority: 2}, {Code: "SH", Priority: 1}}})
		must(t, err)
		got, err := shops.Get(ctx, "tmall-flagship")
		must(t, err)
		if got.Currency != "CNY" || got.Timezone != "Asia/Shanghai" || got.Entity != "default" || got.EntityID != 1 || !got.Active ||
			len(got.Warehouses) != 2 || got.Warehouses[0].Code != "SH" || !got.CreatedAt.Equal(sh.CreatedAt) {
			t.Fatalf("shop = %+v", got)
		}
		_, err = shops.Create(ctx, shop.Shop{ID: "tmall-flagship", Channel: "tmall", Name: "again"})
		wantKind(t, err, fault.Conflict)
	})
	t.Run("a shop with a bad id, channel, entity or warehouse is refused naming the field", func(t *testing.T) {
		t.Parallel()
		_, _, shops := services(t)
		for field, s := range map[string]shop.Shop{
			"id":                      {ID: "a.b", Channel: "jd", Name: "x"},
			"channel":                 {ID: "a", Channel: "ebay-ish", Name: "x"},
			"entity":                  {ID: "a", Channel: "jd", Name: "x", Entity: "nope"},
			"timezone":                {ID: "a", Channel: "jd", Name: "x", Timezone: "Nowhere"},
			"warehouses[0].warehouse": {ID: "a", Channel: "jd", Name: "x", Warehouses: []shop.Warehouse{{Code: "NOPE"}}},
		} {
			_, err := shops.Create(ctx, s)
			wantField(t, err, field)
		}
		if _, err := shops.Get(ctx, "a"); !fault.Is(err, fault.NotFound) {
			t.Fatalf("a refused shop was stored: %v", err)
		}
	})
	t.Run("a shop is renamed, deactivated and given warehouses; its channel cannot change", func(t *testing.T) {
		t.Parallel()
		db, _, shops := services(t)
		addWarehouses(t, db, "SH")
		AddShop(t, db, "jd", "jd-1")
		name, off := "京东自营", false
		ws := []shop.Warehouse{{Code: "SH", Priority: 0}}
		got, err := shops.Update(ctx, "jd-1", shop.Patch{Name: &name, Active: &off, Warehouses: &ws})
		must(t, err)
		again, err := shops.Get(ctx, "jd-1")
		must(t, err)
		if got.Name != name || again.Name != name || again.Active || len(again.Warehouses) != 1 || !again.UpdatedAt.After(again.CreatedAt.Add(-time.Second)) {
			t.Fatalf("updated %+v, read %+v", got, again)
		}
		bad := []shop.Warehouse{{Code: "NOPE"}}
		_, err = shops.Update(ctx, "jd-1", shop.Patch{Warehouses: &bad})
		wantField(t, err, "warehouses[0].warehouse")
		_, err = shops.Update(ctx, "nope", shop.Patch{Name: &name})
		wantKind(t, err, fault.NotFound)
	})
	t.Run("Check refuses an unknown, inactive or other-channel shop, saying how to fix it", func(t *testing.T) {
		t.Parallel()
		db, _, shops := services(t)
		_, err := shops.Check(ctx, "web", "S1")
		wantField(t, err, "shop")
		if !strings.Contains(err.Error(), "fnshub shop add") || !strings.Contains(err.Error(), "POST /api/v1/shops") {
			t.Fatalf("message %q does not say how to add the shop", err)
		}
		AddShop(t, db, "web", "S1")
		_, err = shops.Check(ctx, "web", "S1")
		must(t, err) // not cached while unknown
		_, err = shops.Check(ctx, "pos", "S1")
		wantField(t, err, "channel")
		off := false
		_, err = shops.Update(ctx, "S1", shop.Patch{Active: &off})
		must(t, err)
		_, err = shops.Check(ctx, "web", "S1")
		wantField(t, err, "shop") // forgotten from the cache at once
	})
	t.Run("listings and stock rules for an unknown shop are refused", func(t *testing.T) {
		t.Parallel()
		db := open(t)
		inv := inventory.New(inventorydb.New(db), nil)
		_, err := inv.PutRule(ctx, inventory.Rule{Shop: "ghost", SKU: "*", Kind: inventory.RuleCap, Quantity: 5})
		wantField(t, err, "shop")
		cat := catalog.New(catalogdb.New(db), nil)
		_, err = cat.CreateSKU(ctx, catalog.SKU{Code: "TEA", Name: "tea", TaxRate: money.MustRate("0.13")})
		must(t, err)
		listing := catalog.Listing{Channel: "jd", Shop: "ghost", ExternalItemID: "i1", SKU: "TEA"}
		_, err = cat.PutListing(ctx, listing)
		wantField(t, err, "shop")
		AddShop(t, db, "jd", "ghost")
		_, err = inv.PutRule(ctx, inventory.Rule{Shop: "ghost", SKU: "*", Kind: inventory.RuleCap, Quantity: 5})
		must(t, err)
		_, err = cat.PutListing(ctx, listing)
		must(t, err)
		listing.Channel = "tmall"
		_, err = cat.PutListing(ctx, listing)
		wantField(t, err, "channel")
	})
	t.Run("migration gives every shop already named by listings and stock rules a row", func(t *testing.T) {
		t.Parallel()
		exerciseShopMigration(t, open)
	})
}

func wantField(t *testing.T, err error, field string) {
	t.Helper()
	var fe *fault.Error
	if !errors.As(err, &fe) || fe.Kind != fault.Invalid || fe.Field != field {
		t.Fatalf("err = %v (%+v), want Invalid naming %s", err, fe, field)
	}
}

func addWarehouses(t *testing.T, db *store.DB, codes ...string) {
	t.Helper()
	inv := inventory.New(inventorydb.New(db), nil)
	for _, c := range codes {
		_, err := inv.CreateWarehouse(context.Background(), inventory.Warehouse{Code: c, Name: c, Active: true})
		must(t, err)
	}
}

// postOneEntry gives the default entity books.
func postOneEntry(t *testing.T, db *store.DB) {
	t.Helper()
	l := ledger.New(ledgerdb.New(db), ledger.Options{})
	defer l.Close()
	must(t, l.InstallDefaultChart(context.Background()))
	_, err := l.Post(context.Background(), Sale(t, "books-1", "1.00"))
	must(t, err)
}

// exerciseShopMigration loads shops the way they were kept before
// migration 15 (names on orders, listings and rules only) and migrates up.
func exerciseShopMigration(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t)
	must(t, db.MigrateDownTo(ctx, 14))
	for _, q := range []string{
		`INSERT INTO skus (code, name, tax_rate, created_at) VALUES ('TEA', 'tea', '0.13', 1)`,
		`INSERT INTO listings (channel, shop, external_item_id, sku_code, created_at) VALUES ('tmall', 'tm-1', 'i1', 'TEA', 1)`,
		`INSERT INTO shop_stock_rules (shop, sku, kind, value, updated_at) VALUES ('tm-1', '*', 'cap', 5, 1), ('rule-only', '*', 'cap', 5, 1)`,
		`INSERT INTO orders (id, channel, shop, external_id, order_key, version, status, currency, shipping_fee, discount, total, created_at, paid_at, updated_at, raw_event_id)
		 VALUES (1, 'jd', 'jd-1', 'e1', 'jd/jd-1/e1', 1, 'paid', 'USD', 0, 0, 100, 1, 1, 1, 0)`,
	} {
		if err := exec(db, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	_, err := db.Migrate(ctx)
	must(t, err)
	shops := shop.New(shopdb.New(db), entitydb.New(db), nil)
	all, err := shops.List(ctx, "", 100)
	must(t, err)
	got := map[string]string{}
	for _, s := range all {
		got[s.ID] = s.Channel + " " + string(s.Currency) + " " + s.Entity
	}
	want := map[string]string{"jd-1": "jd USD default", "tm-1": "tmall CNY default", "rule-only": "other CNY default"}
	if len(got) != len(want) {
		t.Fatalf("migrated shops = %v, want %v", got, want)
	}
	for id, w := range want {
		if got[id] != w {
			t.Fatalf("migrated shops = %v, want %v", got, want)
		}
	}
}
