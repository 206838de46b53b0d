package money

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// amountJSON is the wire form, {"amount":"12.34","currency":"CNY"}. The
// amount is a string because most JSON readers turn numbers into binary
// floats, which cannot hold 0.1 exactly.
type amountJSON struct {
	Amount   string   `json:"amount"`
	Currency Currency `json:"currency"`
}

// MarshalJSON writes {"amount":"12.34","currency":"CNY"}. It refuses an
// amount in an unknown currency (including the zero Amount), because the
// result could never be read back.
func (a Amount) MarshalJSON() ([]byte, error) {
	if !a.cur.Valid() {
		return nil, fmt.Errorf("money: encode amount: unknown currency %q", string(a.cur))
	}
	return json.Marshal(amountJSON{Amount: a.String(), Currency: a.cur})
}

// UnmarshalJSON reads the form MarshalJSON writes and nothing looser: the
// object must have exactly the fields "amount" (a JSON string obeying Parse)
// and "currency" (a known code). JSON null is an error rather than the usual
// no-op, so a missing price cannot silently become zero; use *Amount for
// optional fields. A bad amount returns the *ParseError from Parse.
func (a *Amount) UnmarshalJSON(data []byte) error {
	var raw rawAmount
	if err := decodeStrict(data, &raw); err != nil {
		return err
	}
	text, code, err := raw.fields()
	if err != nil {
		return err
	}
	// These errors already name the package and the bad value.
	parsed, err := decodeValue(text, code)
	if err != nil {
		return err
	}
	*a = parsed
	return nil
}

// rawAmount keeps the amount undecoded so that a JSON number can be told
// apart from a string and refused with a specific message.
type rawAmount struct {
	Amount   json.RawMessage `json:"amount"`
	Currency *string         `json:"currency"`
}

// fields checks presence and JSON types, returning the amount text and code.
func (raw rawAmount) fields() (string, string, error) {
	switch {
	case len(raw.Amount) == 0:
		return "", "", errors.New(`money: decode amount: "amount" is required`)
	case raw.Amount[0] != '"':
		return "", "", errors.New(`money: decode amount: amounts are strings, e.g. "12.34"`)
	case raw.Currency == nil:
		return "", "", errors.New(`money: decode amount: "currency" is required`)
	}
	var text string
	if err := json.Unmarshal(raw.Amount, &text); err != nil {
		return "", "", fmt.Errorf("money: decode amount: %w", err)
	}
	return text, *raw.Currency, nil
}

// decodeStrict decodes one JSON object, rejecting anything else and any
// unknown field, so a typo like "ammount" is reported instead of ignored.
func decodeStrict(data []byte, v any) error {
	if trimmed := bytes.TrimSpace(data); len(trimmed) == 0 || trimmed[0] != '{' {
		return errors.New(`money: decode amount: want an object such as {"amount":"12.34","currency":"CNY"}`)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("money: decode amount: %w", err)
	}
	return nil
}

func decodeValue(text, code string) (Amount, error) {
	cur, err := ParseCurrency(code)
	if err != nil {
		return Amount{}, err
	}
	return Parse(text, cur)
}
