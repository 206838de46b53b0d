package httpapi

import (
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fnshub/fnshub/internal/fault"
)

// The limits of request bodies live in one place: openapi.json. Each
// route's request schema is read once into rules by field path ("lines[]"
// for any element of lines), and every body is held to them before it is
// decoded, so the document cannot promise a bound the code does not keep
// (docs/adr/0014-input-edge.md).

// rule is what the document says of one field.
type rule struct {
	maxLength int      // in characters, as JSON Schema counts; 0: none
	maxItems  int      // 0: none
	minimum   *big.Rat // nil: none
	maximum   *big.Rat
	dateTime  bool // format date-time: an RFC 3339 time
}

// fieldRules maps a field path to its rule.
type fieldRules map[string]rule

// requestRules maps "METHOD /path" to the rules of its body; routes without
// a JSON body have none.
var requestRules = mustRequestRules(openAPIDoc)

type schema struct {
	Ref        string             `json:"$ref"`
	Properties map[string]*schema `json:"properties"`
	Items      *schema            `json:"items"`
	AllOf      []*schema          `json:"allOf"`
	OneOf      []*schema          `json:"oneOf"`
	AnyOf      []*schema          `json:"anyOf"`
	MaxLength  int                `json:"maxLength"`
	MaxItems   int                `json:"maxItems"`
	Minimum    *json.Number       `json:"minimum"`
	Maximum    *json.Number       `json:"maximum"`
	Format     string             `json:"format"`
	ReadOnly   bool               `json:"readOnly"`
}

type document struct {
	Components struct {
		Schemas map[string]*schema `json:"schemas"`
	} `json:"components"`
	Paths map[string]map[string]struct {
		RequestBody struct {
			Content map[string]struct {
				Schema *schema `json:"schema"`
			} `json:"content"`
		} `json:"requestBody"`
	} `json:"paths"`
}

func mustRequestRules(doc []byte) map[string]fieldRules {
	var d document
	if err := json.Unmarshal(doc, &d); err != nil {
		panic(fmt.Sprintf("httpapi: openapi.json: %v", err)) // embedded; TestOpenAPIMatchesRoutes reads it too
	}
	out := map[string]fieldRules{}
	for path, ops := range d.Paths {
		for method, op := range ops {
			body := op.RequestBody.Content["application/json"].Schema
			if body == nil {
				continue
			}
			rules := fieldRules{}
			collect(d.Components.Schemas, body, "", rules, 0)
			out[strings.ToUpper(method)+" "+path] = rules
		}
	}
	return out
}

// collect adds the rules of s, at field path at, to rules.
func collect(defs map[string]*schema, s *schema, at string, rules fieldRules, depth int) {
	if s == nil || depth > 32 {
		return
	}
	if name, ok := strings.CutPrefix(s.Ref, "#/components/schemas/"); ok {
		collect(defs, defs[name], at, rules, depth+1)
	}
	for _, sub := range append(append(append([]*schema(nil), s.AllOf...), s.OneOf...), s.AnyOf...) {
		collect(defs, sub, at, rules, depth+1)
	}
	r := rules[at]
	r.maxLength = max(r.maxLength, s.MaxLength)
	r.maxItems = max(r.maxItems, s.MaxItems)
	if s.Minimum != nil {
		r.minimum, _ = new(big.Rat).SetString(s.Minimum.String())
	}
	if s.Maximum != nil {
		r.maximum, _ = new(big.Rat).SetString(s.Maximum.String())
	}
	r.dateTime = r.dateTime || (s.Format == "date-time" && !s.ReadOnly)
	if r != (rule{}) {
		rules[at] = r
	}
	for name, p := range s.Properties {
		collect(defs, p, join(at, name), rules, depth+1)
	}
	collect(defs, s.Items, at+"[]", rules, depth+1)
}

func join(at, name string) string {
	if at == "" {
		return name
	}
	return at + "." + name
}

// limitCode is the code of a value outside its field's limits:
// "quantity_invalid", as the domain names its own checks.
func limitCode(field string) string {
	name := field[strings.LastIndexByte(field, '.')+1:]
	if i := strings.IndexByte(name, '['); i >= 0 {
		name = name[:i]
	}
	return name + "_invalid"
}

func (r rule) checkString(field, s string) error {
	if n := utf8.RuneCountInString(s); r.maxLength > 0 && n > r.maxLength {
		return fault.Invalidf(field, limitCode(field), "field %q is %d characters long; the most is %d", field, n, r.maxLength)
	}
	if r.dateTime {
		if _, err := time.Parse(time.RFC3339, s); err != nil {
			return fault.Invalidf(field, limitCode(field),
				"field %q must be an RFC 3339 time such as 2026-11-11T00:00:01+08:00, not %q", field, s)
		}
	}
	return nil
}

func (r rule) checkNumber(field string, n json.Number) error {
	if r.minimum == nil && r.maximum == nil {
		return nil
	}
	v, ok := new(big.Rat).SetString(n.String())
	if !ok {
		return nil // not a JSON number the decoder will take either; it says so
	}
	switch {
	case r.minimum != nil && r.maximum != nil && (v.Cmp(r.minimum) < 0 || v.Cmp(r.maximum) > 0):
		return fault.Invalidf(field, limitCode(field), "field %q is %s; it must be from %s to %s", field, n, r.minimum.RatString(), r.maximum.RatString())
	case r.maximum != nil && v.Cmp(r.maximum) > 0:
		return fault.Invalidf(field, limitCode(field), "field %q is %s; the most is %s", field, n, r.maximum.RatString())
	case r.minimum != nil && v.Cmp(r.minimum) < 0:
		return fault.Invalidf(field, limitCode(field), "field %q is %s; the least is %s", field, n, r.minimum.RatString())
	}
	return nil
}
