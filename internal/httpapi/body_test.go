package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/text"
)

func TestDecodeBody_MessagesSayWhatToFix(t *testing.T) {
	rules := requestRules["POST /api/v1/orders"]
	cases := []struct{ body, field, message string }{
		{`{"lines":[{"quantity":"2"}]}`, "lines[0].quantity", `field "lines[0].quantity" must be an integer, not a JSON string`},
		{`{"lines":[{},{"quantity":1.5}]}`, "lines[1].quantity", `field "lines[1].quantity" must be an integer, not the number 1.5`},
		{`{"version":true}`, "version", `field "version" must be an integer, not true or false`},
		{`{"lines":"x"}`, "lines", `field "lines" must be an array, not a JSON string`},
		{`{"contact":[]}`, "contact", `field "contact" must be an object, not a JSON array`},
		{`{"channel":7}`, "channel", `field "channel" must be a string, not a JSON number`},
		{`{"created_at":"2026-11-11 00:00:01"}`, "created_at",
			`field "created_at" must be an RFC 3339 time such as 2026-11-11T00:00:01+08:00, not "2026-11-11 00:00:01"`},
		{`{"lines":[{"unit_price":{"amount":"1,00","currency":"CNY"}}]}`, "lines[0].unit_price.amount", `field "lines[0].unit_price.amount": money: cannot parse "1,00"`},
		{`{"version":99999999999999999999}`, "version", `field "version" is 99999999999999999999; it must be an integer from -9223372036854775808 to 9223372036854775807`},
		{`{"nope":1}`, "nope", `unknown field "nope"; see /api/v1/openapi.json for the fields`},
		{`{"channel":"web"`, "", `the JSON body ends too early; send one whole JSON object`},
		{`{"channel":"web"} {}`, "", `the body must hold exactly one JSON value`},
		{``, "", `the request needs a JSON body`},
	}
	for _, c := range cases {
		t.Run(c.body, func(t *testing.T) {
			var in orderIn
			var fe *fault.Error
			if err := decodeBody([]byte(c.body), rules, &in); !errors.As(err, &fe) || fe.Kind != fault.Invalid ||
				fe.Field != c.field || !strings.HasPrefix(fe.Message, c.message) {
				t.Fatalf("got %#v\nwant field %q, message %q", fe, c.field, c.message)
			}
		})
	}
}

func TestDecodeBody_ATypeDecodedApartIsNamedByItsField(t *testing.T) {
	var in skuPatch
	var fe *fault.Error
	err := decodeBody([]byte(`{"weight_g":"x"}`), requestRules["PATCH /api/v1/skus/{code}"], &in)
	if !errors.As(err, &fe) || fe.Field != "weight_g" || fe.Message != `field "weight_g" must be an integer, not a JSON string` {
		t.Fatalf("got %#v", fe)
	}
}

func TestDecodeBody_TimeWithoutARuleStillNamesTheField(t *testing.T) {
	var in orderIn
	var fe *fault.Error
	err := decodeBody([]byte(`{"paid_at":"yesterday"}`), nil, &in)
	if !errors.As(err, &fe) || fe.Field != "paid_at" || fe.Message != `field "paid_at" must be an RFC 3339 time such as 2026-11-11T00:00:01+08:00` {
		t.Fatalf("got %#v", fe)
	}
}

// TestOpenAPIStatesTheBoundsCodeKeeps ties the document's bounds to the
// constants the domain and the importers check, so neither drifts alone.
func TestOpenAPIStatesTheBoundsCodeKeeps(t *testing.T) {
	cases := []struct {
		route, field string
		got          func(rule) string
		want         int64
	}{
		{"POST /api/v1/orders", "channel", maxLen, order.MaxChannelLen},
		{"PUT /api/v1/listings", "channel", maxLen, order.MaxChannelLen},
		{"POST /api/v1/orders", "lines[].quantity", maximum, order.MaxQuantity},
		{"POST /api/v1/stock/receipts", "quantity", maximum, order.MaxQuantity},
		{"POST /api/v1/stock/adjustments", "quantity", maximum, order.MaxQuantity},
		{"POST /api/v1/stock/transfers", "quantity", maximum, order.MaxQuantity},
		{"POST /api/v1/stock/returns", "quantity", maximum, order.MaxQuantity},
		{"PUT /api/v1/stock/safety", "quantity", maximum, inventory.MaxQuantity},
		{"POST /api/v1/ledger/entries", "postings", func(r rule) string { return itoa(int64(r.maxItems)) }, ledger.MaxPostings},
	}
	for _, c := range cases {
		if got := c.got(requestRules[c.route][c.field]); got != itoa(c.want) {
			t.Errorf("openapi.json: %s %s bound is %s, code keeps %d", c.route, c.field, got, c.want)
		}
	}
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Name   string `json:"name"`
				Schema struct {
					MaxLength int `json:"maxLength"`
				} `json:"schema"`
			} `json:"parameters"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatal(err)
	}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			for _, p := range op.Parameters {
				if p.Name == "Idempotency-Key" && p.Schema.MaxLength != maxIdempotencyKey {
					t.Errorf("openapi.json: %s %s: Idempotency-Key maxLength %d, code keeps %d", method, path, p.Schema.MaxLength, maxIdempotencyKey)
				}
			}
		}
	}
}

func maxLen(r rule) string { return itoa(int64(r.maxLength)) }

func maximum(r rule) string {
	if r.maximum == nil {
		return "none"
	}
	return r.maximum.RatString()
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// FuzzCheckBody: whatever the walk lets through is one valid JSON value
// whose every string, as decoded, follows the text rule.
func FuzzCheckBody(f *testing.F) {
	f.Add(fmt.Sprintf(orderBody, 1, "paid"))
	f.Add(`{"a":"\u0000","a":1}`)
	f.Add("{\"a\":\"\xc1\xfa\"}")
	f.Add(`{"a":["\ud800\udc00","\ud800"],"b":{"c":1e400}}`)
	f.Fuzz(func(t *testing.T, body string) {
		if err := checkBody([]byte(body), requestRules["POST /api/v1/orders"]); err != nil {
			return
		}
		var v any
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			t.Fatalf("walk accepted %q, which does not decode: %v", body, err)
		}
		var walk func(any)
		walk = func(v any) {
			switch v := v.(type) {
			case string:
				if !text.Valid(v) || (strings.ContainsRune(v, utf8.RuneError) && !strings.Contains(body, "\uFFFD") && !strings.Contains(strings.ToLower(body), `\ufffd`)) {
					t.Fatalf("walk accepted %q, which decodes to %q", body, v)
				}
			case []any:
				for _, e := range v {
					walk(e)
				}
			case map[string]any:
				for k, e := range v {
					walk(k)
					walk(e)
				}
			}
		}
		walk(v)
	})
}
