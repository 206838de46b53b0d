// Package analytics owns the dashboard's figures: sales (orders, GMV,
// refunds) and books (revenue, cost of goods sold) summed per UTC hour,
// shop, channel and currency in rollups kept in the transactions that
// change what they sum (docs/adr/0042-analytics-rollups.md), and the
// overview read from them for days in the merchant's zone.
package analytics

import (
	"time"
)

// MicrosPerHour is the width of a rollup bucket in the unix µs the store
// keeps times in.
const MicrosPerHour = 3_600_000_000

// HourOf is the bucket of a time kept as unix µs: integer division, as
// the SQL that backfills and checks the rollups does it.
func HourOf(micros int64) int64 { return micros / MicrosPerHour }

// Key is one rollup row.
type Key struct {
	Hour     int64
	Shop     string
	Channel  string
	Currency string
}

// Sales are the order figures of a Key: orders and GMV counted at the
// hour the order was created, refunds at the hour they were made; all in
// minor units of the Key's currency.
type Sales struct {
	Orders  int64
	GMV     int64
	Refunds int64
}

// IsZero reports whether s changes nothing.
func (s Sales) IsZero() bool { return s == Sales{} }

// Add returns s + o.
func (s Sales) Add(o Sales) Sales {
	return Sales{Orders: s.Orders + o.Orders, GMV: s.GMV + o.GMV, Refunds: s.Refunds + o.Refunds}
}

// Books are the ledger figures of a Key: revenue net of VAT (credits to
// revenue accounts, positive) and cost of goods sold (debits, positive).
type Books struct {
	Revenue int64
	COGS    int64
}

// IsZero reports whether b changes nothing.
func (b Books) IsZero() bool { return b == Books{} }

// Add returns b + o.
func (b Books) Add(o Books) Books {
	return Books{Revenue: b.Revenue + o.Revenue, COGS: b.COGS + o.COGS}
}

// Range is the days an overview covers, inclusive, in loc.
type Range struct {
	From, To time.Time // midnight of the first and of the last day, in loc
	Loc      *time.Location
}

// Hours returns the half-open bucket range [lo, hi) the days cover. A day
// that does not start on a whole hour of UTC (a zone with a half-hour
// offset) is rounded down to the hour it starts in.
func (r Range) Hours() (lo, hi int64) {
	end := time.Date(r.To.Year(), r.To.Month(), r.To.Day()+1, 0, 0, 0, 0, r.Loc)
	return floorHour(r.From.UnixMicro()), floorHour(end.UnixMicro())
}

// DayOf is the day (YYYY-MM-DD in the range's zone) bucket hour falls on.
func (r Range) DayOf(hour int64) string {
	return time.UnixMicro(hour * MicrosPerHour).In(r.Loc).Format(time.DateOnly)
}

func floorHour(us int64) int64 {
	h := us / MicrosPerHour
	if us < 0 && us%MicrosPerHour != 0 {
		h--
	}
	return h
}

// FixedOffset returns the zone's offset from UTC in whole hours when it
// is the same at every midnight of the range and the day after, so days
// can be summed in SQL; false for a zone with a daylight-saving change in
// the range or an offset that is not whole hours.
func (r Range) FixedOffset() (int64, bool) {
	_, first := r.From.Zone()
	for d := r.From; !d.After(r.To.AddDate(0, 0, 1)); d = d.AddDate(0, 0, 1) {
		if _, off := d.Zone(); off != first {
			return 0, false
		}
	}
	if first%3600 != 0 {
		return 0, false
	}
	return int64(first / 3600), true
}
