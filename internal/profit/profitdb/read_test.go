package profitdb

import (
	"testing"

	"github.com/fnshub/fnshub/internal/profit"
)

// The per-day campaign rollup answers only what its UTC+8 days can: whole
// days of that zone, and days of that zone when grouped by day.
func TestInDays(t *testing.T) {
	day := int64(492_000*24 - DaysOffset) // a UTC+8 midnight
	eight, nine := int64(DaysOffset), int64(9)
	for _, c := range []struct {
		name string
		f    profit.Filter
		want bool
	}{
		{"a month of UTC+8 days by campaign and day", profit.Filter{FromHour: day, ToHour: day + 30*24, Group: []string{profit.ByCampaign, profit.ByDay}, DaysAt: &eight}, true},
		{"whole days by campaign alone", profit.Filter{FromHour: day, ToHour: day + 24, Group: []string{profit.ByCampaign}}, true},
		{"days of another zone", profit.Filter{FromHour: day, ToHour: day + 24, Group: []string{profit.ByCampaign, profit.ByDay}, DaysAt: &nine}, false},
		{"days folded by the caller", profit.Filter{FromHour: day, ToHour: day + 24, Group: []string{profit.ByCampaign, profit.ByDay}}, false},
		{"a range starting mid-day", profit.Filter{FromHour: day + 1, ToHour: day + 24, Group: []string{profit.ByCampaign}}, false},
		{"a range ending mid-day", profit.Filter{FromHour: day, ToHour: day + 23, Group: []string{profit.ByCampaign}}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := inDays(c.f); got != c.want {
				t.Fatalf("inDays = %v, want %v", got, c.want)
			}
		})
	}
	if dayOf(day+23) != day || dayOf(day+24) != day+24 || dayOf(day-1) != day-24 {
		t.Fatalf("dayOf: %d %d %d of %d", dayOf(day+23), dayOf(day+24), dayOf(day-1), day)
	}
}
