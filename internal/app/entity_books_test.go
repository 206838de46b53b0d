package app_test

import (
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/entity"
	"github.com/fnshub/fnshub/internal/entity/entitydb"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

func TestOrdersBookInTheirShopsEntity(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) { t.Parallel(); booksOfTheShopsEntity(t, e.Open) })
	}
}

// booksOfTheShopsEntity: an order of a shop of a second legal entity (a
// Hong Kong company keeping HKD) is booked in that entity's chain and
// trial balance, in HKD, and the default entity's books see none of it;
// its refund books there too, after the shop is deactivated.
func booksOfTheShopsEntity(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	h.receive(t, "po-1", "TEA-250", "SH", 10)
	hk, err := entity.New(entitydb.New(h.db), nil).Create(ctx, entity.Entity{Code: "hk", Name: "香港贸易有限公司", BaseCurrency: "HKD", Timezone: "Asia/Hong_Kong"})
	must(t, err)
	_, err = h.shops.Create(ctx, shop.Shop{ID: "hk-web", Channel: "web", Name: "HK site", Entity: "hk"})
	must(t, err)
	before := entries(t, h, ledger.DefaultEntity)

	in := paid("HK-1", 1, "TEA-250")
	in.Order.Shop, in.Order.Currency = "hk-web", "HKD"
	in.Order.Lines[0].UnitPrice = money.New(1000, "HKD")
	r := h.ingest(t, in)
	if r.Err != nil || r.Order.Hold != nil {
		t.Fatalf("a HKD order of a HKD entity's shop: %+v", r)
	}
	if got := entries(t, h, ledger.DefaultEntity); len(got) != len(before) {
		t.Fatalf("default entity's books gained %d entries from another entity's order", len(got)-len(before))
	}
	hkEntries := entries(t, h, hk.ID)
	if len(hkEntries) != 1 || hkEntries[0].Entity != hk.ID || hkEntries[0].Seq != 1 {
		t.Fatalf("hk's entries = %+v, want the order's payment as the first of its chain", hkEntries)
	}
	for _, p := range hkEntries[0].Postings {
		if p.Amount.Currency() != "HKD" || p.Shop != "hk-web" {
			t.Fatalf("posting %+v: want HKD, shop hk-web", p)
		}
	}
	tb, err := h.books.TrialBalance(ctx, hk.ID, time.Now())
	must(t, err)
	if len(tb.Totals) != 1 || tb.Totals[0].Currency != "HKD" || tb.Totals[0].Debit.Minor() != 1000 {
		t.Fatalf("hk trial balance totals = %+v, want HKD 10.00 each side", tb.Totals)
	}

	inactive := false
	_, err = h.shops.Update(ctx, "hk-web", shop.Patch{Active: &inactive})
	must(t, err)
	if _, err := h.orders.Cancel(ctx, r.Order.ID, ""); err != nil {
		t.Fatalf("cancelling the order of an inactive shop: %v", err)
	}
	if got := entries(t, h, hk.ID); len(got) != 2 || got[1].Reverses != hkEntries[0].ID {
		t.Fatalf("hk's entries after the cancel = %+v, want the payment's reversal second", got)
	}
	h.assertInvariants(t)
}

func entries(t *testing.T, h *hub, entity int64) []ledger.Entry {
	t.Helper()
	es, err := h.books.Entries(ctx, entity, 0, 1000)
	must(t, err)
	return es
}

// The ledger encodes an entry's entity in its id, so entities may not
// outnumber what it can encode.
func TestEntityIDsFitTheLedger(t *testing.T) {
	if entity.MaxID != ledger.MaxEntity {
		t.Fatalf("entity.MaxID = %d, ledger.MaxEntity = %d: they must agree", entity.MaxID, ledger.MaxEntity)
	}
}
