package httpapi

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzOrderJSON feeds arbitrary bodies through the decoding and pricing an
// ingested order goes through before it reaches the database: nothing may
// panic, and every line that prices splits its total exactly into net and
// tax.
func FuzzOrderJSON(f *testing.F) {
	f.Add(fmt.Sprintf(orderBody, 1, "paid"))
	f.Add(`{"channel":"web","lines":[{"quantity":-1,"unit_price":{"amount":"1e9","currency":"CNY"}}]}`)
	f.Add(`{"discount":{"amount":"99999999999999999.99","currency":"CNY"},"currency":"CNY","lines":[]}`)
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest("POST", "/api/v1/orders", strings.NewReader(body))
		var in orderIn
		if err := decodeJSON(httptest.NewRecorder(), r, &in); err != nil {
			return
		}
		ord := in.input([]byte(body)).Order
		if err := ord.Price(); err != nil {
			return
		}
		for i, l := range ord.Lines {
			if l.Net.Minor()+l.Tax.Minor() != l.Total.Minor() || l.Total.Sign() < 0 {
				t.Fatalf("line %d priced to net %s + tax %s != total %s", i, l.Net, l.Tax, l.Total)
			}
		}
	})
}
