package money_test

import (
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/money"
)

func TestCurrency_Exponent(t *testing.T) {
	want := map[int]string{
		0: "JPY KRW VND CLP ISK",
		2: "CNY HKD TWD MOP USD EUR GBP SGD MYR THB IDR PHP AUD NZD CAD MXN BRL CHF " +
			"SEK NOK DKK PLN CZK HUF RUB TRY AED SAR INR ILS ZAR COP PEN",
		3: "KWD BHD OMR JOD TND LYD IQD",
		4: "CLF",
	}
	for exp, codes := range want {
		for _, code := range strings.Fields(codes) {
			c := money.Currency(code)
			if !c.Valid() {
				t.Errorf("%s: Valid() = false, want true", code)
			}
			if got := c.Exponent(); got != exp {
				t.Errorf("%s: Exponent() = %d, want %d", code, got, exp)
			}
		}
	}
}

func TestParseCurrency(t *testing.T) {
	t.Run("known code is returned unchanged", func(t *testing.T) {
		c, err := money.ParseCurrency("CNY")
		if err != nil || c != "CNY" {
			t.Fatalf("ParseCurrency(CNY) = %q, %v", c, err)
		}
	})
	rejects := []struct{ in, want string }{
		{"cny", `send "CNY"`},
		{"XYZ", `"XYZ"`},
		{"", `""`},
		{"CNY ", `"CNY "`},
		{"XAU", `"XAU"`}, // gold is not a price currency
	}
	for _, tc := range rejects {
		t.Run("rejects "+tc.in, func(t *testing.T) {
			_, err := money.ParseCurrency(tc.in)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("ParseCurrency(%q) error = %v, want it to mention %s", tc.in, err, tc.want)
			}
		})
	}
	t.Run("unknown code is not valid and has exponent 0", func(t *testing.T) {
		if c := money.Currency("XYZ"); c.Valid() || c.Exponent() != 0 {
			t.Fatalf("XYZ: Valid=%v Exponent=%d", c.Valid(), c.Exponent())
		}
	})
}
