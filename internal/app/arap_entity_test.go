package app_test

import (
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/arap"
	"github.com/fnshub/fnshub/internal/entity"
	"github.com/fnshub/fnshub/internal/entity/entitydb"
	"github.com/fnshub/fnshub/internal/finance"
	"github.com/fnshub/fnshub/internal/finance/financedb"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/fnshub/fnshub/internal/store/unit"
)

func TestARAP_RevaluesEachEntity(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) { revaluesEachEntity(t, e.Open) })
	}
}

// revaluesEachEntity: a Hong Kong entity keeping HKD maps its receivable
// role to 1122.02; its shop's HKD order is an open platform receivable
// read from there and tied to it; its USD cash is revalued into HKD in
// its own books, while the default entity sees none of it; a supplier's
// CNY bill added through the default entity is not hk's.
func revaluesEachEntity(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	h.receive(t, "po-1", "TEA-250", "SH", 10)
	hk, err := entity.New(entitydb.New(h.db), nil).Create(ctx, entity.Entity{Code: "hk", Name: "香港贸易有限公司", BaseCurrency: "HKD", Timezone: "Asia/Hong_Kong"})
	must(t, err)
	_, err = h.books.CreateAccount(ctx, ledger.Account{Code: "1122.02", NameZH: "应收账款-香港", Class: ledger.Asset, NormalSide: ledger.Debit})
	must(t, err)
	m, err := finance.Complete(hk.ID, []finance.MapEntry{{Role: finance.Receivable, Account: "1122.02"}})
	must(t, err)
	_, err = financedb.New(h.db).Save(ctx, m, time.Now())
	must(t, err)
	_, err = h.shops.Create(ctx, shop.Shop{ID: "hk-web", Channel: "web", Name: "HK site", Entity: "hk"})
	must(t, err)
	in := paid("HK-1", 1, "TEA-250")
	in.Order.Shop, in.Order.Currency = "hk-web", "HKD"
	in.Order.Lines[0].UnitPrice = money.New(1000, "HKD")
	if r := h.ingest(t, in); r.Order.Hold != nil || r.Order.PaidEntry == 0 {
		t.Fatalf("hk order held: %+v", *r.Order.Hold)
	}
	usd := func(m int64) money.Amount { return money.New(m, "USD") }
	_, err = h.books.Post(ctx, ledger.Request{Entity: hk.ID, SourceKey: "test:capital", EffectiveAt: day(2026, 11, 11), Description: "capital in USD",
		Postings: []ledger.Posting{{Account: "1002", Amount: usd(10000)}, {Account: "4001", Amount: usd(-10000)}}})
	must(t, err)
	storeRates(t, h, "USD", "HKD", map[string]string{"2026-11-11": "7.8", "2026-11-30": "7.9"})

	uc := &app.ARAP{Unit: unit.New(h.db), Books: h.books, Currency: "CNY"}
	_, err = uc.PutParty(ctx, arap.Party{Kind: arap.Supplier, Code: "CN", Name: "CN", Currency: "CNY"})
	must(t, err)
	_, err = uc.AddDocument(ctx, arap.Document{Kind: arap.Bill, Party: "CN", Number: "B1", Date: day(2026, 11, 5), Amount: cny(500), Account: "6602"}, "t")
	must(t, err)
	hkUC := uc.For(hk.ID, hk.BaseCurrency)

	ties, err := hkUC.Ties(ctx, day(2026, 11, 30))
	must(t, err)
	if len(ties) != 1 || ties[0].Account != "1122+1122.02" || ties[0].Currency != "HKD" || ties[0].Control == 0 || ties[0].Difference != 0 {
		t.Fatalf("hk's ties %+v, want its HKD platform receivable on 1122.02, tied, and no documents", ties)
	}
	rows, err := hkUC.Aging(ctx, day(2026, 11, 30))
	must(t, err)
	if len(rows) != 1 || rows[0].Party != "hk-web" || rows[0].Total != ties[0].Control {
		t.Fatalf("hk's aging %+v, want hk-web's order only", rows)
	}
	rev, err := hkUC.Revalue(ctx, "2026-11")
	must(t, err)
	if len(rev.Lines) != 1 || rev.Lines[0].Adjusts != arap.CashRevaluation || rev.Lines[0].Open != 10000 ||
		rev.Lines[0].Booked != 78000 || rev.Lines[0].Difference != 1000 {
		t.Fatalf("hk's revaluation %+v, want 100 USD of cash booked 780 HKD, remeasured 790", rev.Lines)
	}
	e, err := h.books.Entry(ctx, rev.Entry)
	must(t, err)
	if e.Entity != hk.ID || e.Postings[0].Amount.Currency() != "HKD" {
		t.Errorf("revaluation entry %+v, want hk's, in HKD", e)
	}
	h.assertInvariants(t)

	// The default entity: its CNY bill, none of hk's order, nothing foreign.
	def, err := uc.Revalue(ctx, "2026-11")
	must(t, err)
	if def.Entry != 0 || len(def.Lines) != 0 {
		t.Errorf("the default entity's revaluation %+v, want nothing", def)
	}
	ties, err = uc.Ties(ctx, day(2026, 11, 30))
	must(t, err)
	for _, x := range ties {
		if x.Currency == "USD" || x.Difference != 0 && x.Account != arap.Payable {
			t.Errorf("default entity tie %+v", x)
		}
	}
}
