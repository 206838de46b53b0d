package arap_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/arap"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
)

// rateConv converts USD into CNY at a rate in ten-thousandths per day,
// rounded half away from zero, as the stored rates convert.
func rateConv(rates map[time.Time]int64) arap.Converter {
	return func(a money.Amount, day time.Time) (money.Amount, error) {
		v := a.Minor() * rates[arap.Day(day)]
		q, r := v/10000, v%10000
		if r >= 5000 {
			q++
		} else if r <= -5000 {
			q--
		}
		return money.New(q, "CNY"), nil
	}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func ledgerDims() ledger.Dims {
	return ledger.Dims{Source: ledger.Source{Kind: ledger.SourceManual, ID: "receipt:C:R1"}}
}

func TestRealised_Table(t *testing.T) {
	d0, d1 := day(2026, 11, 5), day(2026, 11, 20)
	conv := rateConv(map[time.Time]int64{d0: 70000, d1: 71000})
	usd := func(m int64) money.Amount { return money.New(m, "USD") }
	for _, c := range []struct {
		name           string
		open, settled  int64
		want           int64
		kind           arap.DocKind
		gain, adjusted int64 // the gain to profit; what the revaluation account takes
	}{
		{"a receipt at a higher rate gains", 10000, 4000, 400, arap.Receipt, 400, 400},
		{"a payment at a higher rate loses", 10000, 4000, 400, arap.Payment, -400, -400},
		{"the whole item", 10000, 10000, 1000, arap.Receipt, 1000, 1000},
		// 0.01 USD is 0.07 CNY at either rate: nothing is realised.
		{"a cent", 3, 1, 0, arap.Receipt, 0, 0},
	} {
		got, err := arap.Realised(usd(c.open), usd(c.settled), d0, d1, conv)
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("%s: realised %d, want %d", c.name, got, c.want)
		}
		d := arap.Document{Kind: c.kind}
		if g := d.Gain(got); g != c.gain {
			t.Errorf("%s: gain %d, want %d", c.name, g, c.gain)
		}
		ps := arap.RealisedPostings(d, got, "CNY", ledgerDims())
		if c.adjusted == 0 {
			if ps != nil {
				t.Errorf("%s: postings %+v for nothing realised", c.name, ps)
			}
			continue
		}
		if len(ps) != 2 || ps[0].Amount.Minor() != c.adjusted || ps[1].Account != arap.FXGainLoss || ps[1].Amount.Minor() != -c.adjusted {
			t.Errorf("%s: postings %+v, want %d on the revaluation account against 6603", c.name, ps, c.adjusted)
		}
	}
}

// TestRealised_EntityCurrencyAddsUp: for random items settled in random
// parts on days of random rates, the item's booked value, less each
// settlement at its own rate, plus the realised differences, is exactly
// the booked value of what stays open — the entity-currency balance of
// the control account and its revaluation account is the sub-ledger's —
// while the foreign amounts tie by construction.
func TestRealised_EntityCurrencyAddsUp(t *testing.T) {
	rng := rand.New(rand.NewPCG(51, 58))
	start := day(2026, 1, 1)
	rates := map[time.Time]int64{}
	for i := range 400 {
		rates[start.AddDate(0, 0, i)] = 60000 + rng.Int64N(20000) // 6.0000–7.9999
	}
	conv := rateConv(rates)
	for n := range 2000 {
		amount := 1 + rng.Int64N(1_000_000)
		itemDay := start.AddDate(0, 0, rng.IntN(100))
		booked, _ := conv(money.New(amount, "USD"), itemDay)
		open, entity := amount, booked.Minor()
		for open > 0 && rng.IntN(5) > 0 {
			s := 1 + rng.Int64N(open)
			if rng.IntN(3) == 0 {
				s = open
			}
			on := itemDay.AddDate(0, 0, rng.IntN(300))
			r, err := arap.Realised(money.New(open, "USD"), money.New(s, "USD"), itemDay, on, conv)
			if err != nil {
				t.Fatal(err)
			}
			at, _ := conv(money.New(s, "USD"), on)
			entity += -at.Minor() + r
			open -= s
		}
		left, _ := conv(money.New(open, "USD"), itemDay)
		if entity != left.Minor() {
			t.Fatalf("item %d of %d USD minor: entity-currency balance %d, booked value of the open %d is %d", n, amount, entity, open, left.Minor())
		}
	}
}
