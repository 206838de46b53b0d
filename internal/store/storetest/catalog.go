package storetest

import (
	"context"
	"testing"

	"github.com/fnshub/fnshub/internal/catalog"
	"github.com/fnshub/fnshub/internal/catalog/catalogdb"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
)

// ExerciseCatalog runs the master-data storage contract against one engine.
func ExerciseCatalog(t *testing.T, open Opener) {
	ctx := context.Background()
	vat := money.MustRate("0.13")
	newStore := func(t *testing.T) (*catalog.Service, *catalogdb.Store) {
		db := open(t)
		AddShop(t, db, "tmall", "shop-1")
		AddShop(t, db, "jd", "jd-1")
		st := catalogdb.New(db)
		s := catalog.New(st, nil)
		_, err := s.CreateProduct(ctx, catalog.Product{Code: "TEA", Name: "龙井茶"})
		must(t, err)
		for _, code := range []string{"TEA-250", "TEA-500"} {
			_, err := s.CreateSKU(ctx, catalog.SKU{Code: code, Product: "TEA", Name: "龙井 " + code, TaxRate: vat, Barcode: "69" + code})
			must(t, err)
		}
		return s, st
	}
	newCatalog := func(t *testing.T) *catalog.Service {
		s, _ := newStore(t)
		return s
	}
	t.Run("a SKU reads back with its tax rate", func(t *testing.T) {
		t.Parallel()
		s := newCatalog(t)
		got, err := s.SKU(ctx, "TEA-250")
		must(t, err)
		if got.TaxRate.String() != "0.13" || got.Product != "TEA" || got.IsBundle() {
			t.Fatalf("SKU = %+v", got)
		}
		_, err = s.CreateSKU(ctx, catalog.SKU{Code: "TEA-250", Name: "again", TaxRate: vat})
		wantKind(t, err, fault.Conflict)
		_, err = s.CreateSKU(ctx, catalog.SKU{Code: "X", Product: "NOPE", Name: "x", TaxRate: vat})
		wantKind(t, err, fault.Invalid)
		_, err = s.SKU(ctx, "NOPE")
		wantKind(t, err, fault.NotFound)
	})
	t.Run("a bundle holds plain SKUs only", func(t *testing.T) {
		t.Parallel()
		s := newCatalog(t)
		gift := catalog.SKU{Code: "GIFT", Name: "礼盒", TaxRate: vat, Components: []catalog.Component{{SKU: "TEA-250", Quantity: 2}, {SKU: "TEA-500", Quantity: 1}}}
		_, err := s.CreateSKU(ctx, gift)
		must(t, err)
		got, err := s.SKU(ctx, "GIFT")
		must(t, err)
		if len(got.Components) != 2 || got.Components[0] != (catalog.Component{SKU: "TEA-250", Quantity: 2}) {
			t.Fatalf("bundle components = %v", got.Components)
		}
		_, err = s.CreateSKU(ctx, catalog.SKU{Code: "BIG", Name: "x", TaxRate: vat, Components: []catalog.Component{{SKU: "GIFT", Quantity: 1}}})
		wantKind(t, err, fault.Invalid)
		_, err = s.CreateSKU(ctx, catalog.SKU{Code: "BAD", Name: "x", TaxRate: vat, Components: []catalog.Component{{SKU: "NOPE", Quantity: 1}}})
		wantKind(t, err, fault.Invalid)
		if _, err := s.SKU(ctx, "BAD"); fault.KindOf(err) != fault.NotFound {
			t.Fatalf("a refused bundle was half-written: %v", err)
		}
	})
	t.Run("a listing resolves to its SKU and can be remapped", func(t *testing.T) {
		t.Parallel()
		s := newCatalog(t)
		_, err := s.Resolve(ctx, "tmall", "shop-1", "6001", "sku-a")
		wantKind(t, err, fault.NotFound)
		_, err = s.PutListing(ctx, catalog.Listing{Channel: "tmall", Shop: "shop-1", ExternalItemID: "6001", ExternalSKUID: "sku-a", SKU: "TEA-250"})
		must(t, err)
		_, err = s.PutListing(ctx, catalog.Listing{Channel: "tmall", Shop: "shop-1", ExternalItemID: "6001", ExternalSKUID: "sku-a", SKU: "TEA-500"})
		must(t, err)
		got, err := s.Resolve(ctx, "tmall", "shop-1", "6001", "sku-a")
		must(t, err)
		ls, err := s.Listings(ctx, "tmall", "shop-1")
		must(t, err)
		if got.Code != "TEA-500" || len(ls) != 1 {
			t.Fatalf("resolved %s, %d listings; want TEA-500 and one listing", got.Code, len(ls))
		}
		_, err = s.PutListing(ctx, catalog.Listing{Channel: "tmall", Shop: "shop-1", ExternalItemID: "7", SKU: "NOPE"})
		wantKind(t, err, fault.NotFound)
	})
	t.Run("SKUs page in code order", func(t *testing.T) {
		t.Parallel()
		s := newCatalog(t)
		page, err := s.SKUs(ctx, "TEA-250", 10)
		must(t, err)
		if len(page) != 1 || page[0].Code != "TEA-500" {
			t.Fatalf("page after TEA-250 = %v", page)
		}
	})
	exerciseCatalogUpdates(t, newStore)
}
