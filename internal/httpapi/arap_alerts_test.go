package httpapi

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/arap"
	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/ledger/ledgerdb"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/fnshub/fnshub/internal/store/unit"
)

// TestAPI_AnalyticsAlertsDue: a bill past due and one due in three days
// are payables alerts, one due in a month is not; the roles that read
// the books see them, the warehouse does not.
func TestAPI_AnalyticsAlertsDue(t *testing.T) {
	ctx, uc, x := supplierAPI(t)
	today := arap.Day(time.Now())
	for _, b := range []struct {
		no  string
		due int
	}{{"LATE", -2}, {"SOON", 3}, {"LATER", 30}} {
		d := arap.Document{Kind: arap.Bill, Party: "FARM", Number: b.no, Date: today.AddDate(0, 0, -40), DueDate: today.AddDate(0, 0, b.due),
			Amount: money.New(100, "CNY"), Account: "6602"}
		if _, err := uc.AddDocument(ctx, d, "t"); err != nil {
			t.Fatal(err)
		}
	}
	al := x.mustDo(auth.Finance, "GET", "/api/v1/analytics/alerts", "")
	ps, _ := al["payables"].([]any)
	if len(ps) != 2 || ps[0].(map[string]any)["ref"] != "LATE" || ps[0].(map[string]any)["days"] != -2.0 || ps[1].(map[string]any)["ref"] != "SOON" {
		t.Fatalf("finance's payables = %v, want LATE (2 days past) then SOON", al["payables"])
	}
	if v := x.mustDo(auth.Viewer, "GET", "/api/v1/analytics/alerts", ""); len(v["payables"].([]any)) != 2 {
		t.Errorf("a viewer reads the books: %v", v["payables"])
	}
	if w := x.mustDo(auth.Warehouse, "GET", "/api/v1/analytics/alerts", ""); w["payables"] != nil || w["receivables"] != nil {
		t.Errorf("the warehouse saw %v %v", w["payables"], w["receivables"])
	}
}

// TestAPI_AnalyticsAlertsDueAreCapped: a dashboard gets the most urgent
// maxDueAlerts of each list, not every open item of the books.
func TestAPI_AnalyticsAlertsDueAreCapped(t *testing.T) {
	ctx, uc, x := supplierAPI(t)
	today := arap.Day(time.Now())
	for i := range maxDueAlerts + 5 {
		d := arap.Document{Kind: arap.Bill, Party: "FARM", Number: fmt.Sprintf("B%03d", i), Date: today.AddDate(0, 0, -100),
			DueDate: today.AddDate(0, 0, -i), Amount: money.New(100, "CNY"), Account: "6602"}
		if _, err := uc.AddDocument(ctx, d, "t"); err != nil {
			t.Fatal(err)
		}
	}
	ps, _ := x.mustDo(auth.Finance, "GET", "/api/v1/analytics/alerts", "")["payables"].([]any)
	if len(ps) != maxDueAlerts {
		t.Fatalf("%d payables alerts, want the %d most urgent", len(ps), maxDueAlerts)
	}
	if first := ps[0].(map[string]any); first["ref"] != fmt.Sprintf("B%03d", maxDueAlerts+4) {
		t.Errorf("first alert %v, want the longest past due", first)
	}
}

// supplierAPI is an API over a fresh SQLite database with the ARAP use
// cases and one supplier, FARM.
func supplierAPI(t *testing.T) (context.Context, *app.ARAP, *api) {
	t.Helper()
	ctx, db := context.Background(), storetest.SQLite(t)
	books := ledger.New(ledgerdb.New(db), ledger.Options{})
	t.Cleanup(books.Close)
	uc := &app.ARAP{Unit: unit.New(db), Books: books}
	x := newAPIWith(t, db, func(d *Deps) { d.ARAP = uc })
	if _, err := uc.PutParty(ctx, arap.Party{Kind: arap.Supplier, Code: "FARM", Name: "茶园", Currency: "CNY"}); err != nil {
		t.Fatal(err)
	}
	return ctx, uc, x
}
