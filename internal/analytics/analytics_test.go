package analytics

import (
	"testing"
	"time"
)

func TestRange_FixedOffset(t *testing.T) {
	zone := func(name string) *time.Location {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}
	cases := []struct {
		zone     string
		from, to string
		off      int64
		fixed    bool
	}{
		{"Asia/Shanghai", "2026-01-01", "2026-12-31", 8, true},
		{"America/New_York", "2026-01-05", "2026-01-20", -5, true},
		{"America/New_York", "2026-03-01", "2026-03-20", 0, false}, // clocks go forward on 8 March
		{"Asia/Kolkata", "2026-01-01", "2026-01-02", 0, false},     // +5:30
	}
	for _, c := range cases {
		loc := zone(c.zone)
		from, _ := time.ParseInLocation(time.DateOnly, c.from, loc)
		to, _ := time.ParseInLocation(time.DateOnly, c.to, loc)
		off, fixed := Range{From: from, To: to, Loc: loc}.FixedOffset()
		if off != c.off || fixed != c.fixed {
			t.Errorf("%s %s..%s: %d %v, want %d %v", c.zone, c.from, c.to, off, fixed, c.off, c.fixed)
		}
	}
}

func TestRate(t *testing.T) {
	for _, c := range []struct {
		part, whole int64
		want        string
	}{{1000, 12780, "0.0782"}, {1, 3, "0.3333"}, {2, 3, "0.6667"}, {5, 0, "0.0000"}, {-1, 8, "-0.1250"}, {3, 3, "1.0000"},
		{1 << 62, 1 << 62, "1.0000"}} {
		if got := Rate(c.part, c.whole); got != c.want {
			t.Errorf("Rate(%d, %d) = %s, want %s", c.part, c.whole, got, c.want)
		}
	}
}
