package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/pii"
	"github.com/fnshub/fnshub/internal/pii/piidb"
	"github.com/fnshub/fnshub/internal/store"
)

// ExerciseBuyerKeys runs the buyers' data keys, corrected receivers and
// erasure of piidb (ADR 41) against one engine, below the use cases that
// internal/app tests.
func ExerciseBuyerKeys(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t)
	keys := TestKeyring(t, "1")
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	inTx := func(t *testing.T, fn func(s pii.TxStore) error) {
		t.Helper()
		must(t, db.InTx(ctx, func(tx *store.Tx) error { return fn(piidb.Bind(tx)) }))
	}
	newKey := func(ref string, gen uint32) pii.StoredKey {
		_, k, err := pii.NewBuyerKey(keys, ref, gen, now)
		must(t, err)
		return k
	}

	a, b, again := newKey("b_a", 1), newKey("b_b", 1), newKey("b_a", 1)
	inTx(t, func(s pii.TxStore) error {
		created, err := s.CreateBuyerKeys(ctx, []pii.StoredKey{a, b})
		if err != nil || !slices.Equal(created, []string{"b_a", "b_b"}) && !slices.Equal(created, []string{"b_b", "b_a"}) {
			t.Fatalf("create two keys: %v, %v", created, err)
		}
		created, err = s.CreateBuyerKeys(ctx, []pii.StoredKey{again})
		if err != nil || len(created) != 0 {
			t.Fatalf("create a key that exists: %v, %v; want none created", created, err)
		}
		got, err := s.BuyerKeys(ctx, []string{"b_a", "b_b", "b_none"})
		if err != nil || len(got) != 2 || string(got["b_a"].Wrapped) != string(a.Wrapped) || got["b_a"].Generation != 1 ||
			got["b_a"].KeyID != "1" || !got["b_a"].CreatedAt.Equal(now) || got["b_a"].ErasedAt != nil {
			t.Fatalf("keys = %+v, %v", got, err)
		}
		return nil
	})

	t.Run("a replace only applies over the row as read", func(t *testing.T) {
		rewrapped, err := pii.Rewrap(TestKeyring(t, "2", "1"), a)
		must(t, err)
		inTx(t, func(s pii.TxStore) error {
			if ok, err := s.ReplaceBuyerKey(ctx, a, rewrapped); err != nil || !ok {
				t.Fatalf("replace: %v %v", ok, err)
			}
			if ok, err := s.ReplaceBuyerKey(ctx, a, rewrapped); err != nil || ok {
				t.Fatalf("replace over a row that changed: %v %v, want false", ok, err)
			}
			stale, err := s.StaleBuyerKeys(ctx, "2", 10)
			if err != nil || len(stale) != 1 || stale[0].Ref != "b_b" {
				t.Fatalf("keys not under master key 2 = %+v, %v", stale, err)
			}
			return nil
		})
	})

	t.Run("erasure leaves a tombstone that a renewal replaces", func(t *testing.T) {
		inTx(t, func(s pii.TxStore) error {
			if e, err := s.EraseBuyer(ctx, "b_unknown", now); err != nil || e.Found {
				t.Fatalf("erase an unknown buyer: %+v, %v", e, err)
			}
			must(t, s.SetCorrection(ctx, 7, []byte{pii.FormatBuyer, 1}, now))
			first, err := s.EraseBuyer(ctx, "b_b", now)
			if err != nil || !first.Found || first.Orders != 0 || !first.ErasedAt.Equal(now) {
				t.Fatalf("erase b_b: %+v, %v", first, err)
			}
			second, err := s.EraseBuyer(ctx, "b_b", now.Add(time.Hour))
			if err != nil || !second.ErasedAt.Equal(now) {
				t.Fatalf("erase again: %+v, %v; want the first erased_at", second, err)
			}
			got, err := s.BuyerKeys(ctx, []string{"b_b"})
			tomb := got["b_b"]
			if err != nil || !tomb.Erased() || tomb.KeyID != "" || tomb.ErasedAt == nil {
				t.Fatalf("tombstone = %+v, %v", tomb, err)
			}
			next := newKey("b_b", 2)
			if ok, err := s.ReplaceBuyerKey(ctx, tomb, next); err != nil || !ok {
				t.Fatalf("renew: %v %v", ok, err)
			}
			got, err = s.BuyerKeys(ctx, []string{"b_b"})
			if err != nil || got["b_b"].Generation != 2 || got["b_b"].Erased() || got["b_b"].ErasedAt == nil {
				t.Fatalf("renewed = %+v, %v; want generation 2 that remembers the erasure", got["b_b"], err)
			}
			return nil
		})
	})

	t.Run("corrections are kept by order and dropped", func(t *testing.T) {
		inTx(t, func(s pii.TxStore) error {
			must(t, s.SetCorrection(ctx, 8, []byte{pii.FormatBuyer, 2}, now))
			must(t, s.SetCorrection(ctx, 8, []byte{pii.FormatBuyer, 3}, now))
			got, err := s.Corrections(ctx, []int64{7, 8, 9})
			if err != nil || len(got) != 2 || got[8][1] != 3 {
				t.Fatalf("corrections = %v, %v", got, err)
			}
			must(t, s.DropCorrection(ctx, 8))
			if got, err := s.Corrections(ctx, []int64{8}); err != nil || len(got) != 0 {
				t.Fatalf("after a drop: %v, %v", got, err)
			}
			return nil
		})
	})
}
