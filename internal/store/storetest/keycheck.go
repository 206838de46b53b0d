package storetest

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/order/orderdb"
	"github.com/fnshub/fnshub/internal/pii"
	"github.com/fnshub/fnshub/internal/pii/piidb"
	"github.com/fnshub/fnshub/internal/store"
)

// ExerciseKeyChecks runs the key check storage contract against one engine.
func ExerciseKeyChecks(t *testing.T, open Opener) {
	ctx := context.Background()
	at := time.Date(2026, 11, 11, 0, 0, 0, 123456000, time.UTC)
	t.Run("the first check per key id wins and checks list by id", func(t *testing.T) {
		t.Parallel()
		st := piidb.New(open(t))
		sealed, err := st.HoldsSealed(ctx)
		if must(t, err); sealed {
			t.Fatal("an empty database holds sealed data")
		}
		must(t, st.AddKeyCheck(ctx, pii.KeyCheck{KeyID: "b", Sealed: []byte("first"), CreatedAt: at}))
		must(t, st.AddKeyCheck(ctx, pii.KeyCheck{KeyID: "b", Sealed: []byte("second"), CreatedAt: at.Add(time.Hour)}))
		must(t, st.AddKeyCheck(ctx, pii.KeyCheck{KeyID: "a", Sealed: []byte{0, 1, 2}, CreatedAt: at}))
		checks, err := st.KeyChecks(ctx)
		must(t, err)
		if len(checks) != 2 || checks[0].KeyID != "a" || !bytes.Equal(checks[0].Sealed, []byte{0, 1, 2}) ||
			checks[1].KeyID != "b" || string(checks[1].Sealed) != "first" || !checks[1].CreatedAt.Equal(at) {
			t.Fatalf("checks = %+v, want a, then b as first stored", checks)
		}
		if sealed, err := st.HoldsSealed(ctx); err != nil || !sealed {
			t.Fatalf("HoldsSealed with key checks = %v, %v", sealed, err)
		}
	})
	t.Run("a stored payload counts as sealed data", func(t *testing.T) {
		t.Parallel()
		db := open(t)
		st := piidb.New(db)
		must(t, db.InTx(ctx, func(tx *store.Tx) error {
			return orderdb.InsertRawEvents(ctx, tx, []order.RawEvent{{ID: 1, Source: "api", ReceivedAt: at, Body: []byte("x")}})
		}))
		if sealed, err := st.HoldsSealed(ctx); err != nil || !sealed {
			t.Fatalf("HoldsSealed with a raw payload = %v, %v", sealed, err)
		}
		samples, err := st.Samples(ctx, 3)
		if must(t, err); len(samples) != 0 {
			t.Fatalf("a payload of no order was sampled: %+v", samples)
		}
	})
}
