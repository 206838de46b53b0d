package app

import (
	"context"
	"time"

	"github.com/fnshub/fnshub/internal/arap"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement/terms"
)

// PlatformReceivable is the account whose order-sourced postings are the
// platforms' open receivables (the receivable role of the default map).
const PlatformReceivable = "1122"

// OpenItems returns every item open at the end of asOf's day: platform
// receivables per order from the ledger, B2B invoices and supplier bills
// from their documents. A document dated after asOf is not yet there.
func (uc *ARAP) OpenItems(ctx context.Context, asOf time.Time) ([]arap.Item, error) {
	end := arap.Day(asOf).AddDate(0, 0, 1)
	ps, err := uc.platformPostings(ctx, end)
	if err != nil {
		return nil, err
	}
	var items []arap.Item
	err = uc.Unit.Read(ctx, func(st Stores) error {
		cycles, err := uc.shopTerms(ctx, st, ps)
		if err != nil {
			return err
		}
		items = arap.OpenPlatform(ps, func(shop string) arap.Terms { return cycles[shop] })
		for _, k := range []arap.PartyKind{arap.Customer, arap.Supplier} {
			docs, err := st.ARAP.Documents(ctx, k, "")
			if err != nil {
				return err
			}
			open, err := arap.OpenDocuments(before(docs, end))
			if err != nil {
				return err
			}
			items = append(items, open...)
		}
		return nil
	})
	return items, err
}

func before(docs []arap.Document, end time.Time) []arap.Document {
	out := docs[:0:0]
	for _, d := range docs {
		if d.Date.Before(end) {
			out = append(out, d)
		}
	}
	return out
}

// platformPostings pages through the platform receivable's postings
// effective before end. Postings that name no order (there should be
// none: ledger invariant I7) count under the order "".
func (uc *ARAP) platformPostings(ctx context.Context, end time.Time) ([]arap.PlatformPosting, error) {
	q := ledger.MovementQuery{Entity: uc.entity(), Account: PlatformReceivable, To: end, Limit: 1000}
	var out []arap.PlatformPosting
	for {
		ms, err := uc.Books.Movements(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			order := ""
			if m.Source.Kind == ledger.SourceOrder {
				order = m.Source.ID
			}
			out = append(out, arap.PlatformPosting{Shop: m.Shop, Channel: m.Channel, Order: order, At: m.EffectiveAt, Amount: m.Amount})
		}
		if len(ms) < q.Limit {
			return out, nil
		}
		q.After = ms[len(ms)-1].Cursor()
	}
}

// shopTerms reads each shop's settlement cycle from its current contract,
// else its platform's default (docs/adr/0049-finance-settings.md).
func (uc *ARAP) shopTerms(ctx context.Context, st Stores, ps []arap.PlatformPosting) (map[string]arap.Terms, error) {
	out := map[string]arap.Terms{}
	for _, p := range ps {
		if _, ok := out[p.Shop]; ok {
			continue
		}
		c, ok, err := st.Terms.Contract(ctx, p.Shop)
		if err != nil {
			return nil, err
		}
		if !ok {
			c = terms.DefaultContract(p.Shop, p.Channel)
		}
		out[p.Shop] = arap.Terms{CycleDays: c.CycleDays, GraceDays: c.GraceDays}
	}
	return out, nil
}

// Aging buckets the items open on asOf.
func (uc *ARAP) Aging(ctx context.Context, asOf time.Time) ([]arap.AgingRow, error) {
	items, err := uc.OpenItems(ctx, asOf)
	if err != nil {
		return nil, err
	}
	return arap.Age(items, asOf), nil
}

// Tie compares, per control account and currency, the sub-ledger's open
// total with the account's ledger balance at the end of asOf (a payable's
// credit balance shown positive). Difference is Control − SubLedger;
// on 2202 it is what stock receipts owe without a bill yet.
type Tie struct {
	Account    string
	Kind       arap.ItemKind
	Currency   money.Currency
	Control    int64
	SubLedger  int64
	Difference int64
}

// Ties checks the sub-ledgers against their control accounts on asOf.
func (uc *ARAP) Ties(ctx context.Context, asOf time.Time) ([]Tie, error) {
	rows, err := uc.Aging(ctx, asOf)
	if err != nil {
		return nil, err
	}
	totals := arap.Totals(rows)
	var out []Tie
	for _, c := range []struct {
		account string
		kind    arap.ItemKind
		sign    int64
	}{{PlatformReceivable, arap.PlatformAR, 1}, {arap.CustomerReceivable, arap.CustomerAR, 1}, {arap.Payable, arap.SupplierAP, -1}} {
		bals, err := uc.Books.BalanceBy(ctx, ledger.MovementQuery{Entity: uc.entity(), Account: c.account, To: arap.Day(asOf).AddDate(0, 0, 1)})
		if err != nil {
			return nil, err
		}
		seen := map[money.Currency]bool{}
		for _, b := range bals {
			seen[b.Currency()] = true
			sub := totals[c.kind][b.Currency()]
			out = append(out, Tie{Account: c.account, Kind: c.kind, Currency: b.Currency(), Control: c.sign * b.Minor(), SubLedger: sub, Difference: c.sign*b.Minor() - sub})
		}
		for cur, sub := range totals[c.kind] {
			if !seen[cur] {
				out = append(out, Tie{Account: c.account, Kind: c.kind, Currency: cur, SubLedger: sub, Difference: -sub})
			}
		}
	}
	return out, nil
}

// Alerts lists receivables overdue on asOf and payables due within
// withinDays (docs/adr/0051).
func (uc *ARAP) Alerts(ctx context.Context, asOf time.Time, withinDays int) ([]arap.Alert, error) {
	items, err := uc.OpenItems(ctx, asOf)
	if err != nil {
		return nil, err
	}
	return arap.Alerts(items, asOf, withinDays), nil
}

// CashAccounts are the accounts whose balances open the forecast.
var CashAccounts = []string{"1001", "1002", "1012"}

// Forecast projects weekly cash for weeks weeks from asOf: the cash
// accounts' balances, then open items by due date.
func (uc *ARAP) Forecast(ctx context.Context, asOf time.Time, weeks int) ([]arap.ForecastWeek, error) {
	items, err := uc.OpenItems(ctx, asOf)
	if err != nil {
		return nil, err
	}
	opening := map[money.Currency]int64{}
	for _, acc := range CashAccounts {
		bals, err := uc.Books.BalanceBy(ctx, ledger.MovementQuery{Entity: uc.entity(), Account: acc, To: arap.Day(asOf).AddDate(0, 0, 1)})
		if err != nil {
			return nil, err
		}
		for _, b := range bals {
			opening[b.Currency()] += b.Minor()
		}
	}
	return arap.Forecast(items, opening, asOf, weeks), nil
}
