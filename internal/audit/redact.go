package audit

import (
	"bytes"
	"encoding/json"
	"strings"
)

// Redacted replaces every value the log must never hold.
const Redacted = "[redacted]"

// sensitive are the keys (compared case-insensitively) whose values are
// secrets or a buyer's personal data, at any depth. The log is append-only
// and cannot forget, so a buyer's erasure (ADR 0041) could not reach
// anything kept here: buyer ids and contacts stay out of it too.
var sensitive = map[string]bool{
	"password": true, "current_password": true, "new_password": true,
	"secret": true, "secrets": true, "token": true, "value": true,
	"access_token": true, "refresh_token": true, "app_secret": true, "webhook_secret": true,
	"csrf_token": true, "authorization": true, "cookie": true,
	"contact": true, "receiver": true, "buyer": true, "buyer_id": true, "buyer_ref": true,
	"phone": true, "mobile": true, "email": true, "address": true,
	"province": true, "city": true, "district": true, "detail": true,
}

// Sensitive reports whether a value under key is kept out of the log.
func Sensitive(key string) bool { return sensitive[strings.ToLower(key)] }

// Redact returns v (decoded JSON: maps, slices, strings, json.Number…) with
// the value of every sensitive key replaced by Redacted.
func Redact(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			if Sensitive(k) {
				out[k] = Redacted
			} else {
				out[k] = Redact(val)
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = Redact(val)
		}
		return out
	default:
		return v
	}
}

// RedactJSON decodes raw, redacts it and encodes it again (object keys
// sorted, numbers as written). ok is false when raw is not JSON.
func RedactJSON(raw []byte) (out any, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return nil, false
	}
	return Redact(v), true
}

// RedactValue turns any Go value into its redacted JSON form, through its
// JSON encoding, so that before/after states are redacted as bodies are.
func RedactValue(v any) any {
	raw, err := json.Marshal(v)
	if err != nil {
		return map[string]any{"unencodable": err.Error()}
	}
	out, _ := RedactJSON(raw)
	return out
}
