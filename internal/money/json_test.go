package money_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/money"
)

type line struct {
	Price    money.Amount `json:"price"`
	Discount money.Amount `json:"discount"`
	VAT      money.Rate   `json:"vat"`
}

func TestAmount_JSON_roundTrip(t *testing.T) {
	in := line{
		Price:    money.New(1234, "CNY"),
		Discount: money.New(-1005, "KWD"),
		VAT:      money.MustRate("13%"),
	}
	data, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"price":{"amount":"12.34","currency":"CNY"},` +
		`"discount":{"amount":"-1.005","currency":"KWD"},"vat":"0.13"}`
	if string(data) != want {
		t.Fatalf("Marshal = %s\nwant      %s", data, want)
	}
	var out line
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	if out.Price != in.Price || out.Discount != in.Discount || out.VAT.String() != "0.13" {
		t.Fatalf("round trip changed the value: %+v", out)
	}
}

func TestAmount_MarshalJSON_rejectsUnknownCurrency(t *testing.T) {
	if data, err := json.Marshal(money.Amount{}); err == nil {
		t.Fatalf("Marshal(zero Amount) = %s, want an error", data)
	}
}

func TestAmount_UnmarshalJSON_isStrict(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"number amount", `{"amount":12.34,"currency":"CNY"}`, `amounts are strings, e.g. "12.34"`},
		{"null amount", `{"amount":null,"currency":"CNY"}`, "amount"},
		{"missing amount", `{"currency":"CNY"}`, `"amount" is required`},
		{"missing currency", `{"amount":"12.34"}`, `"currency" is required`},
		{"null currency", `{"amount":"12.34","currency":null}`, `"currency" is required`},
		{"numeric currency", `{"amount":"12.34","currency":156}`, "currency"},
		{"unknown currency", `{"amount":"12.34","currency":"XYZ"}`, `unknown currency "XYZ"`},
		{"lower-case currency", `{"amount":"12.34","currency":"cny"}`, `send "CNY"`},
		{"thousands separator", `{"amount":"1,234.56","currency":"CNY"}`, "remove the thousands separator: send 1234.56"},
		{"too many places", `{"amount":"12.345","currency":"CNY"}`, "CNY has 2 decimal places"},
		{"unknown field", `{"amount":"12.34","currency":"CNY","amout":"1"}`, "unknown field"},
		{"bare string", `"12.34"`, "want an object"},
		{"bare number", `12.34`, "want an object"},
		{"null", `null`, "want an object"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var a money.Amount
			err := json.Unmarshal([]byte(tc.in), &a)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Unmarshal(%s) = %v, %v; want an error mentioning %q", tc.in, a, err, tc.want)
			}
		})
	}
	t.Run("a bad amount surfaces the ParseError", func(t *testing.T) {
		var l line
		err := json.Unmarshal([]byte(`{"price":{"amount":"1e3","currency":"CNY"}}`), &l)
		var pe *money.ParseError
		if !errors.As(err, &pe) || pe.Input != "1e3" {
			t.Fatalf("err = %v, want a *ParseError for 1e3", err)
		}
	})
}

func TestRate_UnmarshalJSON(t *testing.T) {
	var r money.Rate
	if err := json.Unmarshal([]byte(`"9%"`), &r); err != nil || r.String() != "0.09" {
		t.Fatalf(`Unmarshal("9%%") = %s, %v`, r, err)
	}
	for in, want := range map[string]string{
		`0.13`:  `rates are strings, e.g. "0.13"`,
		`null`:  `rates are strings`,
		`"1.5"`: "below 1",
		`"-1%"`: "negative",
	} {
		if err := json.Unmarshal([]byte(in), &r); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Unmarshal(%s) error = %v, want it to mention %q", in, err, want)
		}
	}
}
