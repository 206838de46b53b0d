package parse

import (
	"slices"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement"
)

func TestParseDecimal_LocaleForms(t *testing.T) {
	for _, tc := range []struct {
		in   string
		cur  money.Currency
		want int64 // minor units; -1 << 62 for an error
	}{
		{"29.99", "GBP", 2999}, {"-4.50", "GBP", -450}, {"95,00", "EUR", 9500}, {"-4,59", "EUR", -459},
		{"1.234,56", "EUR", 123456}, {"1,234.56", "USD", 123456}, {"1.234.567,8", "EUR", 123456780},
		{"1,155", "JPY", 1155}, {"-1,155", "JPY", -1155}, {"12,345,678", "JPY", 12345678}, {"15000", "JPY", 15000},
		{"1,234", "KWD", 1234}, {"0,5", "EUR", 50}, {"12.345", "USD", -1 << 62}, {"abc", "EUR", -1 << 62},
		{"", "EUR", -1 << 62}, {"1,2,3", "EUR", -1 << 62}, {"1.5", "JPY", -1 << 62},
	} {
		got, err := parseDecimal(tc.in, tc.cur)
		if tc.want == -1<<62 {
			if err == nil {
				t.Errorf("%q %s: want an error, got %s", tc.in, tc.cur, got.Format())
			}
			continue
		}
		if err != nil || got.Minor() != tc.want || got.Currency() != tc.cur {
			t.Errorf("%q %s: got %v %v, want %d", tc.in, tc.cur, got.Format(), err, tc.want)
		}
	}
}

func TestParseTime_Shapes(t *testing.T) {
	utc := func(s string) time.Time { v, _ := time.Parse(time.RFC3339Nano, s); return v }
	tokyo := time.FixedZone("JST", 9*3600)
	for _, tc := range []struct {
		in         string
		loc        *time.Location
		monthFirst bool
		want       string // "" for an error
	}{
		{"2026-03-02T14:23:00+00:00", time.UTC, false, "2026-03-02T14:23:00Z"},
		{"2026-03-02T14:23:00Z", time.UTC, false, "2026-03-02T14:23:00Z"},
		{"2026-03-02T14:23:00.250-05:00", time.UTC, false, "2026-03-02T19:23:00.25Z"},
		{"2026-03-02 14:23:00 UTC", time.UTC, false, "2026-03-02T14:23:00Z"},
		{"2026-03-02 14:23:00 JST", time.UTC, false, "2026-03-02T05:23:00Z"},
		{"02.03.2026", time.UTC, false, "2026-03-02T00:00:00Z"},
		{"02.03.2026 14:23:00 UTC", time.UTC, false, "2026-03-02T14:23:00Z"},
		{"2026/08/20 00:01:17 -0700", time.UTC, false, "2026-08-20T07:01:17Z"},
		{"2026-03-02", tokyo, false, "2026-03-01T15:00:00Z"},
		{"2026-03-02 14:23", time.UTC, false, "2026-03-02T14:23:00Z"},
		{"03/02/2026", time.UTC, true, "2026-03-02T00:00:00Z"},
		{"03/02/2026", time.UTC, false, "2026-02-03T00:00:00Z"},
		{"25/02/2026", time.UTC, true, "2026-02-25T00:00:00Z"},
		{"02/25/2026", time.UTC, false, "2026-02-25T00:00:00Z"},
		{"2026-02-29", time.UTC, false, ""}, {"2028-02-29", time.UTC, false, "2028-02-29T00:00:00Z"},
		{"2026-03-02 24:00:00 UTC", time.UTC, false, ""}, {"2026-03-02 14:23:00 CST", time.UTC, false, ""},
		{"2026-03-02T14:23:00+0x:00", time.UTC, false, ""}, {"2026-03-02X", time.UTC, false, ""},
		{"March 2", time.UTC, false, ""}, {"", time.UTC, false, ""}, {"2026-3-2", time.UTC, false, ""},
	} {
		got, ok := parseTime(tc.in, tc.loc, tc.monthFirst)
		if tc.want == "" {
			if ok {
				t.Errorf("%q: want an error, got %v", tc.in, got)
			}
			continue
		}
		if !ok || !got.Equal(utc(tc.want)) || got.Location() != time.UTC {
			t.Errorf("%q: got %v %v, want %s", tc.in, got, ok, tc.want)
		}
	}
}

func TestSplitCSV_Quoting(t *testing.T) {
	for _, tc := range []struct {
		in       string
		want     []string
		complete bool
	}{
		{`"SB","a,b",,3000,"x""y"`, []string{"SB", "a,b", "", "3000", `x"y`}, true},
		{`a,b,`, []string{"a", "b", ""}, true},
		{``, []string{""}, true},
		{`"",""`, []string{"", ""}, true},
		{`"open,`, nil, false},
		{`"a"junk,b`, []string{"a", "b"}, true},
		{`ab"c,d`, []string{`ab"c`, "d"}, true},
	} {
		got, complete := splitCSV(tc.in, nil)
		if complete != tc.complete || (complete && !slices.Equal(got, tc.want)) {
			t.Errorf("%q: got %q %v, want %q %v", tc.in, got, complete, tc.want, tc.complete)
		}
	}
}

