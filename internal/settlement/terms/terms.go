// Package terms holds what a reconciliation is held to, as the merchant
// keeps it: each shop's settlement contract with its platform, the
// matching rule sets, and the daily exchange rates
// (docs/adr/0049-finance-settings.md). Contracts and rule sets are
// versioned: a saved version never changes, a change is a new version,
// so a reconciliation run can always say which terms it used.
package terms

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement/recon"
)

// Bounds of a contract and a rule set. A cycle beyond a quarter or a
// grace beyond one is a typo: no platform holds money that long.
const (
	MaxCycleDays     = 90
	MaxGraceDays     = 90
	MaxFeeTypes      = 200
	MaxFeeTypeLen    = 100
	MaxRefundWindowH = 24 * 366
)

// Contract is one version of what a shop agreed with its platform. Rates
// are money.Rate: fractions in [0, 1).
type Contract struct {
	Shop    string
	Version int64 // 1, 2 …; 0 for a platform default that was never saved
	// Default marks a platform default (DefaultContract): no merchant
	// agreed to it, it is what the hub assumes until one is saved.
	Default bool
	// Commission is the rate of commission lines whose Type has no rate
	// of its own in FeeRates.
	Commission money.Rate
	FeeRates   map[string]money.Rate // by the platform's fee Type
	// KnownFees are the fee Types the contract has without a rate to check.
	KnownFees    []string
	CycleDays    int
	GraceDays    int
	FeeTolerance int64 // minor units of the payout's currency
	CreatedAt    time.Time
	CreatedBy    string
}

// Validate checks the contract, naming the field at fault.
func (c Contract) Validate() error {
	if c.Shop == "" {
		return fault.Invalidf("shop", "shop_missing", "a contract belongs to a shop; name it")
	}
	if c.CycleDays < 1 || c.CycleDays > MaxCycleDays {
		return fault.Invalidf("cycle_days", "cycle_days_invalid", "cycle_days is %d; give the platform's settlement cycle in days, 1 to %d (Amazon 14)", c.CycleDays, MaxCycleDays)
	}
	if c.GraceDays < 0 || c.GraceDays > MaxGraceDays {
		return fault.Invalidf("grace_days", "grace_days_invalid", "grace_days is %d; give 0 to %d days", c.GraceDays, MaxGraceDays)
	}
	if c.FeeTolerance < 0 {
		return fault.Invalidf("fee_tolerance_minor", "fee_tolerance_invalid", "fee_tolerance_minor is %d; give 0 or more minor units (cents, fen)", c.FeeTolerance)
	}
	if len(c.FeeRates)+len(c.KnownFees) > MaxFeeTypes {
		return fault.Invalidf("fee_rates", "fee_types_too_many", "a contract has at most %d fee Types", MaxFeeTypes)
	}
	for typ := range c.FeeRates {
		if err := validFeeType("fee_rates", typ); err != nil {
			return err
		}
	}
	for i, typ := range c.KnownFees {
		if err := validFeeType(fmt.Sprintf("known_fees[%d]", i), typ); err != nil {
			return err
		}
	}
	return nil
}

func validFeeType(field, typ string) error {
	if strings.TrimSpace(typ) == "" {
		return fault.Invalidf(field, "fee_type_missing", "a fee Type is empty; give the platform's own name, e.g. FBAPerUnitFulfillmentFee or 交易佣金")
	}
	if len(typ) > MaxFeeTypeLen {
		return fault.Invalidf(field, "fee_type_too_long", "fee Type %.20q… is longer than %d bytes", typ, MaxFeeTypeLen)
	}
	return nil
}

// Recon is the contract as the engine reads it.
func (c Contract) Recon() recon.Contract {
	out := recon.Contract{Commission: c.Commission, FeeRates: map[string]money.Rate{}, KnownFees: map[string]bool{},
		CycleDays: c.CycleDays, GraceDays: c.GraceDays, FeeTolerance: c.FeeTolerance}
	for k, v := range c.FeeRates {
		out.FeeRates[k] = v
	}
	for _, k := range c.KnownFees {
		out.KnownFees[k] = true
	}
	return out
}

// FeeTypes returns the types with a rate, sorted, for showing.
func (c Contract) FeeTypes() []string {
	out := make([]string, 0, len(c.FeeRates))
	for k := range c.FeeRates {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Rules is one version of the matching rules, for one shop or (Scope "")
// for every shop without its own.
type Rules struct {
	Scope   string // a shop id, or "" for all shops
	Version int64  // 0 for the default never saved
	Default bool
	// AmountTolerance is minor units of the payout's currency.
	AmountTolerance int64
	// RefundWindow is how far a refund's dates may be apart; 0 disables.
	RefundWindow time.Duration
	SplitPayouts bool
	CreatedAt    time.Time
	CreatedBy    string
}

// Validate checks the rules, naming the field at fault.
func (r Rules) Validate() error {
	if r.AmountTolerance < 0 {
		return fault.Invalidf("amount_tolerance_minor", "amount_tolerance_invalid", "amount_tolerance_minor is %d; give 0 or more minor units", r.AmountTolerance)
	}
	if r.RefundWindow < 0 || r.RefundWindow > MaxRefundWindowH*time.Hour || r.RefundWindow%time.Hour != 0 {
		return fault.Invalidf("refund_window_hours", "refund_window_invalid", "refund_window_hours must be whole hours from 0 to %d", MaxRefundWindowH)
	}
	return nil
}

// Recon is the rules as the engine reads them. The version is the rule
// set's own (per scope); the run keeps it with the shop.
func (r Rules) Recon() recon.Rules {
	return recon.Rules{Version: int(r.Version), AmountTolerance: r.AmountTolerance, RefundWindow: r.RefundWindow, SplitPayouts: r.SplitPayouts}
}

// DefaultRules are the rules before any are saved: one minor unit of
// tolerance (a platform rounding per line against the hub per order), a
// 7-day refund window, payouts split over several settlements accepted.
func DefaultRules(scope string) Rules {
	return Rules{Scope: scope, Default: true, AmountTolerance: 1, RefundWindow: 7 * 24 * time.Hour, SplitPayouts: true}
}
