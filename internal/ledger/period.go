package ledger

import (
	"context"
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
)

// Period is one calendar month of an entity's books, in the entity's zone.
// See docs/adr/0046-period-close.md.
type Period struct {
	Year  int
	Month time.Month
}

// ParsePeriod reads "YYYY-MM". field names the input in the error.
func ParsePeriod(field, s string) (Period, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil || len(s) != 7 {
		return Period{}, fault.Invalidf(field, "period_invalid", "period %q is not a month written YYYY-MM, e.g. 2026-11", s)
	}
	p := Period{Year: t.Year(), Month: t.Month()}
	return p, p.Validate()
}

// Validate checks that p is a month ParsePeriod could have read.
func (p Period) Validate() error {
	if p.Year < 1 || p.Year > 9999 || p.Month < time.January || p.Month > time.December {
		return fault.Invalidf("period", "period_invalid", "period %04d-%02d is not a month from 0001-01 to 9999-12", p.Year, int(p.Month))
	}
	return nil
}

// PeriodOf is the month t falls in, in zone loc.
func PeriodOf(t time.Time, loc *time.Location) Period {
	t = t.In(loc)
	return Period{Year: t.Year(), Month: t.Month()}
}

// String is the period as "YYYY-MM".
func (p Period) String() string { return fmt.Sprintf("%04d-%02d", p.Year, int(p.Month)) }

// Next is the month after p.
func (p Period) Next() Period {
	if p.Month == time.December {
		return Period{Year: p.Year + 1, Month: time.January}
	}
	return Period{Year: p.Year, Month: p.Month + 1}
}

// Before reports whether p is an earlier month than q.
func (p Period) Before(q Period) bool {
	return p.Year < q.Year || (p.Year == q.Year && p.Month < q.Month)
}

// Bounds are the first instant of p and of the month after, in zone loc.
func (p Period) Bounds(loc *time.Location) (start, end time.Time) {
	start = time.Date(p.Year, p.Month, 1, 0, 0, 0, 0, loc)
	return start.UTC(), start.AddDate(0, 1, 0).UTC()
}

// PeriodStatus says whether a period takes new entries.
type PeriodStatus string

// A period is open until closed; a reopened period is open again.
const (
	PeriodOpen   PeriodStatus = "open"
	PeriodClosed PeriodStatus = "closed"
)

// PeriodRecord is a month that was closed at least once: its boundaries as
// they were when it was closed, who closed (and reopened) it, and the
// entity's chain positions then, which say which entries the close governed.
type PeriodRecord struct {
	Entity       int64
	Period       Period
	Start, End   time.Time
	Status       PeriodStatus
	ClosedAt     time.Time
	ClosedBy     string
	ClosedSeq    int64 // the entity's last entry when it was closed
	ReopenedAt   time.Time
	ReopenedBy   string
	ReopenReason string
	ReopenedSeq  int64  // the entity's last entry when it was reopened; 0 while closed
	Report       []byte // the close report as JSON, taken when it was closed
}

// Governs reports whether entry number seq of the entity was posted while
// the period was closed, so it must not be dated inside it.
func (r PeriodRecord) Governs(seq int64) bool {
	return seq > r.ClosedSeq && (r.Status == PeriodClosed || seq <= r.ReopenedSeq)
}

// Contains reports whether t lies inside the period.
func (r PeriodRecord) Contains(t time.Time) bool { return !t.Before(r.Start) && t.Before(r.End) }

// PeriodStore keeps the periods; ledgerdb.Store implements it.
type PeriodStore interface {
	// Zone is entity's time zone (Asia/Shanghai for an entity without one).
	Zone(ctx context.Context, entity int64) (*time.Location, error)
	// ClosePeriods closes, in one transaction holding entity's chain head,
	// every open month up to and including through: from the month after
	// the last closed one, or from the month of the first entry when none
	// is closed. It returns the months it closed, none when through was
	// closed already. Errors: Invalid when through has not ended at now.
	ClosePeriods(ctx context.Context, entity int64, through Period, by string, now time.Time) ([]PeriodRecord, error)
	// ReopenPeriods reopens from and every later closed month, holding the
	// chain head. Errors: Conflict when from is not closed.
	ReopenPeriods(ctx context.Context, entity int64, from Period, by, reason string, now time.Time) ([]PeriodRecord, error)
	// Periods lists entity's period records in month order; entity 0 lists
	// every entity's.
	Periods(ctx context.Context, entity int64) ([]PeriodRecord, error)
	// SavePeriodReport stores the report taken when p was closed.
	SavePeriodReport(ctx context.Context, entity int64, p Period, report []byte) error
	// PeriodCounts counts entity's entries effective in [start, end), and
	// of them those that were dated for an earlier, closed, time.
	PeriodCounts(ctx context.Context, entity int64, start, end time.Time) (entries, late int64, err error)
}
