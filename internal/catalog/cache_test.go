package catalog

import (
	"context"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
)

// countingStore serves one SKU and one listing and counts the reads that
// reach it; the rest of Store is not used here.
type countingStore struct {
	Store
	sku     SKU
	mapped  bool
	reads   int
	resolve int
}

func (c *countingStore) SKU(context.Context, string) (SKU, error) {
	c.reads++
	return c.sku, nil
}

func (c *countingStore) Resolve(context.Context, string, string, string, string) (SKU, error) {
	c.resolve++
	if !c.mapped {
		return SKU{}, fault.New(fault.NotFound, "listing_unmapped", "unmapped")
	}
	return c.sku, nil
}

func (c *countingStore) UpdateSKU(_ context.Context, _ string, fn func(*SKU) error) (SKU, error) {
	err := fn(&c.sku)
	return c.sku, err
}

func (c *countingStore) DeleteListing(context.Context, string, string, string, string) error {
	c.mapped = false
	return nil
}

func TestCache_ForgetsAndExpires(t *testing.T) {
	ctx := context.Background()
	setup := func() (*Service, *countingStore, *time.Time) {
		now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		st := &countingStore{sku: SKU{Code: "TEA", Name: "tea", TaxRate: money.MustRate("0.13")}, mapped: true}
		return New(st, func() time.Time { return now }), st, &now
	}
	t.Run("a SKU is read once within its TTL", func(t *testing.T) {
		s, st, _ := setup()
		for range 3 {
			if _, err := s.SKU(ctx, "TEA"); err != nil {
				t.Fatal(err)
			}
		}
		if st.reads != 1 {
			t.Fatalf("%d store reads, want 1", st.reads)
		}
	})
	t.Run("a SKU changed elsewhere is seen once the TTL has passed", func(t *testing.T) {
		s, st, now := setup()
		_, _ = s.SKU(ctx, "TEA")
		st.sku.TaxRate = money.MustRate("0.09") // another node's update
		*now = now.Add(SKUTTL)
		if got, _ := s.SKU(ctx, "TEA"); got.TaxRate.String() != "0.13" {
			t.Fatalf("within the TTL the rate is %s, want the cached 0.13", got.TaxRate)
		}
		*now = now.Add(time.Microsecond)
		if got, _ := s.SKU(ctx, "TEA"); got.TaxRate.String() != "0.09" || st.reads != 2 {
			t.Fatalf("after the TTL the rate is %s after %d reads, want 0.09 after 2", got.TaxRate, st.reads)
		}
	})
	t.Run("a SKU updated on this node is forgotten at once", func(t *testing.T) {
		s, st, _ := setup()
		_, _ = s.Resolve(ctx, "tmall", "s1", "6001", "a") // caches the listing and its SKU
		rate := money.MustRate("0.09")
		if _, err := s.UpdateSKU(ctx, "TEA", SKUPatch{TaxRate: &rate}); err != nil {
			t.Fatal(err)
		}
		got, err := s.Resolve(ctx, "tmall", "s1", "6001", "a")
		if err != nil || got.TaxRate.String() != "0.09" || st.resolve != 1 || st.reads != 1 {
			t.Fatalf("after update Resolve = %v %v (resolves %d, reads %d), want rate 0.09 from a cached listing and a fresh SKU",
				got.TaxRate, err, st.resolve, st.reads)
		}
	})
	t.Run("a deleted listing is forgotten at once", func(t *testing.T) {
		s, st, _ := setup()
		_, _ = s.Resolve(ctx, "tmall", "s1", "6001", "a")
		if err := s.DeleteListing(ctx, "tmall", "s1", "6001", "a"); err != nil {
			t.Fatal(err)
		}
		_, err := s.Resolve(ctx, "tmall", "s1", "6001", "a")
		if !fault.Is(err, fault.NotFound) || st.resolve != 2 {
			t.Fatalf("after delete Resolve = %v after %d store resolves, want NotFound after 2", err, st.resolve)
		}
	})
	t.Run("a listing changed elsewhere is seen once its TTL has passed", func(t *testing.T) {
		s, st, now := setup()
		_, _ = s.Resolve(ctx, "tmall", "s1", "6001", "a")
		st.mapped = false // another node's delete
		*now = now.Add(ListingTTL + time.Microsecond)
		if _, err := s.Resolve(ctx, "tmall", "s1", "6001", "a"); !fault.Is(err, fault.NotFound) {
			t.Fatalf("after the TTL Resolve = %v, want NotFound", err)
		}
	})
}
