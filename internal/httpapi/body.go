package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/text"
)

// checkBody walks a raw JSON body before it is decoded, because
// encoding/json would silently turn invalid UTF-8 into U+FFFD and let a
// repeated key overwrite the first. It refuses, naming the field by its
// JSON path (lines[0].title):
//   - a body that is not exactly one JSON value;
//   - a string or key that breaks the text rule (internal/text);
//   - a key given twice in one object (case-insensitively, as struct
//     fields are matched);
//   - a value outside the limits openapi.json states (rules).
func checkBody(raw []byte, rules fieldRules) error {
	if !json.Valid(raw) {
		return syntaxError(raw)
	}
	return (&walker{raw: raw, rules: rules}).value("", "")
}

// syntaxError is the decoder's own word on a body json.Valid refused.
func syntaxError(raw []byte) error {
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&v); err != nil {
		return err
	}
	return fault.New(fault.Invalid, "body_invalid", "the body must hold exactly one JSON value")
}

// indexBody records where each value of a body checkBody passed ends, and
// the field each string first appears in, so that a decode error, which
// knows only a byte offset or the value, can name the field. It is made
// only when decoding failed.
func indexBody(raw []byte) *bodyIndex {
	w := &walker{raw: raw, idx: &bodyIndex{ends: map[int64]string{}, strings: map[string]string{}}}
	if !json.Valid(raw) || w.value("", "") != nil {
		return nil
	}
	return w.idx
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

// walker reads a body json.Valid accepted, so it need not check the
// grammar, only what is in it.
type walker struct {
	raw   []byte
	i     int
	rules fieldRules
	idx   *bodyIndex // nil unless indexing
}

// value reads one value at field path at; pattern is the path with indexes
// left out, as rules are keyed.
func (w *walker) value(at, pattern string) error {
	w.space()
	switch w.raw[w.i] {
	case '{':
		w.i++
		w.mark(at)
		return w.object(at, pattern)
	case '[':
		w.i++
		w.mark(at)
		return w.array(at, pattern)
	case '"':
		s, problem := w.str()
		if problem != "" {
			return fault.Invalidf(fieldName(at), "text_invalid", "field %q %s", fieldName(at), problem)
		}
		w.mark(at)
		if w.idx != nil {
			if _, ok := w.idx.strings[s]; !ok {
				w.idx.strings[s] = at
			}
		}
		return w.rules[pattern].checkString(fieldName(at), s)
	}
	start := w.i
	for w.i < len(w.raw) && strings.IndexByte(",]} \t\r\n", w.raw[w.i]) < 0 {
		w.i++
	}
	w.mark(at)
	if c := w.raw[start]; c == '-' || (c >= '0' && c <= '9') {
		return w.rules[pattern].checkNumber(fieldName(at), json.Number(w.raw[start:w.i]))
	}
	return nil // true, false, null
}

func (w *walker) object(at, pattern string) error {
	var seen map[string]string
	for {
		w.space()
		if w.raw[w.i] == '}' {
			w.i++
			return nil
		}
		if w.raw[w.i] == ',' {
			w.i++
			w.space()
		}
		key, problem := w.str()
		if problem != "" {
			return fault.Invalidf(fieldName(at), "text_invalid", "a key in %s %s", objectName(at), problem)
		}
		folded := strings.ToLower(key)
		if first, dup := seen[folded]; dup {
			return fault.Invalidf(join(at, key), "duplicate_key", "key %q appears twice in %s (first as %q); send each field once", key, objectName(at), first)
		}
		if seen == nil {
			seen = map[string]string{}
		}
		seen[folded] = key
		w.space()
		w.i++ // ':'
		if err := w.value(join(at, key), join(pattern, key)); err != nil {
			return err
		}
	}
}

func (w *walker) array(at, pattern string) error {
	r := w.rules[pattern]
	for n := 0; ; n++ {
		w.space()
		if w.raw[w.i] == ']' {
			w.i++
			return nil
		}
		if w.raw[w.i] == ',' {
			w.i++
		}
		if r.maxItems > 0 && n == r.maxItems {
			return fault.Invalidf(fieldName(at), limitCode(fieldName(at)), "field %q has more than %d items; the most is %d", fieldName(at), r.maxItems, r.maxItems)
		}
		if err := w.value(at+"["+strconv.Itoa(n)+"]", pattern+"[]"); err != nil {
			return err
		}
	}
}

// str reads a string at w.i and holds it to the text rule both as sent
// (which may hold invalid UTF-8) and as decoded (which may hold a NUL from
// \u0000, or U+FFFD from an escaped lone surrogate such as \ud800). It
// returns the string, or what is wrong with it.
func (w *walker) str() (s, problem string) {
	start, escaped := w.i, false
	for w.i++; w.raw[w.i] != '"'; w.i++ {
		if w.raw[w.i] == '\\' {
			escaped = true
			w.i++
		}
	}
	w.i++
	raw := w.raw[start:w.i]
	s = string(raw[1 : len(raw)-1])
	if escaped {
		_ = json.Unmarshal(raw, &s) // valid, as json.Valid said
	}
	var te *text.Error
	switch {
	case errors.As(text.Check(raw), &te) || errors.As(text.Check(s), &te):
		return "", te.What()
	case escaped && strings.Count(s, "\uFFFD") > bytes.Count(raw, []byte("\uFFFD"))+bytes.Count(bytes.ToLower(raw), []byte(`\ufffd`)):
		return "", "holds an escaped UTF-16 surrogate without its pair (such as \\ud800); send whole characters"
	}
	return s, ""
}

func (w *walker) space() {
	for w.i < len(w.raw) && strings.IndexByte(" \t\r\n", w.raw[w.i]) >= 0 {
		w.i++
	}
}

// mark records that the value at field path at ends here.
func (w *walker) mark(at string) {
	if w.idx != nil {
		w.idx.ends[int64(w.i)] = at
	}
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
