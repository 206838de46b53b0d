package httpapi

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/httpapi/apitest"
	"github.com/getkin/kin-openapi/openapi3"
)

func mustLoad(t *testing.T) *apitest.Contract {
	t.Helper()
	c, err := apitest.Load(openAPIDoc)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestContract_CatchesDrift proves the check passes a valid answer and
// fails on each kind of drift.
func TestContract_CatchesDrift(t *testing.T) {
	c := mustLoad(t)
	get := httptest.NewRequest("GET", "/api/v1/ledger/entries/1", nil)
	hdr := http.Header{"Content-Type": {"application/json; charset=utf-8"}}
	const entry = `{"id":1,"entity":1,"seq":1,"map_version":0,"source_key":"api:k","description":"d","effective_at":"2026-11-11T10:00:00+08:00",
		"posted_at":"2026-11-11T10:00:00+08:00","reverses":null,"postings":[],"prev_hash":"","hash":"ab"}`
	cases := []struct {
		name   string
		req    *http.Request
		body   string
		status int
		answer string
		drift  bool
	}{
		{"a valid answer", get, "", 200, entry, false},
		{"a field of the wrong type", get, "", 200, strings.Replace(entry, `"id":1`, `"id":"one"`, 1), true},
		{"a time that is not one", get, "", 200, strings.Replace(entry, `"2026-11-11T10:00:00+08:00"`, `"yesterday"`, 1), true},
		{"an undeclared field", get, "", 200, strings.Replace(entry, `"id":1`, `"id":1,"secret":"x"`, 1), true},
		{"a missing field", get, "", 200, strings.Replace(entry, `,"hash":"ab"`, ``, 1), true},
		{"an undocumented status", get, "", 418, `{"error":{"code":"teapot","message":"x"}}`, true},
		{"an error without its code", get, "", 404, `{"error":{"message":"x"}}`, true},
		{"a request body of the wrong type", httptest.NewRequest("PUT", "/api/v1/stock/safety", nil), `{"sku":1}`, 200,
			`{"sku":"A","quantity":1,"updated_at":"2026-11-11T10:00:00+08:00"}`, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.req.Header.Set("Content-Type", "application/json")
			got := c.Problems(tc.req, []byte(tc.body), tc.status, hdr, []byte(tc.answer))
			if drift := len(got) > 0; drift != tc.drift {
				t.Errorf("%s: problems %q, want drift %v", tc.answer, got, tc.drift)
			}
		})
	}
}

// TestOpenAPIDocument_EveryRouteResolves proves the document is valid
// OpenAPI and that every route in the table documents answers whose schemas
// all resolve, with the errors the middleware can give.
func TestOpenAPIDocument_EveryRouteResolves(t *testing.T) {
	c := mustLoad(t)
	for _, rt := range New(Deps{}).routes() {
		item := c.Doc.Paths.Value(rt.path)
		var op *openapi3.Operation
		if item != nil {
			op = item.GetOperation(rt.method)
		}
		if op == nil || op.Responses.Len() == 0 {
			t.Errorf("%s: no documented operation with answers", rt.pattern())
			continue
		}
		if op.RequestBody != nil {
			for mime, mt := range op.RequestBody.Value.Content {
				resolved(t, rt.pattern()+" request "+mime, mt.Schema, map[*openapi3.Schema]bool{})
			}
		}
		for status, resp := range op.Responses.Map() {
			where := rt.pattern() + " " + status
			if resp.Value == nil {
				t.Errorf("%s: the answer does not resolve (%s)", where, resp.Ref)
				continue
			}
			for mime, mt := range resp.Value.Content {
				resolved(t, where+" "+mime, mt.Schema, map[*openapi3.Schema]bool{})
			}
		}
		var want []string
		if !rt.public {
			want = append(want, "401", "403")
		}
		if op.RequestBody != nil {
			want = append(want, "400") // decodeJSON refuses a malformed body
		}
		for _, status := range want {
			if op.Responses.Value(status) == nil {
				t.Errorf("%s: does not document the %s the server can answer", rt.pattern(), status)
			}
		}
	}
}

// resolved fails the test when ref, or any schema below it, is missing or
// does not resolve.
func resolved(t *testing.T, where string, ref *openapi3.SchemaRef, seen map[*openapi3.Schema]bool) {
	t.Helper()
	if ref == nil || ref.Value == nil {
		t.Errorf("%s: a schema does not resolve (%v)", where, ref)
		return
	}
	s := ref.Value
	if seen[s] {
		return
	}
	seen[s] = true
	var subs []*openapi3.SchemaRef
	subs = append(subs, s.AllOf...)
	subs = append(subs, s.OneOf...)
	subs = append(subs, s.AnyOf...)
	for _, p := range s.Properties {
		subs = append(subs, p)
	}
	for _, sub := range []*openapi3.SchemaRef{s.Items, s.Not, s.AdditionalProperties.Schema} {
		if sub != nil {
			subs = append(subs, sub)
		}
	}
	for _, sub := range subs {
		resolved(t, where, sub, seen)
	}
}
