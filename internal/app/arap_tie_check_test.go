package app_test

import (
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/arap"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/fnshub/fnshub/internal/store/unit"
)

func TestARAP_TieProblems(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) { tieProblems(t, e.Open) })
	}
}

// tieProblems: an order, a stock receipt without a bill, a bill part
// paid and an invoice tie (the receipt set aside on 2202); a hand entry
// on 1122.90 breaks the B2B tie and the check names entity, account and
// currency; a hand entry on 2202 that no bill made is not the
// sub-ledger's.
func tieProblems(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	h.receive(t, "po-1", "TEA-250", "SH", 10)
	h.ingest(t, paid("A1", 1, "TEA-250"))
	uc := &app.ARAP{Unit: unit.New(h.db), Books: h.books, Currency: "CNY"}
	for _, p := range []arap.Party{{Kind: arap.Supplier, Code: "S", Name: "s", Currency: "CNY"}, {Kind: arap.Customer, Code: "C", Name: "c", Currency: "CNY"}} {
		_, err := uc.PutParty(ctx, p)
		must(t, err)
	}
	for _, d := range []arap.Document{
		{Kind: arap.Bill, Party: "S", Number: "B1", Date: day(2026, 11, 1), Amount: cny(5000), Account: "6602"},
		{Kind: arap.Payment, Party: "S", Number: "P1", Date: day(2026, 11, 2), Amount: cny(2000), Account: "1002", AppliesTo: "B1"},
		{Kind: arap.Invoice, Party: "C", Number: "I1", Date: day(2026, 11, 3), Amount: cny(700), Account: "6001"},
	} {
		_, err := uc.AddDocument(ctx, d, "t")
		must(t, err)
	}
	asOf := day(2026, 12, 31)
	ps, err := uc.TieProblems(ctx, asOf)
	must(t, err)
	if len(ps) != 0 {
		t.Fatalf("problems %v, want every sub-ledger tied", ps)
	}
	for _, acc := range []string{arap.CustomerReceivable, arap.Payable} {
		_, err = h.books.Post(ctx, ledger.Request{SourceKey: "hand:" + acc, EffectiveAt: day(2026, 11, 4), Description: "hand entry",
			Postings: []ledger.Posting{{Account: acc, Amount: cny(-100)}, {Account: "1002", Amount: cny(100)}}})
		must(t, err)
	}
	ps, err = uc.TieProblems(ctx, asOf)
	must(t, err)
	if len(ps) != 1 || !strings.Contains(ps[0], "entity 1 1122.90 CNY") || !strings.Contains(ps[0], "7.00 open") || !strings.Contains(ps[0], "6.00") {
		t.Fatalf("problems %v, want the B2B receivable's 7.00 against 1122.90's 6.00", ps)
	}
	// Before the hand entries' day everything still tied.
	if ps, err := uc.TieProblems(ctx, day(2026, 11, 3)); err != nil || len(ps) != 0 {
		t.Fatalf("on 11-03: %v %v", ps, err)
	}
}
