package terms_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement/terms"
)

func TestContract_ValidateNamesTheField(t *testing.T) {
	ok := terms.Contract{Shop: "s", CycleDays: 14, FeeRates: map[string]money.Rate{}}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid contract: %v", err)
	}
	cases := map[string]func(*terms.Contract){
		"shop":                func(c *terms.Contract) { c.Shop = "" },
		"cycle_days":          func(c *terms.Contract) { c.CycleDays = 91 },
		"grace_days":          func(c *terms.Contract) { c.GraceDays = -1 },
		"fee_tolerance_minor": func(c *terms.Contract) { c.FeeTolerance = -1 },
		"fee_rates":           func(c *terms.Contract) { c.FeeRates = map[string]money.Rate{" ": money.MustRate("0.01")} },
		"known_fees[1]":       func(c *terms.Contract) { c.KnownFees = []string{"a", ""} },
	}
	for field, break_ := range cases {
		c := ok
		break_(&c)
		var fe *fault.Error
		if err := c.Validate(); !errors.As(err, &fe) || fe.Kind != fault.Invalid || fe.Field != field {
			t.Errorf("breaking %s: %v, want Invalid naming %s", field, err, field)
		}
	}
}

func TestDefaultContract_IsFlaggedAndPerPlatform(t *testing.T) {
	amz := terms.DefaultContract("a1", "amazon")
	if !amz.Default || amz.CycleDays != 14 || amz.Commission.String() != "0.15" || amz.Validate() != nil {
		t.Fatalf("amazon default %+v", amz)
	}
	if sh := terms.DefaultContract("s1", "shopify"); sh.CycleDays != 2 || !sh.Default {
		t.Fatalf("shopify default %+v", sh)
	}
	if other := terms.DefaultContract("w", "web"); other.CycleDays != 7 || other.Validate() != nil {
		t.Fatalf("fallback %+v", other)
	}
}

func TestParseCSV_LongForm(t *testing.T) {
	in := "\ufeffdate,from,to,rate,source\n2026-11-30,usd,CNY,7.1234,pboc\n\n2026-11-29,EUR,CNY,7.70,\n"
	rates, err := terms.ParseCSV([]byte(in), terms.CSVOptions{})
	if err != nil || len(rates) != 2 {
		t.Fatalf("%+v %v", rates, err)
	}
	if r := rates[0]; r.From != "USD" || r.To != "CNY" || r.Rate != "7.1234" || r.Source != "pboc" || r.Date != "2026-11-30" {
		t.Fatalf("row 2 %+v", r)
	}
	if rates[1].Source != "csv" {
		t.Fatalf("an empty source cell takes the default: %+v", rates[1])
	}
}

func TestParseCSV_WideFormNeedsItsBase(t *testing.T) {
	data, err := os.ReadFile("testdata/ecb-wide.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := terms.ParseCSV(data, terms.CSVOptions{}); fault.KindOf(err) != fault.Invalid || !strings.Contains(err.Error(), "--base") {
		t.Fatalf("no base = %v", err)
	}
	rates, err := terms.ParseCSV(data, terms.CSVOptions{Base: "EUR", Source: "ecb"})
	if err != nil || len(rates) != 6 {
		t.Fatalf("%d rates %+v %v", len(rates), rates, err)
	}
	if r := rates[2]; r.From != "EUR" || r.To != "CNY" || r.Rate != "7.5321" || r.Source != "ecb" {
		t.Fatalf("EUR→CNY %+v", r)
	}
}

func TestParseCSV_BadCellNamesRowAndColumn(t *testing.T) {
	cases := map[string]string{
		"date,from,to,rate\n2026-11-30,USD,CNY,-1\n":                 "row 2: rate",
		"date,from,to,rate\n2026-11-30,USD,CNY,7\n30/11,USD,CNY,7\n": "row 3: date",
		"date,from,to,rate\n2026-11-30,USD,XX,7\n":                   "row 2: to",
		"date,from,rate\n": "row 1",
		"":                 "file",
	}
	for in, field := range cases {
		var fe *fault.Error
		if _, err := terms.ParseCSV([]byte(in), terms.CSVOptions{}); !errors.As(err, &fe) || fe.Field != field {
			t.Errorf("%q: %v, want Invalid at %q", in, err, field)
		}
	}
}

// rates is a RateReader over a slice.
type rates []terms.FXRate

func (rs rates) Latest(_ context.Context, from, to money.Currency, earliest, latest string) (terms.FXRate, bool, error) {
	var best terms.FXRate
	ok := false
	for _, r := range rs {
		if r.From == from && r.To == to && r.Date >= earliest && r.Date <= latest && (!ok || r.Date > best.Date) {
			best, ok = r, true
		}
	}
	return best, ok, nil
}

func TestLookup_DayCarryInverseAndMissing(t *testing.T) {
	rd := rates{{From: "CNY", To: "USD", Date: "2026-11-30", Rate: "0.1408"}, {From: "USD", To: "CNY", Date: "2026-11-27", Rate: "7.2"}}
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	fx := terms.Lookup(context.Background(), rd, shanghai)
	// 2026-11-29 17:00 UTC is the 30th in Shanghai: the inverse of that day's
	// CNY→USD beats Friday's USD→CNY.
	r, err := fx("USD", "CNY", time.Date(2026, 11, 29, 17, 0, 0, 0, time.UTC))
	if err != nil || r.String() != "7.1022727273" {
		t.Fatalf("inverse of 0.1408 = %v %v, want 7.1022727273 (10 places, half up)", r, err)
	}
	r, err = fx("USD", "CNY", time.Date(2026, 11, 28, 12, 0, 0, 0, shanghai))
	if err != nil || r.String() != "7.2" {
		t.Fatalf("carried = %v %v", r, err)
	}
	r, err = fx("USD", "USD", time.Now())
	if err != nil || r.String() != "1" {
		t.Fatalf("same currency = %v %v", r, err)
	}
	_, err = fx("USD", "JPY", time.Date(2026, 11, 30, 0, 0, 0, 0, shanghai))
	if fault.KindOf(err) != fault.NotFound || !strings.Contains(err.Error(), "USD→JPY") || !strings.Contains(err.Error(), "2026-11-30") {
		t.Fatalf("missing = %v, want NotFound naming the pair and day", err)
	}
}
