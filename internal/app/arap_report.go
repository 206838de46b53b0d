package app

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/arap"
	"github.com/fnshub/fnshub/internal/finance"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement/terms"
)

// PlatformReceivable is the account whose order-sourced postings are the
// platforms' open receivables in the default map (the receivable role).
// An entity whose map sends the role elsewhere has them there
// (receivableAccounts).
const PlatformReceivable = "1122"

// receivableAccounts are the accounts the entity read keeps platform
// receivables on: every account its receivable role maps to, for any
// channel, in its current map and the default one (entries posted
// before a map was saved used the default).
func (uc *ARAP) receivableAccounts(ctx context.Context) (out []string, err error) {
	e := uc.reads()
	err = uc.Unit.Read(ctx, func(st Stores) error {
		m, err := st.Maps.Current(ctx, e)
		out = finance.Codes(finance.Receivable, finance.DefaultMap(e), m)
		return err
	})
	return out, err
}

// OpenItems returns every item of the entity open at the end of asOf's
// day: platform receivables per order from its books, B2B invoices and
// supplier bills from its documents (docs/adr/0060). A document dated after asOf is not yet there.
func (uc *ARAP) OpenItems(ctx context.Context, asOf time.Time) ([]arap.Item, error) {
	end := arap.Day(asOf).AddDate(0, 0, 1)
	accs, err := uc.receivableAccounts(ctx)
	if err != nil {
		return nil, err
	}
	var ps []arap.PlatformPosting
	for _, acc := range accs {
		more, err := uc.platformPostings(ctx, acc, end)
		if err != nil {
			return nil, err
		}
		ps = append(ps, more...)
	}
	var items []arap.Item
	err = uc.Unit.Read(ctx, func(st Stores) error {
		cycles, err := uc.shopTerms(ctx, st, ps)
		if err != nil {
			return err
		}
		items = arap.OpenPlatform(ps, func(shop string) arap.Terms { return cycles[shop] })
		for _, k := range []arap.PartyKind{arap.Customer, arap.Supplier} {
			docs, err := st.ARAP.Documents(ctx, uc.reads(), k, "")
			if err != nil {
				return err
			}
			open, err := arap.OpenDocuments(before(docs, end))
			if err != nil {
				return err
			}
			items = append(items, open...)
		}
		for i := range items {
			items[i].Entity = uc.reads()
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

// movementPage is how many postings one read of the ledger returns; the
// reports read every page.
const movementPage = 1000

func (uc *ARAP) pageSize() int {
	if uc.page > 0 {
		return uc.page
	}
	return movementPage
}

// platformPostings pages through the postings on the platform receivable
// account acc effective before end. Postings that name no order (there should be
// none: ledger invariant I7) count under the order "".
func (uc *ARAP) platformPostings(ctx context.Context, acc string, end time.Time) ([]arap.PlatformPosting, error) {
	q := ledger.MovementQuery{Entity: uc.reads(), Account: acc, To: end, Limit: uc.pageSize()}
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
// The platform receivable's control is every account the entity's
// receivable role maps to, named joined by "+"; the B2B ones are the
// entity's documents against its 1122.90 and 2202. A control account
// with no balance and no open item in a currency gives no line.
func (uc *ARAP) Ties(ctx context.Context, asOf time.Time) ([]Tie, error) {
	rows, err := uc.Aging(ctx, asOf)
	if err != nil {
		return nil, err
	}
	accs, err := uc.receivableAccounts(ctx)
	if err != nil {
		return nil, err
	}
	totals := arap.Totals(rows)
	type control struct {
		accounts []string
		kind     arap.ItemKind
		sign     int64 // a payable's credit balance shown positive
	}
	controls := []control{{accs, arap.PlatformAR, 1}, {[]string{arap.CustomerReceivable}, arap.CustomerAR, 1}, {[]string{arap.Payable}, arap.SupplierAP, -1}}
	var out []Tie
	for _, c := range controls {
		bals := map[money.Currency]int64{}
		for _, acc := range c.accounts {
			bs, err := uc.Books.BalanceBy(ctx, ledger.MovementQuery{Entity: uc.reads(), Account: acc, To: arap.Day(asOf).AddDate(0, 0, 1)})
			if err != nil {
				return nil, err
			}
			for _, b := range bs {
				bals[b.Currency()] += b.Minor()
			}
		}
		name := strings.Join(c.accounts, "+")
		for _, cur := range slices.Sorted(maps.Keys(merge(bals, totals[c.kind]))) {
			ctl, sub := c.sign*bals[cur], totals[c.kind][cur]
			out = append(out, Tie{Account: name, Kind: c.kind, Currency: cur, Control: ctl, SubLedger: sub, Difference: ctl - sub})
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

// Forecast projects cash for n periods of step days (arap.Weekly,
// arap.Daily) from asOf: the cash accounts' balances, then open items by
// due date.
func (uc *ARAP) Forecast(ctx context.Context, asOf time.Time, n int, step arap.Step) ([]arap.ForecastPeriod, error) {
	items, err := uc.OpenItems(ctx, asOf)
	if err != nil {
		return nil, err
	}
	opening := map[money.Currency]int64{}
	for _, acc := range CashAccounts {
		bals, err := uc.Books.BalanceBy(ctx, ledger.MovementQuery{Entity: uc.reads(), Account: acc, To: arap.Day(asOf).AddDate(0, 0, 1)})
		if err != nil {
			return nil, err
		}
		for _, b := range bals {
			opening[b.Currency()] += b.Minor()
		}
	}
	return arap.Forecast(items, opening, asOf, n, step), nil
}

// TieProblems checks that the entity's sub-ledgers tie to their control
// accounts at the end of asOf (docs/adr/0058): the platform and the B2B
// receivables exactly; the payables once what stock receipts credited to
// 2202 without a bill is set aside — the postings on 2202 that no bill
// or payment made. One line for each broken tie, naming the entity,
// account, currency and both figures.
func (uc *ARAP) TieProblems(ctx context.Context, asOf time.Time) ([]string, error) {
	ties, err := uc.Ties(ctx, asOf)
	if err != nil {
		return nil, err
	}
	byDocs, err := uc.documentPostings(ctx, arap.Payable, arap.Day(asOf).AddDate(0, 0, 1))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, x := range ties {
		ctl, what := x.Control, "its balance"
		if x.Kind == arap.SupplierAP {
			ctl, what = -byDocs[x.Currency], "what bills and payments posted to it"
		}
		if ctl != x.SubLedger {
			out = append(out, fmt.Sprintf("arap tie: entity %d %s %s: the %s sub-ledger has %s open, %s is %s",
				uc.reads(), x.Account, x.Currency, x.Kind, money.New(x.SubLedger, x.Currency), what, money.New(ctl, x.Currency)))
		}
	}
	return out, nil
}

// documentPostings sums per currency the postings on acc before end that
// a document booked: their source names the document (kind:party:number).
func (uc *ARAP) documentPostings(ctx context.Context, acc string, end time.Time) (map[money.Currency]int64, error) {
	q := ledger.MovementQuery{Entity: uc.reads(), Account: acc, To: end, Limit: uc.pageSize()}
	out := map[money.Currency]int64{}
	for {
		ms, err := uc.Books.Movements(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			if m.Source.Kind == ledger.SourceManual && isDocumentSource(m.Source.ID) {
				out[m.Amount.Currency()] += m.Amount.Minor()
			}
		}
		if len(ms) < q.Limit {
			return out, nil
		}
		q.After = ms[len(ms)-1].Cursor()
	}
}

func isDocumentSource(id string) bool {
	for _, k := range []arap.DocKind{arap.Invoice, arap.Receipt, arap.Bill, arap.Payment} {
		if strings.HasPrefix(id, string(k)+":") {
			return true
		}
	}
	return false
}
