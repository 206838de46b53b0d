package app_test

import (
	"testing"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/arap"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/fnshub/fnshub/internal/store/unit"
)

func TestARAP_SettlementRealisesFX(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) { settlementRealises(t, e.Open) })
	}
}

// settlementRealises: a USD invoice of 100.00 at 7.0 received in two
// parts, 40.00 at 7.1 (a 4.00 gain) and 33.33 at 6.9 (a 3.33 loss), and
// a USD bill of 50.00 at 7.0 paid 50.00 at 7.1 (a 5.00 loss). Each
// receipt's and payment's own entry books its difference against 6603;
// the USD sub-ledgers still tie to their control accounts, and in CNY
// each control account at its postings' rates plus its revaluation
// account is the booked value of what is open. November's revaluation
// then counts only the 26.67 USD still open.
func settlementRealises(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	uc := &app.ARAP{Unit: unit.New(h.db), Books: h.books, Currency: "CNY"}
	rates := map[string]string{"2026-11-05": "7.0", "2026-11-10": "7.1", "2026-11-15": "6.9", "2026-11-30": "7.2"}
	storeRates(t, h, "USD", "CNY", rates)
	usd := func(m int64) money.Amount { return money.New(m, "USD") }
	for _, p := range []arap.Party{{Kind: arap.Customer, Code: "US-CUS", Name: "US", Currency: "USD", TermsDays: 30},
		{Kind: arap.Supplier, Code: "US-SUP", Name: "US", Currency: "USD", TermsDays: 30}} {
		_, err := uc.PutParty(ctx, p)
		must(t, err)
	}
	type want struct{ adj, fx int64 }
	for _, c := range []struct {
		d    arap.Document
		want want
	}{
		{arap.Document{Kind: arap.Invoice, Party: "US-CUS", Number: "I1", Date: day(2026, 11, 5), Amount: usd(10000), Account: "6001"}, want{}},
		{arap.Document{Kind: arap.Receipt, Party: "US-CUS", Number: "R1", Date: day(2026, 11, 10), Amount: usd(4000), Account: "1002", AppliesTo: "I1"}, want{400, -400}},
		{arap.Document{Kind: arap.Receipt, Party: "US-CUS", Number: "R2", Date: day(2026, 11, 15), Amount: usd(3333), Account: "1002", AppliesTo: "I1"}, want{-333, 333}},
		{arap.Document{Kind: arap.Bill, Party: "US-SUP", Number: "B1", Date: day(2026, 11, 5), Amount: usd(5000), Account: "1402"}, want{}},
		{arap.Document{Kind: arap.Payment, Party: "US-SUP", Number: "P1", Date: day(2026, 11, 10), Amount: usd(5000), Account: "1002", AppliesTo: "B1"}, want{-500, 500}},
	} {
		b, err := uc.AddDocument(ctx, c.d, "t")
		must(t, err)
		e, err := h.books.Entry(ctx, b.Document.EntryID)
		must(t, err)
		got := want{}
		for _, p := range e.Postings {
			if p.Amount.Currency() != "CNY" {
				continue
			}
			switch p.Account {
			case arap.ReceivableRevaluation, arap.PayableRevaluation:
				got.adj += p.Amount.Minor()
			case arap.FXGainLoss:
				got.fx += p.Amount.Minor()
			default:
				t.Errorf("%s: CNY posting on %s", c.d.Number, p.Account)
			}
		}
		if got != c.want {
			t.Errorf("%s: realised %+v, want %+v", c.d.Number, got, c.want)
		}
		// The same receipt again posts nothing more.
		again, err := uc.AddDocument(ctx, c.d, "t")
		must(t, err)
		if !again.Replayed || again.Document.EntryID != b.Document.EntryID {
			t.Errorf("%s again: %+v", c.d.Number, again)
		}
	}
	h.assertInvariants(t)

	asOf := day(2026, 11, 30)
	ties, err := uc.Ties(ctx, asOf)
	must(t, err)
	for _, x := range ties {
		if x.Account != app.PlatformReceivable && x.Difference != 0 {
			t.Errorf("tie %+v, want the USD sub-ledgers tied", x)
		}
	}
	// In CNY: 1122.90 at its postings' rates (70000 − 28400 − 22998) plus
	// 1122.91 (400 − 333) is 26.67 USD at the invoice's 7.0: 18669.
	conv := func(m ledger.Movement) int64 {
		r := map[string]int64{"2026-11-05": 70, "2026-11-10": 71, "2026-11-15": 69}[m.EffectiveAt.UTC().Format(arap.DateLayout)]
		v := m.Amount.Minor() * r
		return (v + sign(v)*5) / 10
	}
	entityValue := func(control, adj string) int64 {
		ms, err := h.books.Movements(ctx, ledger.MovementQuery{Account: control, To: asOf.AddDate(0, 0, 1), Limit: 1000})
		must(t, err)
		var n int64
		for _, m := range ms {
			n += conv(m)
		}
		bs, err := h.books.BalanceBy(ctx, ledger.MovementQuery{Account: adj, To: asOf.AddDate(0, 0, 1)})
		must(t, err)
		for _, b := range bs {
			n += b.Minor()
		}
		return n
	}
	if v := entityValue(arap.CustomerReceivable, arap.ReceivableRevaluation); v != 18669 {
		t.Errorf("B2B AR in CNY %d, want 18669", v)
	}
	if v := entityValue(arap.Payable, arap.PayableRevaluation); v != 0 {
		t.Errorf("AP in CNY %d, want 0: the bill is paid", v)
	}

	rev, err := uc.Revalue(ctx, "2026-11")
	must(t, err)
	if len(rev.Lines) != 2 {
		t.Fatalf("lines %+v, want AR and cash", rev.Lines)
	}
	for _, l := range rev.Lines {
		if l.Adjusts == arap.ReceivableRevaluation && (l.Open != 2667 || l.Booked != 18669 || l.Difference != 19202-18669) {
			t.Errorf("AR line %+v, want 26.67 USD booked 186.69, remeasured at 7.2", l)
		}
	}

	// A receipt on a day without a rate is refused, naming the day.
	_, err = uc.AddDocument(ctx, arap.Document{Kind: arap.Receipt, Party: "US-CUS", Number: "R3", Date: day(2026, 10, 1), Amount: usd(1), Account: "1002", AppliesTo: "I1"}, "t")
	if !fault.Is(err, fault.NotFound) {
		t.Errorf("a receipt without a rate: %v, want NotFound", err)
	}
}

func sign(v int64) int64 {
	if v < 0 {
		return -1
	}
	return 1
}
