package profit

import (
	"fmt"
	"strings"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
)

// AnyProvince is a carrier rate that applies to every ship-to province.
const AnyProvince = "*"

// CarrierRate prices a parcel: FirstG grams for First, then Extra for each
// ExtraG grams or part of it beyond; Flat when the order's SKUs have no
// weight in the catalog. Carrier "*" applies to every carrier.
type CarrierRate struct {
	Carrier, Province string
	Currency          money.Currency
	FirstG, ExtraG    int64
	First, Extra      int64 // minor units
	Flat              int64
}

// Validate checks the rate, naming the field at fault.
func (r CarrierRate) Validate() error {
	switch {
	case strings.TrimSpace(r.Carrier) == "" || len(r.Carrier) > 64:
		return fault.Invalidf("carrier", "carrier_invalid", "name the carrier (SF, ZTO …), or * for any")
	case strings.TrimSpace(r.Province) == "" || len(r.Province) > 64:
		return fault.Invalidf("province", "province_invalid", "name the ship-to province (浙江省 …), or * for any")
	case !r.Currency.Valid():
		return fault.Invalidf("currency", "currency_invalid", "currency %q: give an ISO code like CNY", r.Currency)
	case r.FirstG <= 0 || r.ExtraG <= 0:
		return fault.Invalidf("first_g", "weight_invalid", "the first and additional weights must be positive grams, like 1000")
	case r.First < 0 || r.Extra < 0 || r.Flat < 0:
		return fault.Invalidf("first", "price_invalid", "prices must not be negative")
	}
	return nil
}

// Cost is the parcel's cost at weightG grams; the flat rate at 0.
func (r CarrierRate) Cost(weightG int64) int64 {
	if weightG <= 0 {
		return r.Flat
	}
	cost := r.First
	if over := weightG - r.FirstG; over > 0 {
		cost += (over + r.ExtraG - 1) / r.ExtraG * r.Extra
	}
	return cost
}

// String is the rate as fnshub prints it.
func (r CarrierRate) String() string {
	a := func(m int64) string { return money.New(m, r.Currency).String() }
	return fmt.Sprintf("%s %s: first %dg %s, each further %dg %s, flat %s %s", r.Carrier, r.Province, r.FirstG, a(r.First), r.ExtraG, a(r.Extra), a(r.Flat), r.Currency)
}
