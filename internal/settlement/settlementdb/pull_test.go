package settlementdb_test

import (
	"context"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/settlement/settlementdb"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

func TestPullState_SaveAndRead(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			db := e.Open(t)
			ctx := context.Background()
			var fresh settlement.PullState
			read(t, db, func(s settlement.TxStore) (err error) {
				fresh, err = s.PullState(ctx, "s1", "amazon-settlement")
				return err
			})
			if fresh != (settlement.PullState{Shop: "s1", Source: "amazon-settlement"}) {
				t.Fatalf("a source never pulled has the zero state, got %+v", fresh)
			}
			at := time.UnixMicro(1_800_000_000_123_456).UTC()
			want := settlement.PullState{Shop: "s1", Source: "amazon-settlement", Cursor: "2026-03-17T00:00:00Z|R1", LastRunAt: at,
				LastSuccessAt: at.Add(-time.Hour), LastError: "amazon: unavailable", Failures: 2, Imports: 3}
			save := func(s settlement.PullState) {
				if err := db.InTx(ctx, func(tx *store.Tx) error { return settlementdb.Bind(tx).SavePullState(ctx, s) }); err != nil {
					t.Fatal(err)
				}
			}
			save(settlement.PullState{Shop: "s1", Source: "amazon-settlement", Cursor: "old"})
			save(want) // over the first
			save(settlement.PullState{Shop: "s0", Source: "shopify-payments", Cursor: "2026-03-04"})
			var got settlement.PullState
			var all []settlement.PullState
			read(t, db, func(s settlement.TxStore) (err error) {
				if got, err = s.PullState(ctx, "s1", "amazon-settlement"); err != nil {
					return err
				}
				all, err = s.PullStates(ctx)
				return err
			})
			if got != want {
				t.Fatalf("read back %+v, want %+v", got, want)
			}
			if len(all) != 2 || all[0].Shop != "s0" || all[1] != want {
				t.Fatalf("all states, by shop: %+v", all)
			}
		})
	}
}
