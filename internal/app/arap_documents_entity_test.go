package app_test

import (
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/arap"
	"github.com/fnshub/fnshub/internal/entity"
	"github.com/fnshub/fnshub/internal/entity/entitydb"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/fnshub/fnshub/internal/store/unit"
)

func TestARAP_DocumentsPerEntity(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) { documentsPerEntity(t, e.Open) })
	}
}

// documentsPerEntity (docs/adr/0060): the default entity (CNY) and a Hong
// Kong one (HKD) share customer ACME (USD) and supplier CN (CNY); each
// invoices ACME under the same number I1, and each books a bill from CN.
// hk's documents post to hk's books; its aging, ties, forecast, alerts
// and revaluation read them and not the default's, and the other way
// round; a receipt settles its own entity's I1; a broken tie in one
// entity is that entity's only.
func documentsPerEntity(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	hk, err := entity.New(entitydb.New(h.db), nil).Create(ctx, entity.Entity{Code: "hk", Name: "香港贸易有限公司", BaseCurrency: "HKD", Timezone: "Asia/Hong_Kong"})
	must(t, err)
	if hk.ID != 2 {
		t.Fatalf("hk is entity %d; the tie message below names 2", hk.ID)
	}
	storeRates(t, h, "USD", "HKD", map[string]string{"2026-11-05": "7.8", "2026-11-20": "7.85", "2026-11-30": "7.9"})
	storeRates(t, h, "CNY", "HKD", map[string]string{"2026-11-05": "1.08", "2026-11-30": "1.1"})
	storeRates(t, h, "USD", "CNY", map[string]string{"2026-11-05": "7.1", "2026-11-30": "7.2"})
	usd := func(m int64) money.Amount { return money.New(m, "USD") }

	def := &app.ARAP{Unit: unit.New(h.db), Books: h.books, Currency: "CNY"}
	hkUC := def.For(hk.ID, hk.BaseCurrency)
	for _, p := range []arap.Party{{Kind: arap.Customer, Code: "ACME", Name: "Acme", Currency: "USD", TermsDays: 30}, {Kind: arap.Supplier, Code: "CN", Name: "CN", Currency: "CNY", TermsDays: 10}} {
		_, err := def.PutParty(ctx, p)
		must(t, err)
	}
	add := func(uc *app.ARAP, d arap.Document) app.Booked {
		t.Helper()
		b, err := uc.AddDocument(ctx, d, "t")
		must(t, err)
		if b.Replayed {
			t.Fatalf("%s %s replayed, want a new document", d.Kind, d.Number)
		}
		return b
	}
	inv := arap.Document{Kind: arap.Invoice, Party: "ACME", Number: "I1", Date: day(2026, 11, 5), Account: "6001"}
	defInv, hkInv := inv, inv
	defInv.Amount, hkInv.Amount = usd(5000), usd(10000)
	add(def, defInv)
	booked := add(hkUC, hkInv)
	add(def, arap.Document{Kind: arap.Bill, Party: "CN", Number: "B1", Date: day(2026, 11, 5), Amount: cny(50000), Account: "6602"})
	add(hkUC, arap.Document{Kind: arap.Bill, Party: "CN", Number: "B9", Date: day(2026, 11, 5), Amount: cny(30000), Account: "6602"})

	if booked.Document.Entity != hk.ID {
		t.Errorf("hk's invoice has entity %d, want %d", booked.Document.Entity, hk.ID)
	}
	e, err := h.books.Entry(ctx, booked.Document.EntryID)
	must(t, err)
	if e.Entity != hk.ID || e.Postings[0].Account != arap.CustomerReceivable || e.Postings[0].Amount != usd(10000) {
		t.Fatalf("hk's invoice entry %+v, want hk's, 100.00 USD on 1122.90", e)
	}
	// Each entity's receipt settles its own I1: the default's has 50.00
	// open, so 60.00 is too much there and fine in hk.
	rec := arap.Document{Kind: arap.Receipt, Party: "ACME", Number: "R1", Date: day(2026, 11, 20), Amount: usd(6000), Account: "1002", AppliesTo: "I1"}
	if _, err := def.AddDocument(ctx, rec, "t"); !fault.Is(err, fault.Invalid) {
		t.Fatalf("60.00 against the default's I1 of 50.00: %v, want Invalid", err)
	}
	add(hkUC, rec)
	// The same document again is the same one, per entity.
	if b, err := hkUC.AddDocument(ctx, hkInv, "t"); err != nil || !b.Replayed || b.Document.EntryID != booked.Document.EntryID {
		t.Errorf("hk's I1 again: %+v %v, want it replayed", b, err)
	}
	if _, err := def.AddDocument(ctx, hkInv, "t"); !fault.Is(err, fault.Conflict) {
		t.Errorf("hk's I1 of 100.00 through the default entity: %v, want Conflict with the default's I1 of 50.00", err)
	}

	asOf := day(2026, 11, 30)
	totals := func(uc *app.ARAP) map[string]int64 {
		rows, err := uc.Aging(ctx, asOf)
		must(t, err)
		out := map[string]int64{}
		for _, r := range rows {
			out[r.Party+" "+string(r.Currency)] += r.Total
		}
		return out
	}
	if got := totals(hkUC); len(got) != 2 || got["ACME USD"] != 4000 || got["CN CNY"] != 30000 {
		t.Errorf("hk's aging %v, want ACME 40.00 USD and CN 300.00 CNY", got)
	}
	if got := totals(def); len(got) != 2 || got["ACME USD"] != 5000 || got["CN CNY"] != 50000 {
		t.Errorf("the default's aging %v, want ACME 50.00 USD and CN 500.00 CNY", got)
	}

	for _, c := range []struct {
		uc         *app.ARAP
		name       string
		entity     int64
		in, out    int64
		receivable int64
		alerts     string // most urgent first: the bills are due 11-15, the invoices 12-05
	}{{hkUC, "hk", hk.ID, 4000, 30000, 4000, "CN:B9:300.00 CNY ACME:I1:40.00 USD"}, {def, "default", ledger.DefaultEntity, 5000, 50000, 5000, "CN:B1:500.00 CNY ACME:I1:50.00 USD"}} {
		ps, err := c.uc.Forecast(ctx, asOf, 8, arap.Weekly)
		must(t, err)
		var in, out int64
		for _, p := range ps {
			if p.Currency == "USD" {
				in += p.Customers
			}
			if p.Currency == "CNY" {
				out += p.Suppliers
			}
		}
		if in != c.in || out != c.out {
			t.Errorf("%s's forecast: %d USD in, %d CNY out; want %d and %d", c.name, in, out, c.in, c.out)
		}
		ties, err := c.uc.Ties(ctx, asOf)
		must(t, err)
		var b2b int64
		for _, x := range ties {
			if x.Account == arap.CustomerReceivable && x.Currency == "USD" {
				b2b = x.Control
			}
			if x.Difference != 0 {
				t.Errorf("%s's tie %+v, want none broken", c.name, x)
			}
		}
		if b2b != c.receivable {
			t.Errorf("%s's 1122.90 in USD is %d, want %d", c.name, b2b, c.receivable)
		}
		if ps, err := c.uc.TieProblems(ctx, asOf); err != nil || len(ps) != 0 {
			t.Errorf("%s's tie problems %v %v, want none", c.name, ps, err)
		}
		as, err := c.uc.Alerts(ctx, day(2027, 1, 10), 7)
		must(t, err)
		var refs []string
		for _, a := range as {
			if a.Item.Entity != c.entity {
				t.Errorf("%s's alert %+v names entity %d", c.name, a, a.Item.Entity)
			}
			refs = append(refs, a.Item.Party+":"+a.Item.Ref+":"+a.Item.Open.Format())
		}
		if got := strings.Join(refs, " "); got != c.alerts {
			t.Errorf("%s's alerts %s, want %s", c.name, got, c.alerts)
		}
	}

	rev, err := hkUC.Revalue(ctx, "2026-11")
	must(t, err)
	lines := map[string]arap.RevaluationLine{}
	for _, l := range rev.Lines {
		lines[l.Adjusts+" "+string(l.Currency)] = l
	}
	if l := lines["1122.91 USD"]; len(lines) != 3 || l.Open != 4000 || l.Booked != 31200 || l.Difference != 400 {
		t.Errorf("hk's revaluation %+v, want ACME's 40.00 USD booked 312.00 HKD, +4.00", rev.Lines)
	}
	if l := lines["1002.91 USD"]; l.Open != 6000 || l.Booked != 47100 {
		t.Errorf("hk's revaluation %+v, want the receipt's 60.00 USD of cash booked 471.00 HKD", rev.Lines)
	}
	if l := lines["2202.91 CNY"]; l.Open != -30000 || l.Booked != -32400 || l.Difference != -600 {
		t.Errorf("hk's revaluation %+v, want CN's 300.00 CNY owed booked 324.00 HKD, -6.00", rev.Lines)
	}
	re, err := h.books.Entry(ctx, rev.Entry)
	must(t, err)
	if re.Entity != hk.ID {
		t.Errorf("hk's revaluation entry is entity %d's", re.Entity)
	}
	drev, err := def.Revalue(ctx, "2026-11")
	must(t, err)
	if len(drev.Lines) != 1 || drev.Lines[0].Adjusts != arap.ReceivableRevaluation || drev.Lines[0].Open != 5000 || drev.Lines[0].Booked != 35500 {
		t.Errorf("the default's revaluation %+v, want its ACME 50.00 USD booked 355.00 CNY only", drev.Lines)
	}

	// A hand entry on hk's 1122.90 breaks hk's tie only.
	_, err = h.books.Post(ctx, ledger.Request{Entity: hk.ID, SourceKey: "hand:hk", EffectiveAt: day(2026, 11, 25), Description: "hand entry",
		Postings: []ledger.Posting{{Account: arap.CustomerReceivable, Amount: usd(-100)}, {Account: "1002", Amount: usd(100)}}})
	must(t, err)
	ps, err := hkUC.TieProblems(ctx, asOf)
	must(t, err)
	if len(ps) != 1 || !strings.Contains(ps[0], "entity 2 1122.90 USD") || !strings.Contains(ps[0], "40.00 open") || !strings.Contains(ps[0], "39.00") {
		t.Errorf("hk's tie problems %v, want its 40.00 USD open against 1122.90's 39.00", ps)
	}
	if ps, err := def.TieProblems(ctx, asOf); err != nil || len(ps) != 0 {
		t.Errorf("the default's tie problems %v %v, want none", ps, err)
	}
}
