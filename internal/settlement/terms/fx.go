package terms

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement/recon"
)

// DateLayout is how a rate's date is written: the day in the entity's
// time zone, as the central banks publish them.
const DateLayout = "2006-01-02"

// CarryDays is how many days back a missing day's rate is taken from:
// no rates are published on weekends and holidays (a Golden Week is 7
// days), so a Sunday order converts at Friday's rate. Beyond that a rate
// is stale and the lookup fails, naming the pair and the day.
const CarryDays = 7

// inversePlaces is the precision an inverse rate is rounded to (half
// away from zero), the most recon.ParseFXRate accepts: 1 / 7.2 is no
// finite decimal, so "exact" is exact to 10 places, never a float.
const inversePlaces = 10

// FXRate is one stored daily rate: one unit of From buys Rate units of To.
type FXRate struct {
	From, To   money.Currency
	Date       string // yyyy-mm-dd
	Rate       string // a decimal, as imported ("7.1234")
	Source     string // where it came from: "ecb", "pboc", "csv", "api" …
	ImportedAt time.Time
}

// Validate checks the rate, naming the field at fault.
func (r FXRate) Validate() error {
	if !r.From.Valid() {
		return fault.Invalidf("from", "currency_invalid", "from %q is not an ISO 4217 currency code such as USD", r.From)
	}
	if !r.To.Valid() {
		return fault.Invalidf("to", "currency_invalid", "to %q is not an ISO 4217 currency code such as CNY", r.To)
	}
	if r.From == r.To {
		return fault.Invalidf("to", "currency_same", "a rate converts between two currencies; from and to are both %s", r.From)
	}
	if _, err := time.Parse(DateLayout, r.Date); err != nil {
		return fault.Invalidf("date", "date_invalid", "date %q must be a day as yyyy-mm-dd, e.g. 2026-11-30", r.Date)
	}
	if _, err := recon.ParseFXRate(r.Rate); err != nil {
		return err
	}
	if len(r.Source) > 40 {
		return fault.Invalidf("source", "source_too_long", "source is at most 40 bytes")
	}
	return nil
}

// SameRate reports whether two decimal rates are one value ("7.10" and
// "7.1" are): re-importing it is a duplicate, not a correction.
func SameRate(a, b string) bool {
	x, err1 := decimal.NewFromString(a)
	y, err2 := decimal.NewFromString(b)
	return err1 == nil && err2 == nil && x.Equal(y)
}

// RateReader reads stored rates.
type RateReader interface {
	// Latest returns the newest rate of from→to dated from earliest to
	// latest (inclusive, yyyy-mm-dd); false when there is none.
	Latest(ctx context.Context, from, to money.Currency, earliest, latest string) (FXRate, bool, error)
}

// Found is the answer of a lookup: the rate to use and how it was found.
type Found struct {
	From, To money.Currency
	Date     string       // the day asked for
	Rate     recon.FXRate // from→to
	Stored   FXRate       // the stored rate it comes from
	Inverse  bool         // Stored is to→from; Rate is its inverse
	Carried  int          // days between Stored.Date and Date; 0 for the day's own rate
}

// Find looks up the rate converting from into to on date (yyyy-mm-dd):
// the day's rate, else the latest within CarryDays before it; a rate
// stored only the other way is inverted. Same-date direct beats inverse.
// Errors: NotFound naming the pair and the day.
func Find(ctx context.Context, rd RateReader, from, to money.Currency, date string) (Found, error) {
	day, err := time.Parse(DateLayout, date)
	if err != nil {
		return Found{}, fault.Invalidf("date", "date_invalid", "date %q must be a day as yyyy-mm-dd", date)
	}
	out := Found{From: from, To: to, Date: date}
	if from == to {
		out.Rate = recon.MustFXRate("1")
		out.Stored = FXRate{From: from, To: to, Date: date, Rate: "1", Source: "identity"}
		return out, nil
	}
	earliest := day.AddDate(0, 0, -CarryDays).Format(DateLayout)
	direct, okD, err := rd.Latest(ctx, from, to, earliest, date)
	if err != nil {
		return Found{}, err
	}
	inverse, okI, err := rd.Latest(ctx, to, from, earliest, date)
	if err != nil {
		return Found{}, err
	}
	switch {
	case okD && (!okI || direct.Date >= inverse.Date):
		out.Stored = direct
		out.Rate, err = recon.ParseFXRate(direct.Rate)
	case okI:
		out.Stored, out.Inverse = inverse, true
		out.Rate, err = invert(inverse)
	default:
		return Found{}, fault.New(fault.NotFound, "fx_rate_missing",
			"no %s→%s rate (nor %s→%s) for %s or the %d days before; import one (fnshub fx import FILE.csv or POST /api/v1/fx/rates)",
			from, to, to, from, date, CarryDays)
	}
	if err != nil {
		return Found{}, err
	}
	stored, _ := time.Parse(DateLayout, out.Stored.Date)
	out.Carried = int(day.Sub(stored).Hours() / 24)
	return out, nil
}

// invert returns 1 / r rounded to inversePlaces.
func invert(r FXRate) (recon.FXRate, error) {
	d, err := decimal.NewFromString(r.Rate)
	if err != nil || d.Sign() <= 0 {
		return recon.FXRate{}, fmt.Errorf("terms: stored rate %s→%s %s is %q", r.From, r.To, r.Date, r.Rate)
	}
	inv := decimal.NewFromInt(1).DivRound(d, inversePlaces)
	out, err := recon.ParseFXRate(inv.String())
	if err != nil {
		return recon.FXRate{}, fault.New(fault.Invalid, "fx_rate_not_invertible",
			"the %s→%s rate %s of %s has no usable inverse to %d places; import the %s→%s rate itself", r.From, r.To, r.Rate, r.Date, inversePlaces, r.To, r.From)
	}
	return out, nil
}

// Lookup is recon.FX over stored rates: an order's day is taken in loc
// (the entity's time zone). ctx is the transaction's: the engine asks
// while the reconciliation's transaction is open.
func Lookup(ctx context.Context, rd RateReader, loc *time.Location) recon.FX {
	if loc == nil {
		loc = time.UTC
	}
	return func(from, to money.Currency, on time.Time) (recon.FXRate, error) {
		f, err := Find(ctx, rd, from, to, on.In(loc).Format(DateLayout))
		return f.Rate, err
	}
}
