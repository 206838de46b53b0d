package erp

import (
	"errors"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
)

var shanghai = time.FixedZone("CST", 8*3600)

func cny(minor int64) money.Amount { return money.New(minor, "CNY") }

// sampleEntries are two entries of entity 2: a Tmall sale with VAT and a
// receipt of its cash, the second effective at 23:30 UTC on 30 Nov, which
// is 1 Dec in Shanghai.
func sampleEntries() []ledger.Entry {
	tmall := ledger.Dims{Shop: "T1", Channel: "tmall", Source: ledger.Source{Kind: ledger.SourceOrder, ID: "O-1001"}}
	return []ledger.Entry{
		{ID: ledger.EntryID(2, 7), Entity: 2, Description: "Order O-1001 shipped",
			EffectiveAt: time.Date(2026, 11, 3, 2, 0, 0, 0, time.UTC),
			Postings: []ledger.Posting{
				{Account: "1122", Amount: cny(11300), Dims: tmall},
				{Account: "6001", Amount: cny(-10000), Dims: tmall},
				{Account: "2221", Amount: cny(-1300), Dims: tmall},
			}},
		{ID: ledger.EntryID(2, 8), Entity: 2, Description: "Alipay payout",
			EffectiveAt: time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC),
			Postings: []ledger.Posting{
				{Account: "1002", Amount: cny(11300)},
				{Account: "1122", Amount: cny(-11300), Dims: ledger.Dims{Shop: "T1", Channel: "tmall"}},
			}},
	}
}

func sampleMap() Map {
	return Map{ERP: Kingdee, Version: 3, Entries: []MapEntry{
		{Hub: "1002", Account: "1002.01"},
		{Hub: "1122", Account: "1122"},
		{Hub: "1122", Channel: "tmall", Account: "1122.02", Aux: map[string]string{"FFLEX6": "CUST-TMALL"}},
		{Hub: "1122", Channel: "tmall", Shop: "T9", Account: "1122.09"},
		{Hub: "2221", Account: "2221.01.05"},
		{Hub: "6001", Account: "6001", Aux: map[string]string{"FFLEX5": "D01"}},
	}}
}

func TestBuild_OneVoucherPerEntryOneLinePerPostingMostSpecificMapping(t *testing.T) {
	vs, err := Build(sampleEntries(), sampleMap(), shanghai)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 {
		t.Fatalf("%d vouchers, want 2", len(vs))
	}
	v := vs[0]
	if v.ID != "FNS-2-"+itoa(ledger.EntryID(2, 7)) || v.Entity != 2 || v.MappingVersion != 3 || v.Currency != "CNY" || v.Period != "2026-11" {
		t.Fatalf("voucher header %+v", v)
	}
	if got := []string{v.Lines[0].Account, v.Lines[1].Account, v.Lines[2].Account}; strings.Join(got, ",") != "1122.02,6001,2221.01.05" {
		t.Fatalf("accounts %v", got)
	}
	if v.Lines[0].Aux["FFLEX6"] != "CUST-TMALL" || v.Lines[0].Dims.Source.ID != "O-1001" || v.Lines[0].HubAccount != "1122" {
		t.Fatalf("line 0 lost its aux or dims: %+v", v.Lines[0])
	}
	if v.Lines[1].Credit != cny(10000) || !v.Lines[1].Debit.IsZero() {
		t.Fatalf("a negative posting must be a credit: %+v", v.Lines[1])
	}
	if vs[1].Period != "2026-12" || vs[1].Date.Day() != 1 {
		t.Fatalf("a voucher is dated in the entity's zone: %v %s", vs[1].Date, vs[1].Period)
	}
}

