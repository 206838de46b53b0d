// Package recontest generates a month of settlements for reconciliation
// tests and benchmarks: three platforms shaped like Amazon (a settlement
// with a declared total, commission and per-unit fees, reserves, ads),
// Tmall/Alipay (a daily wallet bill, technical service fee and payment
// fee) and Shopify (daily payouts closed by a transfer, card fees, orders
// paid in another currency), thousands of clean orders among traps for
// false positives (split lines, sales split over payouts, refunds with
// and without ids, orders not yet due), and a chosen number of injected
// discrepancies of every class, with the subject of each, so a test can
// hold the engine to finding exactly them.
package recontest

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement/recon"
)

// Options shape a month.
type Options struct {
	Seed            uint64
	OrdersPerPayout int // clean orders per payout and platform
	Injections      int // discrepancies injected, spread over Classes
	Classes         []recon.Class
	Tiny            int // orders settled a few minor units short: a short payment under Strict, within tolerance under Lenient
	RefLess         int // refunds the platform reports without a refund id, within a day of the hub's
	// PaidAtShipping makes every order paid when it ships, as a hub that
	// keeps no shipping time (order.Record) sees it: due dates and FX
	// dates then count from the same instant on both sides.
	PaidAtShipping bool
}

// Strict are rules with no tolerance and no date window.
var Strict = recon.Rules{Version: 1, SplitPayouts: true}

// Lenient are Strict plus an amount tolerance of 5 minor units and a
// two-day window for refunds without ids.
var Lenient = recon.Rules{Version: 2, AmountTolerance: 5, RefundWindow: 48 * time.Hour, SplitPayouts: true}

// TinyShort is how far short a Tiny order is settled.
const TinyShort = 3

// Month is a generated month.
type Month struct {
	Platforms []*Platform
	Injected  []Injection // what the engine must find, under Lenient rules
	Tiny      []Injection // the Tiny orders (short_payment under Strict)
	RefLess   []Injection // the refund lines without ids (refund_not_in_hub under Strict)
}

// Injection is a difference the month holds: its class, the payout whose
// run reports it, and its subject.
type Injection struct {
	Class   recon.Class
	Payout  string
	Subject string
}

// Platform is one shop's month.
type Platform struct {
	Name     string
	Shop     string
	Channel  string
	Contract recon.Contract
	Runs     []Run
	Periods  []recon.Period
	// Orders are every hub order of the shop, for checking receivables.
	Orders map[int64]recon.Expected
}

// Run is one payout's reconciliation input, Rules left for the test.
type Run struct{ Input recon.Input }

// AllClasses are the classes injected by default.
func AllClasses() []recon.Class { return recon.Classes() }

// Rates are the month's exchange rates: CAD into USD, a little different
// each day.
func Rates(from, to money.Currency, on time.Time) (recon.FXRate, error) {
	if from == "CAD" && to == "USD" {
		return recon.MustFXRate(fmt.Sprintf("0.7%03d", 200+on.Day()*7)), nil
	}
	return recon.FXRate{}, fmt.Errorf("recontest: no rate %s→%s", from, to)
}

var monthStart = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// Generate builds a month.
func Generate(opt Options) *Month {
	if len(opt.Classes) == 0 {
		opt.Classes = AllClasses()
	}
	g := &gen{opt: opt, rnd: rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15)), m: &Month{}}
	for _, k := range []kind{amazon, tmall, shopify} {
		g.platform(k)
	}
	g.inject()
	g.build()
	return g.m
}
