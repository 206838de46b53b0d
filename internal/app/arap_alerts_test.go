package app_test

import (
	"fmt"
	"testing"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/arap"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/fnshub/fnshub/internal/store/unit"
)

// TestARAP_AlertsScanEveryPage: seven platform orders read two postings
// a page, the longest overdue paid first but posted last, and a
// supplier's bills: every order is an alert, the last page's first, and
// the aging and ties count them all — no report stops at a page.
func TestARAP_AlertsScanEveryPage(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			h := newHub(t, e.Open, app.OrderOptions{})
			h.receive(t, "po-1", "TEA-250", "SH", 20)
			const orders = 7
			for i := range orders {
				in := paid(fmt.Sprintf("P%d", i), 1, "TEA-250")
				// P6, posted last, was paid first: it is the most overdue.
				in.Order.PaidAt = in.Order.PaidAt.AddDate(0, 0, -i)
				in.Order.CreatedAt = in.Order.PaidAt.Add(-4e9)
				h.ingest(t, in)
			}
			uc := &app.ARAP{Unit: unit.New(h.db), Books: h.books}
			uc.SetPageSize(2)
			_, err := uc.PutParty(ctx, arap.Party{Kind: arap.Supplier, Code: "S", Name: "s", Currency: "CNY"})
			must(t, err)
			asOf := day(2027, 3, 1)
			for i := range 3 {
				_, err := uc.AddDocument(ctx, arap.Document{Kind: arap.Bill, Party: "S", Number: fmt.Sprint("B", i), Date: day(2027, 2, 1),
					DueDate: asOf.AddDate(0, 0, 2*i), Amount: cny(100), Account: "6602"}, "t")
				must(t, err)
			}
			as, err := uc.Alerts(ctx, asOf, 7)
			must(t, err)
			refs := map[arap.AlertKind]int{}
			for _, a := range as {
				refs[a.Kind]++
			}
			if refs[arap.AROverdue] != orders || refs[arap.APDue] != 3 {
				t.Fatalf("alerts %+v, want all %d orders overdue and 3 bills due", as, orders)
			}
			if as[0].Kind != arap.AROverdue || !as[0].Item.Date.Equal(day(2026, 11, 5)) || as[0].Days != as[1].Days+1 {
				t.Errorf("first alerts %+v %+v, want the order paid first, a day more overdue than the next", as[0], as[1])
			}
			ties, err := uc.Ties(ctx, asOf)
			must(t, err)
			for _, x := range ties {
				if x.Kind == arap.PlatformAR && (x.SubLedger != orders*1000 || x.Difference != 0) {
					t.Errorf("platform tie %+v, want every order's 10.00", x)
				}
			}
		})
	}
}
