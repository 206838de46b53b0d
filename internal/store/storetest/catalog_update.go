package storetest

import (
	"context"
	"testing"

	"github.com/fnshub/fnshub/internal/catalog"
	"github.com/fnshub/fnshub/internal/catalog/catalogdb"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
)

// exerciseCatalogUpdates runs the contract of reading products and bundles,
// updating SKUs and products and unmapping listings. newStore returns a
// catalog holding product TEA with SKUs TEA-250 and TEA-500.
func exerciseCatalogUpdates(t *testing.T, newStore func(*testing.T) (*catalog.Service, *catalogdb.Store)) {
	ctx := context.Background()
	vat := money.MustRate("0.13")
	str := func(s string) *string { return &s }
	t.Run("a SKU's descriptive fields and tax rate change, its code and components do not", func(t *testing.T) {
		t.Parallel()
		s, st := newStore(t)
		_, err := s.SKU(ctx, "TEA-250") // cached before the update
		must(t, err)
		rate, weight := money.MustRate("0.09"), int64(260)
		_, err = s.UpdateSKU(ctx, "TEA-250", catalog.SKUPatch{Name: str("龙井 新茶"), Product: str(""), TaxRate: &rate, WeightG: &weight})
		must(t, err)
		got, err := s.SKU(ctx, "TEA-250")
		must(t, err)
		if got.Name != "龙井 新茶" || got.Product != "" || got.TaxRate.String() != "0.09" || got.WeightG != 260 || got.Barcode != "69TEA-250" {
			t.Fatalf("after update SKU = %+v", got)
		}
		_, err = s.UpdateSKU(ctx, "TEA-250", catalog.SKUPatch{Product: str("NOPE")})
		wantKind(t, err, fault.Invalid)
		_, err = s.UpdateSKU(ctx, "TEA-250", catalog.SKUPatch{Name: str("")})
		wantKind(t, err, fault.Invalid)
		_, err = s.UpdateSKU(ctx, "NOPE", catalog.SKUPatch{Name: str("x")})
		wantKind(t, err, fault.NotFound)

		_, err = s.CreateSKU(ctx, catalog.SKU{Code: "GIFT", Name: "礼盒", TaxRate: vat, Components: []catalog.Component{{SKU: "TEA-250", Quantity: 2}}})
		must(t, err)
		_, err = st.UpdateSKU(ctx, "GIFT", func(sku *catalog.SKU) error { sku.Components[0].Quantity = 3; return nil })
		wantKind(t, err, fault.Invalid)
		_, err = st.UpdateSKU(ctx, "GIFT", func(sku *catalog.SKU) error { sku.Code = "GIFT2"; return nil })
		wantKind(t, err, fault.Invalid)
		gift, err := st.SKU(ctx, "GIFT")
		must(t, err)
		if len(gift.Components) != 1 || gift.Components[0].Quantity != 2 {
			t.Fatalf("a refused change reached the bundle: %+v", gift.Components)
		}
	})
	t.Run("products page in code order and read back with their SKUs", func(t *testing.T) {
		t.Parallel()
		s, _ := newStore(t)
		_, err := s.CreateProduct(ctx, catalog.Product{Code: "CUP", Name: "杯"})
		must(t, err)
		_, err = s.CreateSKU(ctx, catalog.SKU{Code: "TEA-SET", Product: "TEA", Name: "套装", TaxRate: vat, Components: []catalog.Component{{SKU: "TEA-250", Quantity: 1}}})
		must(t, err)
		page, err := s.Products(ctx, "", 1)
		must(t, err)
		next, err := s.Products(ctx, page[0].Code, 10)
		must(t, err)
		if len(page) != 1 || page[0].Code != "CUP" || len(next) != 1 || next[0].Code != "TEA" {
			t.Fatalf("pages = %v, %v", page, next)
		}
		p, skus, err := s.Product(ctx, "TEA")
		must(t, err)
		if p.Name != "龙井茶" || len(skus) != 3 || skus[2].Code != "TEA-SET" || len(skus[2].Components) != 1 || skus[0].IsBundle() {
			t.Fatalf("product %+v with SKUs %+v", p, skus)
		}
		_, skus, err = s.Product(ctx, "CUP")
		must(t, err)
		if len(skus) != 0 {
			t.Fatalf("CUP has SKUs %v", skus)
		}
		_, _, err = s.Product(ctx, "NOPE")
		wantKind(t, err, fault.NotFound)
	})
	t.Run("a product can be renamed but not emptied", func(t *testing.T) {
		t.Parallel()
		s, _ := newStore(t)
		got, err := s.UpdateProduct(ctx, "TEA", catalog.ProductPatch{Name: str("西湖龙井")})
		must(t, err)
		p, _, err := s.Product(ctx, "TEA")
		must(t, err)
		if got.Name != "西湖龙井" || p.Name != "西湖龙井" || p.CreatedAt.IsZero() {
			t.Fatalf("renamed %+v, read back %+v", got, p)
		}
		_, err = s.UpdateProduct(ctx, "TEA", catalog.ProductPatch{Name: str("")})
		wantKind(t, err, fault.Invalid)
		_, err = s.UpdateProduct(ctx, "NOPE", catalog.ProductPatch{Name: str("x")})
		wantKind(t, err, fault.NotFound)
	})
	t.Run("bundles page with their components and without plain SKUs", func(t *testing.T) {
		t.Parallel()
		s, _ := newStore(t)
		for _, code := range []string{"GIFT-A", "GIFT-B"} {
			_, err := s.CreateSKU(ctx, catalog.SKU{Code: code, Name: code, TaxRate: vat,
				Components: []catalog.Component{{SKU: "TEA-500", Quantity: 1}, {SKU: "TEA-250", Quantity: 2}}})
			must(t, err)
		}
		page, err := s.Bundles(ctx, "", 1)
		must(t, err)
		rest, err := s.Bundles(ctx, "GIFT-A", 10)
		must(t, err)
		if len(page) != 1 || page[0].Code != "GIFT-A" || len(rest) != 1 || rest[0].Code != "GIFT-B" {
			t.Fatalf("pages = %v, %v", page, rest)
		}
		if c := rest[0].Components; len(c) != 2 || c[0] != (catalog.Component{SKU: "TEA-250", Quantity: 2}) {
			t.Fatalf("components = %v", c)
		}
	})
	t.Run("an unmapped listing no longer resolves", func(t *testing.T) {
		t.Parallel()
		s, st := newStore(t)
		_, err := s.PutListing(ctx, catalog.Listing{Channel: "jd", Shop: "jd-1", ExternalItemID: "100", SKU: "TEA-250"})
		must(t, err)
		_, err = s.Resolve(ctx, "jd", "jd-1", "100", "") // cached
		must(t, err)
		must(t, s.DeleteListing(ctx, "jd", "jd-1", "100", ""))
		_, err = s.Resolve(ctx, "jd", "jd-1", "100", "")
		wantKind(t, err, fault.NotFound)
		wantKind(t, st.DeleteListing(ctx, "jd", "jd-1", "100", ""), fault.NotFound)
		wantKind(t, s.DeleteListing(ctx, "jd", "", "100", ""), fault.Invalid)
	})
}
