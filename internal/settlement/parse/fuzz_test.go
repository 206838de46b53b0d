package parse

import (
	"errors"
	"testing"

	"github.com/fnshub/fnshub/internal/settlement"
)

// fuzzFormat seeds a fuzz target with the format's golden files and checks
// that no input panics, that a failure is a ParseError, and that a success
// gives only valid lines. Keys need not be unique here: a file may repeat a
// transaction (overlapping pages), which storage reports as a duplicate.
func fuzzFormat(f *testing.F, format string, seeds ...string) {
	for _, g := range goldenFiles {
		if g.format == format {
			f.Add(readTestdata(f, g.file))
		}
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := parseWith(t, format, data)
		if err != nil {
			var pe *settlement.ParseError
			if !errors.As(err, &pe) || pe.Row < 1 || pe.Reason == "" {
				t.Fatalf("a failure that is not a located ParseError: %v", err)
			}
			return
		}
		for _, l := range r.lines {
			if !l.Kind.Valid() || !l.Amount.Currency().Valid() || l.Key == "" || l.PayoutRef == "" || l.Row < 1 {
				t.Fatalf("an invalid line: %+v", l)
			}
		}
		for _, p := range r.payouts {
			if p.Ref == "" || !p.Currency.Valid() {
				t.Fatalf("an invalid payout: %+v", p)
			}
		}
	})
}

func FuzzAmazonV2(f *testing.F) {
	fuzzFormat(f, "amazon-v2", "", "settlement-id\tamount\n", "\x1f\x8b\x08\x00")
}

func FuzzShopifyPayments(f *testing.F) {
	fuzzFormat(f, "shopify-payments", "", "{}", `{"transactions":[{"id":1,"type":"charge","currency":"USD","amount":"1.00","fee":"0.10","net":"0.90"}]}{"payouts":[]}`)
}

func FuzzPayPalSTL(f *testing.F) {
	fuzzFormat(f, "paypal-stl", "", `"RH"`+"\n"+`"FC",0`+"\n", `"SH",2026/03/01,,"A",""`+"\n"+`"SC",0`+"\n"+`"FC",0`)
}
