package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/order/orderdb"
	"github.com/fnshub/fnshub/internal/store"
)

// exerciseSettleable checks the settleable view reconciliation reads
// (orderdb.SettleableCreated, SettleableByKeys) against the full records
// over random orders: booked or not, undone or not, refunded or not, in
// two channels and shops, created over a month.
func exerciseSettleable(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t)
	rng := rand.New(rand.NewPCG(3, 17))
	recs := make([]*order.Record, 400)
	for i := range recs {
		r := newOrder([]string{"tmall", "jd"}[rng.IntN(2)], []string{"S1", "S2"}[rng.IntN(2)], fmt.Sprint("P", i), 1+rng.IntN(3))
		r.CreatedAt = at(int64(rng.IntN(30 * 86400)))
		if rng.IntN(4) > 0 {
			r.PaidEntry = int64(1000 + i)
		}
		if rng.IntN(6) == 0 {
			r.UndoEntry = int64(5000 + i)
		}
		recs[i] = r
	}
	insertOrders(t, db, recs...)
	must(t, db.InTx(ctx, func(tx *store.Tx) error {
		for _, r := range recs {
			if rng.IntN(3) == 0 {
				r.Refunded, r.UpdatedAt = int64(1+rng.IntN(900)), r.UpdatedAt.Add(time.Hour)
				if err := orderdb.UpdateOrder(ctx, tx, r); err != nil {
					return err
				}
			}
		}
		return nil
	}))
	must(t, db.InTx(ctx, func(tx *store.Tx) error {
		for range 60 {
			channel, shop := []string{"tmall", "jd"}[rng.IntN(2)], []string{"S1", "S2"}[rng.IntN(2)]
			from := at(int64(rng.IntN(32*86400) - 86400))
			to := from.Add(time.Duration(rng.IntN(10*86400)) * time.Second)
			got, err := orderdb.SettleableCreated(ctx, tx, channel, shop, from, to)
			if err != nil {
				return err
			}
			want := settleableOf(t, listAll(t, tx, order.Filter{Shop: shop, From: from, To: to}), channel)
			if !reflect.DeepEqual(got, want) {
				return fmt.Errorf("settleable %s/%s created in [%s, %s): %d orders, want %d\n got %+v\nwant %+v",
					channel, shop, from, to, len(got), len(want), got, want)
			}
		}
		var keys []order.Key
		for _, r := range recs {
			if rng.IntN(2) == 0 {
				keys = append(keys, r.Key())
			}
		}
		keys = append(keys, order.Key{Channel: "tmall", Shop: "S1", ExternalID: "nope"})
		got, err := orderdb.SettleableByKeys(ctx, tx, keys)
		if err != nil {
			return err
		}
		full, err := orderdb.LoadByKeys(ctx, tx, keys)
		if err != nil {
			return err
		}
		want := map[order.Key]order.Settleable{}
		for k, r := range full {
			if s, ok, err := order.SettleableOf(r); err != nil {
				return err
			} else if ok {
				want[k] = s
			}
		}
		if !reflect.DeepEqual(got, want) {
			return fmt.Errorf("settleable by %d keys: %d orders, want %d", len(keys), len(got), len(want))
		}
		return nil
	}))
}

// listAll lists every order the filter picks, newest first.
func listAll(t *testing.T, tx *store.Tx, f order.Filter) []*order.Record {
	t.Helper()
	f.Limit = 10_000
	recs, err := orderdb.ListPlanned(context.Background(), tx, f, orderdb.Plan{})
	must(t, err)
	return recs
}

func settleableOf(t *testing.T, recs []*order.Record, channel string) []order.Settleable {
	t.Helper()
	var out []order.Settleable
	for _, r := range recs {
		s, ok, err := order.SettleableOf(r)
		must(t, err)
		if ok && r.Channel == channel {
			out = append(out, s)
		}
	}
	return out
}
