package finance

import (
	"testing"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
)

func cny(minor int64) money.Amount { return money.New(minor, "CNY") }

// TestRules_DefaultMapPostsTodaysAccounts holds every rule, with the
// default map, to the postings internal/app made before the rules moved here.
func TestRules_DefaultMapPostsTodaysAccounts(t *testing.T) {
	dims := ledger.Dims{Shop: "S1", Channel: "web", Source: ledger.Source{Kind: ledger.SourceOrder, ID: "7"}}
	f := Facts{Total: cny(11300), Net: cny(10000), Tax: cny(1300), Cost: cny(400), Value: cny(-400), Dims: dims}
	want := map[Event][]ledger.Posting{
		OrderPaid:     {{Account: "1122", Amount: cny(11300)}, {Account: "2203", Amount: cny(-11300)}},
		OrderShipped:  {{Account: "2203", Amount: cny(11300)}, {Account: "6001", Amount: cny(-10000)}, {Account: "2221", Amount: cny(-1300)}},
		OrderCost:     {{Account: "6401", Amount: cny(400)}, {Account: "1405", Amount: cny(-400)}},
		OrderRefunded: {{Account: "6001", Amount: cny(10000)}, {Account: "2221", Amount: cny(1300)}, {Account: "1122", Amount: cny(-11300)}},
		StockReceived: {{Account: "1405", Amount: cny(-400)}, {Account: "2202", Amount: cny(400)}},
		StockFound:    {{Account: "1405", Amount: cny(-400)}, {Account: "6301", Amount: cny(400)}},
		StockLost:     {{Account: "1405", Amount: cny(-400)}, {Account: "6711", Amount: cny(400)}},
		StockReturned: {{Account: "1405", Amount: cny(-400)}, {Account: "6401", Amount: cny(400)}},
		// Goods changing entity at cost; Value (negative: the goods left) reverses a pair.
		StockTransferredOut: {{Account: "1221", Amount: cny(400)}, {Account: "1405", Amount: cny(-400)}},
		StockTransferredIn:  {{Account: "1405", Amount: cny(400)}, {Account: "2241", Amount: cny(-400)}},
		StockSupplied:       {{Account: "1221", Amount: cny(400)}, {Account: "1405", Amount: cny(-400)}},
		OrderCostSupplied:   {{Account: "6401", Amount: cny(400)}, {Account: "2241", Amount: cny(-400)}},
		StockTakenBack:      {{Account: "1405", Amount: cny(-400)}, {Account: "1221", Amount: cny(400)}},
		OrderCostReturned:   {{Account: "2241", Amount: cny(-400)}, {Account: "6401", Amount: cny(400)}},
	}
	if len(want) != len(Rules) {
		t.Fatalf("%d rules, %d expectations: a rule was added without a test", len(Rules), len(want))
	}
	for event, ps := range want {
		got, err := Postings(DefaultMap(1), event, f)
		if err != nil {
			t.Fatalf("%s: %v", event, err)
		}
		if len(got.Postings) != len(ps) || got.MapVersion != 0 {
			t.Fatalf("%s: %+v, want %+v", event, got, ps)
		}
		for i, p := range got.Postings {
			if p.Account != ps[i].Account || p.Amount != ps[i].Amount || p.Dims != dims {
				t.Errorf("%s line %d = %+v, want %+v with the event's dimensions", event, i, p, ps[i])
			}
		}
		req := ledger.Request{SourceKey: "k", Postings: got.Postings}
		if err := req.Validate(); err != nil {
			t.Errorf("%s does not balance: %v", event, err)
		}
	}
}

func TestRules_ZeroLinesAreLeftOut(t *testing.T) {
	got, err := Postings(DefaultMap(1), OrderShipped, Facts{Total: cny(1000), Net: cny(1000), Tax: cny(0)})
	if err != nil || len(got.Postings) != 2 {
		t.Fatalf("a shipped order without VAT = %+v, %v; want advance and revenue only", got.Postings, err)
	}
}

func TestMap_ChannelAccountsAndVersions(t *testing.T) {
	m, err := Complete(2, []MapEntry{{Role: Receivable, Channel: "tmall", Account: "1122.01"}, {Role: Receivable, Channel: "jd", Account: "1122.02"},
		{Role: Revenue, Account: "6001.01"}})
	if err != nil {
		t.Fatal(err)
	}
	m.Version = 3
	for _, c := range []struct {
		role    Role
		channel string
		want    string
	}{{Receivable, "tmall", "1122.01"}, {Receivable, "jd", "1122.02"}, {Receivable, "web", "1122"}, {Receivable, "", "1122"},
		{Revenue, "tmall", "6001.01"}, {Advance, "jd", "2203"}} {
		if got, err := m.Account(c.role, c.channel); err != nil || got != c.want {
			t.Errorf("Account(%s, %q) = %s, %v; want %s", c.role, c.channel, got, err, c.want)
		}
	}
	got, err := Postings(m, OrderPaid, Facts{Total: cny(5), Dims: ledger.Dims{Channel: "jd"}})
	if err != nil || got.MapVersion != 3 || got.Postings[0].Account != "1122.02" {
		t.Fatalf("a jd payment with map version 3 = %+v, %v", got, err)
	}
	if codes := Codes(Receivable, DefaultMap(1), m); len(codes) != 3 {
		t.Fatalf("receivable codes = %v, want 1122, 1122.01, 1122.02", codes)
	}
}

func TestComplete_RefusesBadEntries(t *testing.T) {
	for _, c := range []struct {
		entries []MapEntry
		code    string
		field   string
	}{
		{[]MapEntry{{Role: "bank", Account: "1002"}}, "role_invalid", "accounts[0].role"},
		{[]MapEntry{{Role: Receivable, Account: "11"}}, "account_code_invalid", "accounts[0].account"},
		{[]MapEntry{{Role: Receivable, Channel: "jd", Account: "1122.02"}, {Role: Receivable, Channel: "jd", Account: "1122.03"}}, "map_entry_duplicate", "accounts[1]"},
	} {
		_, err := Complete(1, c.entries)
		fe, _ := err.(*fault.Error)
		if fe == nil || fe.Code != c.code || fe.Field != c.field {
			t.Errorf("Complete(%+v) = %v, want %s on %s", c.entries, err, c.code, c.field)
		}
	}
}

// A map saved before the inter-company roles existed posts them to the
// default accounts, as roles left out when saving do.
func TestMap_SavedBeforeARoleExisted(t *testing.T) {
	old := Map{Entity: 2, Version: 1, Accounts: []MapEntry{{Role: Inventory, Account: "1405.01"}}}
	got, err := Postings(old, StockTransferredIn, Facts{Cost: cny(400)})
	if err != nil || got.Postings[0].Account != "1405.01" || got.Postings[1].Account != "2241" || got.MapVersion != 1 {
		t.Fatalf("transfer in with a map lacking intercompany_payable = %+v, %v; want 1405.01 and the default 2241", got, err)
	}
	if _, err := (Map{Entity: 2}).Account(InterCompanyPayable, ""); err == nil {
		t.Fatal("an empty unsaved map named an account")
	}
}
