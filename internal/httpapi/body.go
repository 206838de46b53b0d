package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/text"
)

// checkBody walks a raw JSON body token by token before it is decoded,
// because encoding/json would silently turn invalid UTF-8 into U+FFFD and
// let a repeated key overwrite the first. It refuses, naming the field by
// its JSON path (lines[0].title):
//   - a string or key that breaks the text rule (internal/text);
//   - a key given twice in one object (case-insensitively, as struct
//     fields are matched);
//   - a value outside the limits openapi.json states (rules).
//
// It returns an index of where each value ends in raw and of the fields
// each string appears in, so that a later decode error, which knows only a
// byte offset or the value, can name the field too.
func checkBody(raw []byte, rules fieldRules) (*bodyIndex, error) {
	w := &walker{dec: json.NewDecoder(bytes.NewReader(raw)), raw: raw, rules: rules,
		idx: &bodyIndex{ends: map[int64]string{}, strings: map[string]string{}}}
	w.dec.UseNumber()
	if err := w.value("", ""); err != nil {
		return nil, err
	}
	if _, err := w.dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fault.New(fault.Invalid, "body_invalid", "the body must hold exactly one JSON value")
	}
	return w.idx, nil
}

// bodyIndex finds a value's field by where it ends or, for a string, by
// its content (the first field holding it).
type bodyIndex struct {
	ends    map[int64]string
	strings map[string]string
}

func (x *bodyIndex) fieldAt(end int64) string {
	if x == nil {
		return ""
	}
	return x.ends[end]
}

func (x *bodyIndex) fieldOf(s string) string {
	if x == nil {
		return ""
	}
	return x.strings[s]
}

type walker struct {
	dec   *json.Decoder
	raw   []byte
	rules fieldRules
	idx   *bodyIndex
}

// value reads one value at field path at; pattern is the path with indexes
// left out, as rules are keyed.
func (w *walker) value(at, pattern string) error {
	start := w.dec.InputOffset()
	tok, err := w.token(at != "")
	if err != nil {
		return err
	}
	end := w.dec.InputOffset()
	w.idx.ends[end] = at
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			return w.object(at, pattern)
		}
		return w.array(at, pattern)
	case string:
		if err := checkString(w.raw[start:end], t); err != nil {
			return fault.Invalidf(fieldName(at), "text_invalid", "field %q %s", fieldName(at), err)
		}
		if _, ok := w.idx.strings[t]; !ok {
			w.idx.strings[t] = at
		}
		return w.rules[pattern].checkString(fieldName(at), t)
	case json.Number:
		return w.rules[pattern].checkNumber(fieldName(at), t)
	}
	return nil
}

func (w *walker) object(at, pattern string) error {
	seen := map[string]string{}
	for w.dec.More() {
		start := w.dec.InputOffset()
		tok, err := w.token(true)
		if err != nil {
			return err
		}
		key, _ := tok.(string) // Token refuses a non-string key as a syntax error
		if err := checkString(w.raw[start:w.dec.InputOffset()], key); err != nil {
			return fault.Invalidf(fieldName(at), "text_invalid", "a key in %s %s", objectName(at), err)
		}
		folded := strings.ToLower(key)
		if first, dup := seen[folded]; dup {
			return fault.Invalidf(join(at, key), "duplicate_key", "key %q appears twice in %s (first as %q); send each field once", key, objectName(at), first)
		}
		seen[folded] = key
		if err := w.value(join(at, key), join(pattern, key)); err != nil {
			return err
		}
	}
	_, err := w.token(true) // '}'
	return err
}

func (w *walker) array(at, pattern string) error {
	n := 0
	for ; w.dec.More(); n++ {
		if r := w.rules[pattern]; r.maxItems > 0 && n == r.maxItems {
			return fault.Invalidf(fieldName(at), limitCode(fieldName(at)), "field %q has more than %d items; the most is %d", fieldName(at), r.maxItems, r.maxItems)
		}
		if err := w.value(fmt.Sprintf("%s[%d]", at, n), pattern+"[]"); err != nil {
			return err
		}
	}
	_, err := w.token(true) // ']'
	return err
}

// token reads the next token; inside a value, the end of the body comes
// too early.
func (w *walker) token(inside bool) (json.Token, error) {
	tok, err := w.dec.Token()
	if inside && errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return tok, err
}

// checkString applies the text rule to a JSON string both as sent (raw,
// which may hold invalid UTF-8) and as decoded (s, which may hold a NUL from
// \u0000, or U+FFFD from an escaped lone surrogate such as \ud800).
func checkString(raw []byte, s string) error {
	var te *text.Error
	if errors.As(text.Check(raw), &te) || errors.As(text.Check(s), &te) {
		return errors.New(te.What())
	}
	if n := strings.Count(s, "\uFFFD"); n > 0 && n > bytes.Count(raw, []byte("\uFFFD"))+bytes.Count(bytes.ToLower(raw), []byte(`\ufffd`)) {
		return errors.New("holds an escaped UTF-16 surrogate without its pair (such as \\ud800); send whole characters")
	}
	return nil
}

func fieldName(at string) string {
	if at == "" {
		return "body"
	}
	return at
}

func objectName(at string) string {
	if at == "" {
		return "the body"
	}
	return fmt.Sprintf("%q", at)
}
