package analytics

import (
	"cmp"
	"math/big"
	"slices"

	"github.com/fnshub/fnshub/internal/money"
)

// Overview is GET /api/v1/analytics/overview (contracts.md §5).
type Overview struct {
	From   string    `json:"from"`
	To     string    `json:"to"`
	Zone   string    `json:"zone"`
	Totals []Total   `json:"totals"`
	ByDay  []DayRow  `json:"by_day"`
	ByShop []ShopRow `json:"by_shop"`
}

// Total is a currency's figures over the whole range.
type Total struct {
	Currency        string `json:"currency"`
	GMV             string `json:"gmv"`
	Orders          int64  `json:"orders"`
	AOV             string `json:"aov"`
	Refunds         string `json:"refunds"`
	RefundRate      string `json:"refund_rate"`
	Revenue         string `json:"revenue"`
	COGS            string `json:"cogs"`
	GrossMargin     string `json:"gross_margin"`
	GrossMarginRate string `json:"gross_margin_rate"`
}

// Figures are the amounts shared by a day's and a shop's row.
type Figures struct {
	Currency string `json:"currency"`
	GMV      string `json:"gmv"`
	Orders   int64  `json:"orders"`
	Refunds  string `json:"refunds"`
	Revenue  string `json:"revenue"`
	COGS     string `json:"cogs"`
}

// DayRow is one day's figures in one currency.
type DayRow struct {
	Day string `json:"day"`
	Figures
}

// ShopRow is one shop's figures over the range in one currency.
type ShopRow struct {
	Shop    string `json:"shop"`
	Channel string `json:"channel"`
	Figures
}

type sum struct {
	Sales
	Books
}

func (s sum) add(r Row) sum { return sum{s.Sales.Add(r.Sales), s.Books.Add(r.Books)} }

func (s sum) figures(cur string) Figures {
	c := money.Currency(cur)
	return Figures{Currency: cur, GMV: amount(s.GMV, c), Orders: s.Orders, Refunds: amount(s.Refunds, c),
		Revenue: amount(s.Revenue, c), COGS: amount(s.COGS, c)}
}

// Summarise folds rollup rows into the overview of r: totals per currency,
// a row per day and currency, a row per shop, channel and currency, each
// sorted (days newest first, as the console lists them).
func Summarise(r Range, rows []Row) Overview {
	type dayKey struct{ day, cur string }
	type shopKey struct{ shop, channel, cur string }
	totals, days, shops := map[string]sum{}, map[dayKey]sum{}, map[shopKey]sum{}
	dayOf := map[int64]string{}
	for _, row := range rows {
		day, ok := dayOf[row.Hour]
		if !ok {
			day = r.DayOf(row.Hour)
			dayOf[row.Hour] = day
		}
		totals[row.Currency] = totals[row.Currency].add(row)
		days[dayKey{day, row.Currency}] = days[dayKey{day, row.Currency}].add(row)
		k := shopKey{row.Shop, row.Channel, row.Currency}
		shops[k] = shops[k].add(row)
	}
	o := Overview{From: r.From.Format("2006-01-02"), To: r.To.Format("2006-01-02"), Zone: r.Loc.String(),
		Totals: []Total{}, ByDay: []DayRow{}, ByShop: []ShopRow{}}
	for cur, s := range totals {
		o.Totals = append(o.Totals, s.total(cur))
	}
	for k, s := range days {
		o.ByDay = append(o.ByDay, DayRow{Day: k.day, Figures: s.figures(k.cur)})
	}
	for k, s := range shops {
		o.ByShop = append(o.ByShop, ShopRow{Shop: k.shop, Channel: k.channel, Figures: s.figures(k.cur)})
	}
	slices.SortFunc(o.Totals, func(a, b Total) int { return cmp.Compare(a.Currency, b.Currency) })
	slices.SortFunc(o.ByDay, func(a, b DayRow) int {
		return cmp.Or(cmp.Compare(b.Day, a.Day), cmp.Compare(a.Currency, b.Currency))
	})
	slices.SortFunc(o.ByShop, func(a, b ShopRow) int {
		return cmp.Or(cmp.Compare(a.Shop, b.Shop), cmp.Compare(a.Channel, b.Channel), cmp.Compare(a.Currency, b.Currency))
	})
	return o
}

func (s sum) total(cur string) Total {
	c := money.Currency(cur)
	margin := s.Revenue - s.COGS
	return Total{Currency: cur, GMV: amount(s.GMV, c), Orders: s.Orders, AOV: amount(quotient(s.GMV, s.Orders, 1), c),
		Refunds: amount(s.Refunds, c), RefundRate: Rate(s.Refunds, s.GMV), Revenue: amount(s.Revenue, c), COGS: amount(s.COGS, c),
		GrossMargin: amount(margin, c), GrossMarginRate: Rate(margin, s.Revenue)}
}

func amount(minor int64, c money.Currency) string { return money.New(minor, c).String() }

// Rate is part ÷ whole with 4 decimal places, rounded half away from
// zero, "0.0000" when whole is 0: a decimal string, as amounts are.
func Rate(part, whole int64) string {
	if whole == 0 {
		return "0.0000"
	}
	q := quotient(part, whole, 10000)
	neg := q < 0
	if neg {
		q = -q
	}
	s := big.NewInt(q).String()
	for len(s) < 5 {
		s = "0" + s
	}
	s = s[:len(s)-4] + "." + s[len(s)-4:]
	if neg {
		s = "-" + s
	}
	return s
}

// quotient is round(a × scale ÷ b), half away from zero, without
// overflow; 0 when b is 0.
func quotient(a, b, scale int64) int64 {
	if b == 0 {
		return 0
	}
	n := new(big.Int).Mul(big.NewInt(a), big.NewInt(scale))
	d := big.NewInt(b)
	neg := n.Sign()*d.Sign() < 0
	n.Abs(n)
	d.Abs(d)
	q, r := new(big.Int).QuoRem(n, d, new(big.Int))
	if r.Mul(r, big.NewInt(2)).Cmp(d) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if neg {
		q.Neg(q)
	}
	return q.Int64()
}
