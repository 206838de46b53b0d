package ledgerdb

import (
	"strings"

	"github.com/fnshub/fnshub/internal/analytics"
	"github.com/fnshub/fnshub/internal/analytics/analyticsdb"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/store"
)

// Revenue and COGS accounts of the books rollup
// (docs/adr/0042-analytics-rollups.md): main operating revenue (6001) and
// cost of goods sold (6401) of the chart, and their sub-accounts
// ("6001.01"), which account maps point channels at.
const (
	RevenueAccount = "6001"
	COGSAccount    = "6401"
)

// BookedAs says what a posting to account counts for in the rollup.
func BookedAs(account string) (revenue, cogs bool) {
	is := func(root string) bool { return account == root || strings.HasPrefix(account, root+".") }
	return is(RevenueAccount), is(COGSAccount)
}

// addBooks adds the batch's postings to the books rollup, in the posting
// transaction: postings without a shop (no order behind them) are not
// shop figures and are left out.
func addBooks(tx *store.Tx, fresh []ledger.Entry) {
	for _, e := range fresh {
		hour := analytics.HourOf(store.Micros(e.EffectiveAt))
		for _, p := range e.Postings {
			revenue, cogs := BookedAs(p.Account)
			if p.Dims.Shop == "" || !(revenue || cogs) {
				continue
			}
			k := analytics.Key{Hour: hour, Shop: p.Dims.Shop, Channel: p.Dims.Channel, Currency: string(p.Amount.Currency())}
			if revenue {
				analyticsdb.AddBooks(tx, k, analytics.Books{Revenue: -p.Amount.Minor()})
			} else {
				analyticsdb.AddBooks(tx, k, analytics.Books{COGS: p.Amount.Minor()})
			}
		}
	}
}