func TestAmazonKind_Table(t *testing.T) {
	for _, tc := range []struct {
		tt, at, desc string
		want         settlement.Kind
	}{
		{"Order", "ItemPrice", "Principal", settlement.Sale},
		{"Order", "ItemPrice", "Shipping", settlement.Sale},
		{"Refund", "ItemPrice", "Principal", settlement.Refund},
		{"Chargeback Refund", "ItemPrice", "Principal", settlement.Refund},
		{"Order", "Promotion", "Principal", settlement.Promotion},
		{"Order", "ItemWithheldTax", "MarketplaceFacilitatorTax-Principal", settlement.TaxWithheld},
		{"Order", "ItemFees", "Commission", settlement.Commission},
		{"Refund", "ItemFees", "RefundCommission", settlement.Commission},
		{"Order", "ItemFees", "FBAPerUnitFulfillmentFee", settlement.Fee},
		{"Order", "ItemFees", "FixedClosingFee", settlement.Fee},
		{"ServiceFee", "other-transaction", "Subscription Fee", settlement.Fee},
		{"other-transaction", "other-transaction", "Storage Fee", settlement.Fee},
		{"Order", "ItemFees", "ShippingChargeback", settlement.Shipping},
		{"Shipping label purchase", "other-transaction", "Shipping label purchase", settlement.Shipping},
		{"Cost of Advertising", "Cost of Advertising", "TransactionTotalAmount", settlement.Advertising},
		{"other-transaction", "other-transaction", "Current Reserve Amount", settlement.Reserve},
		{"other-transaction", "FBA Inventory Reimbursement", "WAREHOUSE_DAMAGE", settlement.Adjustment},
		{"Adjustment", "ItemPrice", "Principal", settlement.Adjustment},
		{"Liquidations", "ItemPrice", "Principal", settlement.Other},
		{"", "", "", settlement.Other},
	} {
		if got := amazonKind(tc.tt, tc.at, tc.desc); got != tc.want {
			t.Errorf("%q/%q/%q: got %s, want %s", tc.tt, tc.at, tc.desc, got, tc.want)
		}
	}
}

func TestAmazonOrderID_Shape(t *testing.T) {
	for s, want := range map[string]bool{"206-1234567-8901234": true, "D1FyNyr6b": false, "": false,
		"206-1234567-890123X": false, "2061234567-8901234--": false, "S01-1234567-8901234": false} {
		if amazonOrderID(s) != want {
			t.Errorf("%q: want %v", s, want)
		}
	}
}

func TestPayPalKind_Codes(t *testing.T) {
	for code, want := range map[string]settlement.Kind{"T0000": settlement.Sale, "T0006": settlement.Sale, "T0099": settlement.Sale,
		"T1107": settlement.Refund, "T1201": settlement.Adjustment, "T1202": settlement.Adjustment, "T1105": settlement.Reserve,
		"T1503": settlement.Reserve, "T0400": settlement.Transfer, "T9900": settlement.Other, "T00": settlement.Other} {
		if got := paypalKind(code); got != want {
			t.Errorf("%s: got %s, want %s", code, got, want)
		}
	}
}

// TestPlainDecimal_AgreesWithMoneyParse: the allocation-free route gives
// exactly what money.Parse gives for the same amount, in every currency
// shape, or steps aside.
func TestPlainDecimal_AgreesWithMoneyParse(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		cur := rapid.SampledFrom([]money.Currency{"USD", "EUR", "JPY", "KWD"}).Draw(rt, "cur")
		minor := rapid.Int64Range(-1e14, 1e14).Draw(rt, "minor")
		text := money.New(minor, cur).String()
		if rapid.Bool().Draw(rt, "comma") {
			text = strings.Replace(text, ".", ",", 1)
		}
		got, ok := plainDecimal(text, cur)
		want, err := money.Parse(strings.Replace(text, ",", ".", 1), cur)
		if ok && (err != nil || got != want) {
			rt.Fatalf("%q %s: plain %s, money.Parse %s %v", text, cur, got.Format(), want.Format(), err)
		}
		if via, err := parseDecimal(text, cur); err != nil || via != want {
			rt.Fatalf("%q %s: parseDecimal %s %v, want %s", text, cur, via.Format(), err, want.Format())
		}
	})
	for _, s := range []string{"", "-", "1.", ".5", "1.5", "1,234", "+1.00", "1e5", "0x10", "1.00.00", "１.00"} {
		if a, ok := plainDecimal(s, "USD"); ok {
			t.Errorf("%q read as %s; it must take the money.Parse route", s, a.Format())
		}
	}
}
