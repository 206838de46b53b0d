package httpapi

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

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
// data and oversized bodies with an Invalid error that says what to fix.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return fault.New(fault.Invalid, "content_type", "send Content-Type: application/json, not %q", ct)
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return bodyError(err)
	}
	if dec.More() {
		return fault.New(fault.Invalid, "body_invalid", "the body must hold exactly one JSON object")
	}
	return nil
}

func bodyError(err error) error {
	var tooBig *http.MaxBytesError
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooBig):
		return fault.New(fault.Invalid, "body_too_large", "the body is larger than %d bytes", maxBody)
	case errors.Is(err, io.EOF):
		return fault.New(fault.Invalid, "body_missing", "the request needs a JSON body")
	case errors.As(err, &syntax):
		return fault.New(fault.Invalid, "body_invalid", "malformed JSON at byte %d: %v", syntax.Offset, err)
	case errors.As(err, &typ):
		return fault.Invalidf(typ.Field, "body_invalid", "field %q must be a %s, not a JSON %s", typ.Field, typ.Type, typ.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		return fault.New(fault.Invalid, "body_invalid", "%s; see /api/v1/openapi.json for the fields", strings.TrimPrefix(err.Error(), "json: "))
	}
	var fe *fault.Error
	var pe *money.ParseError
	switch {
	case errors.As(err, &fe):
		return fe
	case errors.As(err, &pe):
		return fault.New(fault.Invalid, "amount_invalid", "%v", pe)
	}
	return fault.New(fault.Invalid, "body_invalid", "%v", err)
}