func TestBuild_UnmappedAccountsAreAllListedAndNothingIsBuilt(t *testing.T) {
	m := sampleMap()
	m.Entries = m.Entries[1:4] // 1122 only
	vs, err := Build(sampleEntries(), m, shanghai)
	if vs != nil {
		t.Fatalf("built %d vouchers despite unmapped accounts", len(vs))
	}
	var fe *fault.Error
	if !errors.As(err, &fe) || fe.Code != CodeUnmapped || fe.Field != "account_map" {
		t.Fatalf("error %v, want Invalid %s", err, CodeUnmapped)
	}
	for _, want := range []string{"1002", "2221 (channel tmall, shop T1)", "6001 (channel tmall, shop T1)", "PUT /api/v1/erp/kingdee/account-map"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
}

func TestBuild_RefusesAnEntryInTwoCurrencies(t *testing.T) {
	e := ledger.Entry{ID: 1, Entity: 1, Postings: []ledger.Posting{
		{Account: "1002", Amount: cny(1)}, {Account: "1002", Amount: cny(-1)},
		{Account: "1002", Amount: money.New(1, "USD")}, {Account: "1002", Amount: money.New(-1, "USD")}}}
	_, err := Build([]ledger.Entry{e}, Map{ERP: CSV, Entries: []MapEntry{{Hub: "1002", Account: "1002"}}}, time.UTC)
	if fault.KindOf(err) != fault.Invalid {
		t.Fatalf("error %v, want Invalid", err)
	}
}

// TestBuild_EveryVoucherBalances: whatever balanced entries the ledger
// holds, every voucher's debits equal its credits and it has a line per
// posting.
func TestBuild_EveryVoucherBalances(t *testing.T) {
	accounts := []string{"1002", "1122", "2221", "6001", "6601"}
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 20).Draw(t, "entries")
		var es []ledger.Entry
		for i := range n {
			k := rapid.IntRange(1, 8).Draw(t, "debits")
			var ps []ledger.Posting
			var total int64
			for range k {
				a := rapid.Int64Range(1, 1e12).Draw(t, "amount")
				total += a
				ps = append(ps, ledger.Posting{Account: rapid.SampledFrom(accounts).Draw(t, "account"), Amount: cny(a),
					Dims: ledger.Dims{Channel: rapid.SampledFrom([]string{"", "tmall", "jd"}).Draw(t, "channel")}})
			}
			// Credits split the total at random cut points.
			c := rapid.IntRange(1, 5).Draw(t, "credits")
			rest := total
			for j := range c {
				part := rest
				if j < c-1 && rest > 1 {
					part = rapid.Int64Range(1, rest-1).Draw(t, "part")
				}
				if part == 0 {
					break
				}
				rest -= part
				ps = append(ps, ledger.Posting{Account: rapid.SampledFrom(accounts).Draw(t, "account"), Amount: cny(-part)})
			}
			es = append(es, ledger.Entry{ID: int64(i + 1), Entity: 1, EffectiveAt: time.Unix(int64(i)*86400, 0), Postings: ps})
		}
		m := Map{ERP: Kingdee, Version: 1}
		for _, a := range accounts {
			m.Entries = append(m.Entries, MapEntry{Hub: a, Account: "K" + a}, MapEntry{Hub: a, Channel: "tmall", Account: "T" + a})
		}
		vs, err := Build(es, m, shanghai)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range vs {
			if !v.Balanced() || len(v.Lines) != len(es[i].Postings) {
				t.Fatalf("voucher %s: balanced %v, %d lines for %d postings", v.ID, v.Balanced(), len(v.Lines), len(es[i].Postings))
			}
			for _, l := range v.Lines {
				if l.Debit.Sign() < 0 || l.Credit.Sign() < 0 || (l.Debit.IsZero() == l.Credit.IsZero()) {
					t.Fatalf("line %+v: exactly one of debit and credit is positive", l)
				}
			}
		}
	})
}

func TestValidateEntries(t *testing.T) {
	for name, tc := range map[string]struct {
		entries []MapEntry
		field   string
	}{
		"empty":        {nil, "entries"},
		"bad hub":      {[]MapEntry{{Hub: "11", Account: "1122"}}, "entries[0].hub"},
		"bad erp code": {[]MapEntry{{Hub: "1122", Account: "11'22"}}, "entries[0].account"},
		"bad aux name": {[]MapEntry{{Hub: "1122", Account: "1122", Aux: map[string]string{"1x": "a"}}}, "entries[0].aux"},
		"bad aux code": {[]MapEntry{{Hub: "1122", Account: "1122", Aux: map[string]string{"FFLEX5": "a,b"}}}, "entries[0].aux.FFLEX5"},
		"duplicate":    {[]MapEntry{{Hub: "1122", Account: "1"}, {Hub: "1122", Account: "2"}}, "entries[1]"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ValidateEntries(tc.entries)
			var fe *fault.Error
			if !errors.As(err, &fe) || fe.Field != tc.field {
				t.Fatalf("error %v, want Invalid on %s", err, tc.field)
			}
		})
	}
	out, err := ValidateEntries([]MapEntry{{Hub: "6001", Account: "6001"}, {Hub: "1122", Channel: "jd", Account: "1"}, {Hub: "1122", Account: "2"}})
	if err != nil || out[0].Channel != "" || out[1].Channel != "jd" || out[2].Hub != "6001" {
		t.Fatalf("sorted %+v, %v", out, err)
	}
}

func TestParsePeriod(t *testing.T) {
	p, err := ParsePeriod("2026-02", shanghai)
	if err != nil || p.String() != "2026-02" || !p.End().Equal(time.Date(2026, 3, 1, 0, 0, 0, 0, shanghai)) {
		t.Fatalf("%v %v", p, err)
	}
	for _, bad := range []string{"", "2026-2", "2026-13", "26-01", "2026-01-01"} {
		if _, err := ParsePeriod(bad, time.UTC); fault.KindOf(err) != fault.Invalid {
			t.Errorf("ParsePeriod(%q) = %v, want Invalid", bad, err)
		}
	}
}

func itoa(n int64) string { return money.New(n, "JPY").String() }
