package invoicedb_test

import (
	"context"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/invoice"
	"github.com/fnshub/fnshub/internal/invoice/invoicedb"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// TestStore holds both engines to the TxStore's natural keys: one live
// blue request per order, one red request per refund of an invoice, and
// the credited sum the refund hook reads.
func TestStore(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			db := e.Open(t)
			ctx := context.Background()
			now := time.Now().UTC().Truncate(time.Microsecond)
			blue := invoice.Invoice{Shop: "S1", OrderID: 7, Kind: invoice.Blue, Title: "某某公司", TitleKind: invoice.Company,
				TaxNo: "91350100M000100Y43", Type: invoice.DigitalOrdinary, Amount: money.New(1000, "CNY"), Source: invoice.Manual,
				Status: invoice.Requested, CreatedAt: now, UpdatedAt: now}
			tx := func(fn func(st invoice.TxStore) error) {
				t.Helper()
				if err := db.InTx(ctx, func(tx *store.Tx) error { return fn(invoicedb.Bind(tx)) }); err != nil {
					t.Fatal(err)
				}
			}
			tx(func(st invoice.TxStore) error {
				first := blue
				if created, err := st.Insert(ctx, &first); err != nil || !created {
					t.Fatalf("first insert = %v %v", created, err)
				}
				second := blue
				if created, err := st.Insert(ctx, &second); err != nil || created {
					t.Fatalf("a second live blue request = %v %v, want not created", created, err)
				}
				if err := first.Issue("12345678", "2026-12-01", now); err != nil {
					return err
				}
				if err := st.Update(ctx, first); err != nil {
					return err
				}
				for _, ref := range []string{"order:7:refund:1", "order:7:refund:1", "order:7:refund:2"} {
					red, ok := invoice.Credit(first, 0, money.New(300, "CNY"), ref, now)
					if !ok {
						t.Fatal("no credit")
					}
					if _, err := st.Insert(ctx, &red); err != nil {
						return err
					}
				}
				got, err := st.IssuedBlue(ctx, []order.ID{7, 8})
				if err != nil {
					return err
				}
				if len(got) != 1 || got[0].Invoice.ID != first.ID || got[0].Credited != 600 || got[0].Invoice.Number != "12345678" {
					t.Fatalf("issued blue = %+v, want invoice %d credited 600", got, first.ID)
				}
				all, err := st.List(ctx, invoice.Filter{Shops: []string{"S1"}, OrderID: 7})
				if err != nil || len(all) != 3 {
					t.Fatalf("list = %d %v, want the blue and two reds", len(all), err)
				}
				return nil
			})
		})
	}
}
