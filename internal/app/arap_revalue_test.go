package app_test

import (
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/arap"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement/terms"
	"github.com/fnshub/fnshub/internal/settlement/termsdb"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/fnshub/fnshub/internal/store/unit"
)

func TestARAP_RevaluePostsOnceAndNets(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) { revalueOnce(t, e.Open) })
	}
}

// revalueOnce: a USD bill (7.0) part paid from USD cash (7.1), a USD
// invoice (7.1) and a CNY bill, revalued at November's last rate (7.2):
// AP −60 USD −12.00, AR 50 USD +5.00, cash −40 USD −4.00, a net loss of
// 11.00 on 6603, reversed on 1 December; run twice, posted once. The
// payment realised its own 4.00 loss when it was booked, which the
// revaluation does not count again.
func revalueOnce(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	uc := &app.ARAP{Unit: unit.New(h.db), Books: h.books, Currency: "CNY"}
	storeRates(t, h, "USD", "CNY", map[string]string{"2026-11-05": "7.0", "2026-11-10": "7.1", "2026-11-20": "7.1", "2026-11-30": "7.2"})
	usd := func(m int64) money.Amount { return money.New(m, "USD") }
	for _, p := range []arap.Party{{Kind: arap.Supplier, Code: "US-SUP", Name: "US", Currency: "USD", TermsDays: 30},
		{Kind: arap.Supplier, Code: "CN-SUP", Name: "CN", Currency: "CNY"}, {Kind: arap.Customer, Code: "US-CUS", Name: "US", Currency: "USD"}} {
		_, err := uc.PutParty(ctx, p)
		must(t, err)
	}
	for _, d := range []arap.Document{
		{Kind: arap.Bill, Party: "US-SUP", Number: "B1", Date: day(2026, 11, 5), Amount: usd(10000), Account: "1402"},
		{Kind: arap.Payment, Party: "US-SUP", Number: "P1", Date: day(2026, 11, 20), Amount: usd(4000), Account: "1002", AppliesTo: "B1"},
		{Kind: arap.Invoice, Party: "US-CUS", Number: "I1", Date: day(2026, 11, 10), Amount: usd(5000), Account: "6001"},
		{Kind: arap.Bill, Party: "CN-SUP", Number: "C1", Date: day(2026, 11, 5), Amount: cny(99900), Account: "6602"},
		// December's documents are not November's balances.
		{Kind: arap.Invoice, Party: "US-CUS", Number: "I2", Date: day(2026, 12, 2), Amount: usd(777), Account: "6001"},
	} {
		_, err := uc.AddDocument(ctx, d, "t")
		must(t, err)
	}
	first, err := uc.Revalue(ctx, "2026-11")
	must(t, err)
	h.assertInvariants(t)
	want := map[string]int64{"1002.91": -400, "1122.91": 500, "2202.91": -1200}
	if len(first.Lines) != 3 || first.Entry == 0 || first.Reversal == 0 || first.Replayed {
		t.Fatalf("revaluation %+v", first)
	}
	for _, l := range first.Lines {
		if l.Currency != "USD" || l.Difference != want[l.Adjusts] {
			t.Errorf("line %+v, want difference %d", l, want[l.Adjusts])
		}
	}
	e, err := h.books.Entry(ctx, first.Entry)
	must(t, err)
	got := map[string]int64{}
	for _, p := range e.Postings {
		got[p.Account] += p.Amount.Minor()
		if p.Amount.Currency() != "CNY" {
			t.Errorf("posting %+v is not in the entity's currency", p)
		}
	}
	if got["6603"] != 1100 || got["1122.91"] != 500 || got["2202.91"] != -1200 || got["1002.91"] != -400 {
		t.Errorf("entry postings %v, want a net 11.00 loss on 6603", got)
	}
	bal := func(acc string, to time.Time) int64 {
		bs, err := h.books.BalanceBy(ctx, ledger.MovementQuery{Account: acc, To: to})
		must(t, err)
		var n int64
		for _, b := range bs {
			if b.Currency() == "CNY" {
				n += b.Minor()
			}
		}
		return n
	}
	// P1 realised a 4.00 loss on the 40 USD it paid (7.1 against the
	// bill's 7.0); it stays, the revaluation is reversed.
	if b := bal("6603", day(2026, 12, 1)); b != 1100+400 {
		t.Errorf("6603 in November %d, want 1100 revaluation + 400 realised", b)
	}
	if b := bal("6603", day(2026, 12, 2)); b != 400 {
		t.Errorf("6603 after the reversal on 1 December %d, want the 400 realised", b)
	}
	again, err := uc.Revalue(ctx, "2026-11")
	must(t, err)
	if !again.Replayed || again.Entry != first.Entry || again.Reversal != first.Reversal {
		t.Fatalf("the second run %+v, want the first's entries replayed", again)
	}
	h.assertInvariants(t)
	if _, err := uc.Revalue(ctx, "2026-13"); !fault.Is(err, fault.Invalid) {
		t.Errorf("period 2026-13: %v", err)
	}
	// October has no foreign balances: nothing posts.
	oct, err := uc.Revalue(ctx, "2026-10")
	must(t, err)
	if oct.Entry != 0 || len(oct.Lines) != 0 {
		t.Errorf("October %+v, want nothing", oct)
	}
}

// storeRates stores the daily rates of from in to, by day (yyyy-mm-dd).
func storeRates(t *testing.T, h *hub, from, to money.Currency, byDay map[string]string) {
	t.Helper()
	var rs []terms.FXRate
	for d, r := range byDay {
		rs = append(rs, terms.FXRate{From: from, To: to, Date: d, Rate: r, Source: "test"})
	}
	_, err := termsdb.New(h.db).Import(ctx, rs, terms.ImportOptions{Now: time.Now()})
	must(t, err)
}
