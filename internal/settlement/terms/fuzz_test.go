package terms_test

import (
	"testing"

	"github.com/fnshub/fnshub/internal/settlement/terms"
)

// FuzzParseCSV: no input panics, and every rate returned is valid.
func FuzzParseCSV(f *testing.F) {
	f.Add([]byte("date,from,to,rate\n2026-11-30,USD,CNY,7.1234\n"), "")
	f.Add([]byte("\ufeffDate,USD,JPY\n2026-11-30,1.04,N/A\n"), "EUR")
	f.Add([]byte("date,from,to,rate,source\n2026-11-30,EUR,USD,1.0e1,\"x\"\"y\"\n"), "")
	f.Add([]byte("date,\"USD\n2026"), "CNY")
	f.Fuzz(func(t *testing.T, data []byte, base string) {
		rates, err := terms.ParseCSV(data, terms.CSVOptions{Base: moneyCurrency(base)})
		if err != nil {
			return
		}
		for i, r := range rates {
			if verr := r.Validate(); verr != nil {
				t.Fatalf("rate %d %+v returned but invalid: %v", i, r, verr)
			}
		}
	})
}
