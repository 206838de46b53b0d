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
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/fnshub/fnshub/internal/store/unit"
)

func TestARAP_SubLedgersTieToControl(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) { subLedgersTie(t, e.Open) })
	}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// subLedgersTie books a platform order, a supplier's bills and payments
// and a customer's invoice and receipt, checking after every step that
// the ledger holds and each sub-ledger's open total is its control
// account's balance.
func subLedgersTie(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	h.receive(t, "po-1", "TEA-250", "SH", 10) // credits 2202 without a bill: goods received, not invoiced
	h.ingest(t, paid("A1", 1, "TEA-250"))     // 10.00 on 1122, paid 2026-11-11
	uc := &app.ARAP{Unit: unit.New(h.db), Books: h.books}
	asOf := day(2026, 12, 31)
	unbilled, err := h.books.BalanceBy(ctx, ledger.MovementQuery{Account: arap.Payable})
	must(t, err)
	if len(unbilled) != 1 {
		t.Fatalf("2202 before any bill: %v", unbilled)
	}
	tie := func(step string, wantAP, wantAR int64) {
		t.Helper()
		h.assertInvariants(t)
		ties, err := uc.Ties(ctx, asOf)
		must(t, err)
		got := map[string]app.Tie{}
		for _, x := range ties {
			got[x.Account+" "+string(x.Currency)] = x
		}
		p := got["1122 CNY"]
		if p.Control != 1000 || p.SubLedger != 1000 || p.Difference != 0 {
			t.Errorf("%s: platform AR %+v, want 10.00 open on order A1, tied", step, p)
		}
		ap := got["2202 CNY"]
		if ap.SubLedger != wantAP || ap.Difference != -unbilled[0].Minor() {
			t.Errorf("%s: AP %+v, want %d open in bills and the unbilled receipt %d the only difference", step, ap, wantAP, -unbilled[0].Minor())
		}
		ar := got["1122.90 CNY"]
		if ar.SubLedger != wantAR || ar.Control != wantAR || ar.Difference != 0 {
			t.Errorf("%s: B2B AR %+v, want %d, tied", step, ar, wantAR)
		}
	}
	tie("before any document", 0, 0)

	_, err = uc.PutParty(ctx, arap.Party{Kind: arap.Supplier, Code: "TEA-FARM", Name: "茶园", Currency: "CNY", TermsDays: 30})
	must(t, err)
	_, err = uc.PutParty(ctx, arap.Party{Kind: arap.Customer, Code: "HOTEL", Name: "酒店", Currency: "CNY", TermsDays: 15})
	must(t, err)
	bill := arap.Document{Kind: arap.Bill, Party: "TEA-FARM", Number: "F-001", Date: day(2026, 11, 1), Amount: cny(50000), Account: "6602"}
	b, err := uc.AddDocument(ctx, bill, "alice")
	must(t, err)
	if b.Replayed || b.Document.EntryID == 0 || !b.Document.DueDate.Equal(day(2026, 12, 1)) {
		t.Fatalf("bill booked as %+v, want a new entry due 30 days on", b)
	}
	tie("a bill", 50000, 0)

	again, err := uc.AddDocument(ctx, bill, "bob")
	if err != nil || !again.Replayed || again.Document.EntryID != b.Document.EntryID {
		t.Fatalf("the same bill again = %+v %v, want the first", again, err)
	}
	other := bill
	other.Amount = cny(50001)
	if _, err := uc.AddDocument(ctx, other, "bob"); !fault.Is(err, fault.Conflict) {
		t.Fatalf("bill F-001 with another amount: %v, want Conflict", err)
	}
	tie("a bill twice and a conflicting one", 50000, 0)

	pay := arap.Document{Kind: arap.Payment, Party: "TEA-FARM", Number: "PAY-1", Date: day(2026, 12, 5), Amount: cny(20000), Account: "1002", AppliesTo: "F-001"}
	_, err = uc.AddDocument(ctx, pay, "alice")
	must(t, err)
	tie("part paid", 30000, 0)
	over := pay
	over.Number, over.Amount = "PAY-2", cny(30001)
	if _, err := uc.AddDocument(ctx, over, "alice"); !fault.Is(err, fault.Invalid) {
		t.Fatalf("paying more than is open: %v, want Invalid", err)
	}
	usd := bill
	usd.Number, usd.Amount = "F-USD", money.New(100, "USD")
	if _, err := uc.AddDocument(ctx, usd, "alice"); !fault.Is(err, fault.Invalid) {
		t.Fatalf("a USD bill of a CNY supplier: %v, want Invalid", err)
	}
	inventory := bill
	inventory.Number, inventory.Account = "F-INV", "1405"
	if _, err := uc.AddDocument(ctx, inventory, "alice"); !fault.Is(err, fault.Invalid) {
		t.Fatalf("a bill against inventory: %v, want Invalid", err)
	}
	ghost := bill
	ghost.Party = "NOBODY"
	if _, err := uc.AddDocument(ctx, ghost, "alice"); !fault.Is(err, fault.NotFound) {
		t.Fatalf("a bill of an unknown supplier: %v, want NotFound", err)
	}

	inv := arap.Document{Kind: arap.Invoice, Party: "HOTEL", Number: "INV-9", Date: day(2026, 12, 20), Amount: cny(8000), Account: "6001"}
	_, err = uc.AddDocument(ctx, inv, "alice")
	must(t, err)
	tie("an invoice", 30000, 8000)
	_, err = uc.AddDocument(ctx, arap.Document{Kind: arap.Receipt, Party: "HOTEL", Number: "R-1", Date: day(2026, 12, 28), Amount: cny(3000), Account: "1002", AppliesTo: "INV-9"}, "alice")
	must(t, err)
	tie("a receipt", 30000, 5000)

	rows, err := uc.Aging(ctx, asOf)
	must(t, err)
	byParty := map[string]arap.AgingRow{}
	for _, r := range rows {
		byParty[r.Party] = r
	}
	// F-001 due 2026-12-01: 30 days past on 12-31. INV-9 due 2027-01-04: current.
	if r := byParty["TEA-FARM"]; r.Buckets[arap.Days1To30] != 30000 || r.Total != 30000 {
		t.Errorf("supplier row %+v", r)
	}
	if r := byParty["HOTEL"]; r.Buckets[arap.Current] != 5000 {
		t.Errorf("customer row %+v", r)
	}
	c := terms.DefaultContract("S1", "web")
	due := day(2026, 11, 11).AddDate(0, 0, c.CycleDays)
	if r := byParty["S1"]; r.Kind != arap.PlatformAR || r.Buckets[arap.BucketOf(due, asOf)] != 1000 {
		t.Errorf("platform row %+v, want A1 due %s", r, due.Format(arap.DateLayout))
	}

	// Before the payment and the invoice, on 2026-11-30, only the whole bill was open.
	early, err := uc.Ties(ctx, day(2026, 11, 30))
	must(t, err)
	for _, x := range early {
		if x.Account == arap.Payable && x.SubLedger != 50000 {
			t.Errorf("AP on 11-30 %+v, want the whole bill", x)
		}
		if x.Account == arap.CustomerReceivable && x.SubLedger != 0 {
			t.Errorf("B2B AR on 11-30 %+v, want none", x)
		}
	}

	alerts, err := uc.Alerts(ctx, asOf, 7)
	must(t, err)
	kinds := map[string]bool{}
	for _, a := range alerts {
		kinds[string(a.Kind)+" "+a.Item.Ref] = true
	}
	if !kinds["ap_due F-001"] || kinds["ar_overdue INV-9"] {
		t.Errorf("alerts %+v, want F-001 due (past) and INV-9 not overdue", alerts)
	}

	ws, err := uc.Forecast(ctx, asOf, 4, arap.Weekly)
	must(t, err)
	var in, out int64
	for _, w := range ws {
		if w.Currency == "CNY" {
			in += w.Platform + w.Customers
			out += w.Suppliers
		}
	}
	if out != 30000 || in != 5000+platformWithin(due, asOf, 4, 1000) {
		t.Errorf("forecast in %d out %d: %+v", in, out, ws)
	}
}

// platformWithin is what a platform item due on due adds to a forecast of
// weeks from asOf.
func platformWithin(due, asOf time.Time, weeks int, minor int64) int64 {
	if due.Before(asOf.AddDate(0, 0, 7*weeks)) {
		return minor
	}
	return 0
}
