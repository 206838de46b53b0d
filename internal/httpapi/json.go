package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"reflect"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
)

// maxBody bounds a request body; larger bodies are refused, not truncated.
const maxBody = 1 << 20

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// decodeJSON reads one JSON object into v, refusing unknown fields, trailing
// data, oversized bodies, text that breaks the text rule, repeated keys and
// values outside the limits openapi.json states for the route, with an
// Invalid error that names the field and says what to fix.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if err := checkContentType(r); err != nil {
		return err
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		return bodyError(err, nil)
	}
	return decodeBody(raw, requestRules[r.Pattern], v)
}

// checkContentType refuses a body that says it is not JSON.
func checkContentType(r *http.Request) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return fault.New(fault.Invalid, "content_type", "send Content-Type: application/json, not %q", ct)
	}
	return nil
}

// decodeBody checks raw against rules, then decodes it into v.
func decodeBody(raw []byte, rules fieldRules, v any) error {
	if err := checkBody(raw, rules); err != nil {
		return bodyError(err, nil)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return bodyError(err, indexBody(raw))
	}
	return nil
}

// bodyError turns a read or decode error into an Invalid one that names the
// field where idx can tell it.
func bodyError(err error, idx *bodyIndex) error {
	var tooBig *http.MaxBytesError
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooBig):
		return fault.New(fault.Invalid, "body_too_large", "the body is larger than %d bytes", maxBody)
	case errors.Is(err, os.ErrDeadlineExceeded):
		return fault.New(fault.Invalid, "body_timeout", "the body did not arrive within the server's read timeout; send it whole and promptly")
	case errors.Is(err, io.EOF):
		return fault.New(fault.Invalid, "body_missing", "the request needs a JSON body")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fault.New(fault.Invalid, "body_invalid", "the JSON body ends too early; send one whole JSON object")
	case errors.As(err, &syntax):
		return fault.New(fault.Invalid, "body_invalid", "malformed JSON at byte %d: %s", syntax.Offset, strings.TrimPrefix(err.Error(), "json: "))
	case errors.As(err, &typ):
		return typeError(typ, idx)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return fault.Invalidf(name, "body_invalid", "unknown field %q; see /api/v1/openapi.json for the fields", name)
	}
	var fe *fault.Error
	var pe *money.ParseError
	var te *time.ParseError
	switch {
	case errors.As(err, &fe):
		return fe
	case errors.As(err, &pe):
		field := idx.fieldOf(pe.Input)
		if field == "" {
			return fault.New(fault.Invalid, "amount_invalid", "%v", pe)
		}
		return fault.Invalidf(field, "amount_invalid", "field %q: %v", field, pe)
	case errors.As(err, &te):
		field, what := idx.fieldOf(strings.Trim(te.Value, `"`)), "the time "+te.Value
		if field != "" {
			what = fmt.Sprintf("field %q", field)
		}
		return fault.Invalidf(field, "body_invalid", "%s must be an RFC 3339 time such as 2026-11-11T00:00:01+08:00", what)
	}
	return fault.New(fault.Invalid, "body_invalid", "%v", err)
}

// typeError says, in plain words, what the field must be and what was sent.
func typeError(typ *json.UnmarshalTypeError, idx *bodyIndex) error {
	// The offset is the value's end in the body, unless a type's own
	// UnmarshalJSON decoded it apart; then only typ.Field is right.
	field := idx.fieldAt(typ.Offset)
	if withoutIndexes(field) != typ.Field {
		field = typ.Field
	}
	want := kindName(typ.Type)
	if isInteger(typ.Type) {
		if n, ok := strings.CutPrefix(typ.Value, "number "); ok && !strings.ContainsAny(n, ".eE") {
			lo, hi := intRange(typ.Type)
			return fault.Invalidf(field, limitCode(field), "field %q is %s; it must be an integer from %d to %d", field, n, lo, hi)
		}
	}
	if field == "" {
		return fault.New(fault.Invalid, "body_invalid", "the body must be %s, not %s", want, valueName(typ.Value))
	}
	return fault.Invalidf(field, "body_invalid", "field %q must be %s, not %s", field, want, valueName(typ.Value))
}

// withoutIndexes turns lines[0].quantity into lines.quantity, as
// encoding/json names fields.
func withoutIndexes(path string) string {
	var b strings.Builder
	depth := 0
	for _, c := range path {
		switch {
		case c == '[':
			depth++
		case c == ']':
			depth--
		case depth == 0:
			b.WriteRune(c)
		}
	}
	return b.String()
}

func kindName(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case isInteger(t):
		return "an integer"
	}
	switch t.Kind() {
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "another kind of value"
}

func isInteger(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

func intRange(t reflect.Type) (lo int64, hi uint64) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	bits := t.Bits()
	if t.Kind() >= reflect.Uint && t.Kind() <= reflect.Uint64 {
		return 0, math.MaxUint64 >> (64 - bits)
	}
	return math.MinInt64 >> (64 - bits), math.MaxInt64 >> (64 - bits)
}

// valueName names the JSON value encoding/json describes as "string",
// "number 1.5", "object", "array" or "bool".
func valueName(v string) string {
	switch {
	case v == "bool":
		return "true or false"
	case strings.HasPrefix(v, "number "):
		return "the number " + strings.TrimPrefix(v, "number ")
	}
	return "a JSON " + v
}
