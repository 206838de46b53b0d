package app_test

import (
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/finance"
	"github.com/fnshub/fnshub/internal/finance/financedb"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

func TestAccountMaps(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) { t.Parallel(); accountMaps(t, e.Open) })
	}
}

// accountMaps: a merchant maps tmall's receivable to 1122.01; orders posted
// before keep 1122 and map version 0, later ones use the new version; every
// posting carries the order's shop, channel and id; the receivable half of
// invariant 7 holds over both accounts and catches a hand entry on 1122.
func accountMaps(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	maps := financedb.New(h.db)
	h.receive(t, "po-1", "TEA-250", "SH", 10)

	before := h.ingest(t, paid("W1", 1, "TEA-250"))
	_, err := h.books.CreateAccount(ctx, ledger.Account{Code: "1122.01", NameZH: "应收账款-天猫", Class: ledger.Asset, NormalSide: ledger.Debit})
	must(t, err)
	m, err := finance.Complete(1, []finance.MapEntry{{Role: finance.Receivable, Channel: "tmall", Account: "1122.01"}})
	must(t, err)
	saved, err := maps.Save(ctx, m, time.Now())
	must(t, err)
	if saved.Version != 1 {
		t.Fatalf("first saved map is version %d, want 1", saved.Version)
	}
	_, err = h.shops.Create(ctx, shop.Shop{ID: "tmall-flagship", Channel: "tmall", Name: "天猫旗舰店"})
	must(t, err)
	tm := paid("T1", 1, "TEA-250")
	tm.Order.Channel, tm.Order.Shop = "tmall", "tmall-flagship"
	after := h.ingest(t, tm)
	web := h.ingest(t, paid("W2", 1, "TEA-250"))

	for _, c := range []struct {
		name    string
		entry   int64
		account string
		version int64
		shop    string
		channel string
	}{
		{"web before the map", before.Order.PaidEntry, "1122", 0, "S1", "web"},
		{"tmall after the map", after.Order.PaidEntry, "1122.01", 1, "tmall-flagship", "tmall"},
		{"web after the map", web.Order.PaidEntry, "1122", 1, "S1", "web"},
	} {
		e, err := h.books.Entry(ctx, c.entry)
		must(t, err)
		p := e.Postings[0]
		if p.Account != c.account || e.MapVersion != c.version || e.Entity != 1 || p.Shop != c.shop || p.Channel != c.channel ||
			p.Source.Kind != ledger.SourceOrder || p.Source.ID == "" {
			t.Errorf("%s: entry %d posts %+v with map version %d in entity %d; want %s, version %d, shop %s, channel %s, source order",
				c.name, e.ID, p, e.MapVersion, e.Entity, c.account, c.version, c.shop, c.channel)
		}
	}
	h.assertInvariants(t)

	all, err := maps.All(ctx)
	must(t, err)
	receivables := finance.Codes(finance.Receivable, all...)
	if len(receivables) != 2 {
		t.Fatalf("receivable accounts = %v, want 1122 and 1122.01", receivables)
	}
	rep, err := h.books.CheckWith(ctx, ledger.CheckOptions{ReceivableAccounts: receivables})
	must(t, err)
	if !rep.OK() {
		t.Fatalf("check with receivables: %v", rep.Problems)
	}
	// A hand entry on the receivable breaks the per-order sum.
	_, err = h.books.Post(ctx, ledger.Request{SourceKey: "api:hand", Description: "hand entry", Postings: []ledger.Posting{
		{Account: "1122", Amount: cny(500)}, {Account: "6001", Amount: cny(-500)}}})
	must(t, err)
	rep, err = h.books.CheckWith(ctx, ledger.CheckOptions{ReceivableAccounts: receivables})
	must(t, err)
	if len(rep.Problems) != 1 || rep.Problems[0].Rule != ledger.RuleReceivables || rep.Problems[0].Entity != 1 {
		t.Fatalf("check after a hand entry on 1122 = %v, want one %s problem in entity 1", rep.Problems, ledger.RuleReceivables)
	}
}
