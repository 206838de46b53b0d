package app_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/profit"
	"github.com/fnshub/fnshub/internal/profit/profitdb"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

func TestProfit_ordersBehindARow(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) { ordersBehindRows(t, e.Open) })
	}
}

// ordersBehindRows ingests orders over three days and three campaigns
// (one of them none), then holds every row of the report by campaign and
// day to the orders its drill-down returns, read a page of two at a time:
// their figures add up to the row's, each order is in exactly one row of
// its campaign and day, and a SKU row's orders are those selling it.
func ordersBehindRows(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	h.receive(t, "po-1", "TEA-250", "SH", 100)
	h.receive(t, "po-2", "CUP", "SH", 100)
	cst := time.FixedZone("CST", profitdb.DaysOffset*3600)
	rnd := rand.New(rand.NewPCG(7, 11))
	campaigns := []string{"", "double11", "spring"}
	want := map[string][]int64{} // campaign|day → order ids
	withCup := map[int64]bool{}
	for i := range 18 {
		skus := []string{"TEA-250"}
		if rnd.IntN(2) == 0 {
			skus = append(skus, "CUP")
		}
		in := paid(fmt.Sprintf("R%02d", i), 1, skus...)
		day := rnd.IntN(3)
		in.Order.CreatedAt = in.Order.CreatedAt.Add(time.Duration(day*24+rnd.IntN(20)) * time.Hour)
		in.Order.PaidAt = in.Order.CreatedAt.Add(time.Minute)
		in.Order.Campaign = campaigns[rnd.IntN(len(campaigns))]
		id := int64(h.ingest(t, in).Order.ID)
		k := in.Order.Campaign + "|" + in.Order.CreatedAt.In(cst).Format(time.DateOnly)
		want[k] = append(want[k], id)
		withCup[id] = len(skus) == 2
	}
	ps := profitdb.New(h.db)
	eight := int64(profitdb.DaysOffset)
	all := profit.Filter{FromHour: 0, ToHour: 1 << 40}
	rows, err := ps.Report(ctx, profit.Filter{FromHour: all.FromHour, ToHour: all.ToHour, Group: []string{profit.ByCampaign, profit.ByDay}, DaysAt: &eight})
	must(t, err)
	if len(rows) < 4 {
		t.Fatalf("%d rows: want orders in several campaigns and days", len(rows))
	}
	for _, row := range rows {
		campaign := row.Campaign
		q := profit.OrderQuery{Filter: profit.Filter{FromHour: row.Hour, ToHour: row.Hour + 24, Campaign: &campaign}, Limit: 2}
		got, sum := readAllOrders(t, ps, q)
		k := row.Campaign + "|" + time.Unix(row.Hour*3600, 0).In(cst).Format(time.DateOnly)
		if slices.Sort(got); !slices.Equal(got, sortedCopy(want[k])) || sum != row.Figures {
			t.Fatalf("row %s: orders %v summing to %+v, want %v summing to %+v", k, got, sum, want[k], row.Figures)
		}
	}
	got, _ := readAllOrders(t, ps, profit.OrderQuery{Filter: all, SKU: "CUP", Limit: 5})
	for id, cup := range withCup {
		if slices.Contains(got, id) != cup {
			t.Fatalf("order %d with a cup %v, in the CUP row's orders %v", id, cup, got)
		}
	}
}

// readAllOrders pages through q's orders, newest first, checking each
// page's order and that every order carries its number.
func readAllOrders(t *testing.T, ps *profitdb.Store, q profit.OrderQuery) ([]int64, profit.Figures) {
	t.Helper()
	var ids []int64
	var sum profit.Figures
	for {
		page, err := ps.Orders(ctx, q)
		must(t, err)
		for _, r := range page {
			if q.Before > 0 && r.OrderID >= q.Before || r.ExternalID == "" || r.Channel != "web" || r.Shop != "S1" {
				t.Fatalf("page after %d: %+v", q.Before, r)
			}
			ids = append(ids, r.OrderID)
			sum = sum.Add(r.Figures)
			q.Before = r.OrderID
		}
		if len(page) < q.Limit {
			return ids, sum
		}
	}
}
