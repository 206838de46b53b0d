package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// contract is the OpenAPI document a test server serves, ready to check
// every request a test makes and every answer it gets (ADR 17).
type contract struct {
	doc    *openapi3.T
	router routers.Router
}

// loadContract parses and validates an OpenAPI document.
func loadContract(t *testing.T, raw []byte) *contract {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(raw)
	if err != nil {
		t.Fatalf("openapi.json does not load: %v", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		t.Fatalf("openapi.json is not valid OpenAPI: %v", err)
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	return &contract{doc: doc, router: router}
}

// servedContract fetches the document from the running server.
func servedContract(t *testing.T, baseURL string) *contract {
	t.Helper()
	resp, err := http.Get(baseURL + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/openapi.json = %d %v", resp.StatusCode, err)
	}
	return loadContract(t, raw)
}

// check fails the test when the answer, or the request, breaks the
// document, naming method, path, status and the validator's message.
func (c *contract) check(t *testing.T, req *http.Request, reqBody []byte, resp *http.Response, respBody []byte) {
	t.Helper()
	for _, p := range c.problems(req, reqBody, resp.StatusCode, resp.Header, respBody) {
		t.Errorf("openapi: %s %s → %d: %s", req.Method, req.URL.RequestURI(), resp.StatusCode, p)
	}
}

// problems lists how a request and its answer break the document.
// Requests the server refused as malformed (400) or for want of a valid
// token (401) are sent that way on purpose by the tests, so only their
// answers are checked.
func (c *contract) problems(req *http.Request, reqBody []byte, status int, header http.Header, respBody []byte) []string {
	route, params, err := c.findRoute(req)
	if err != nil {
		if status == http.StatusNotFound {
			return nil // an unknown route, answered as one
		}
		return []string{"no documented route: " + err.Error()}
	}
	var out []string
	in := &openapi3filter.RequestValidationInput{
		Request: cloneWithBody(req, reqBody), PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true},
	}
	ctx := context.Background()
	if status != http.StatusBadRequest && status != http.StatusUnauthorized {
		if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
			out = append(out, "the request breaks the document: "+err.Error())
		}
	}
	answer := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: status, Header: header, Options: in.Options}
	answer.SetBodyBytes(respBody)
	if err := openapi3filter.ValidateResponse(ctx, answer); err != nil {
		out = append(out, "the answer breaks the document: "+err.Error())
	}
	return append(out, undocumentedFields(route, status, header, respBody)...)
}

// undocumentedFields names every field of a JSON answer its schema does not
// declare. The validator lets them through (a schema allows additional
// properties unless it says otherwise), yet a field the document does not
// name is one a client cannot rely on, or one the code leaks.
func undocumentedFields(route *routers.Route, status int, header http.Header, body []byte) []string {
	ref := route.Operation.Responses.Status(status)
	if ref == nil {
		ref = route.Operation.Responses.Default()
	}
	if ref == nil || ref.Value == nil {
		return nil
	}
	if len(body) > 0 && len(ref.Value.Content) == 0 {
		return []string{"the answer has a " + header.Get("Content-Type") + " body, which the document does not declare"}
	}
	if !strings.HasPrefix(header.Get("Content-Type"), "application/json") {
		return nil
	}
	mt := ref.Value.Content.Get(header.Get("Content-Type"))
	var v any
	if mt == nil || mt.Schema == nil || json.Unmarshal(body, &v) != nil {
		return nil
	}
	var out []string
	walkDeclared(mt.Schema, v, "$", func(path string) {
		out = append(out, "the answer has "+path+", which the document does not declare")
	})
	return out
}

// walkDeclared calls undeclared for every object member of v that schema
// (with its allOf, oneOf and anyOf parts) does not name.
func walkDeclared(ref *openapi3.SchemaRef, v any, path string, undeclared func(string)) {
	if ref == nil || ref.Value == nil {
		return
	}
	parts := []*openapi3.Schema{ref.Value}
	for _, group := range []openapi3.SchemaRefs{ref.Value.AllOf, ref.Value.OneOf, ref.Value.AnyOf} {
		for _, p := range group {
			if p.Value != nil {
				parts = append(parts, p.Value)
			}
		}
	}
	switch v := v.(type) {
	case map[string]any:
		for _, name := range slices.Sorted(maps.Keys(v)) {
			sub, declared, open := memberSchema(parts, name)
			if !declared && !open {
				undeclared(path + "." + name)
			}
			walkDeclared(sub, v[name], path+"."+name, undeclared)
		}
	case []any:
		for _, p := range parts {
			for i, item := range v {
				walkDeclared(p.Items, item, fmt.Sprintf("%s[%d]", path, i), undeclared)
			}
		}
	}
}

// memberSchema finds the schema of one member among the parts of an object
// schema. open says the parts allow members they do not name: none of them
// names any property, or one allows additional properties explicitly.
func memberSchema(parts []*openapi3.Schema, name string) (sub *openapi3.SchemaRef, declared, open bool) {
	named := false
	for _, p := range parts {
		if s, ok := p.Properties[name]; ok {
			return s, true, false
		}
		named = named || len(p.Properties) > 0
		if ap := p.AdditionalProperties; ap.Schema != nil {
			return ap.Schema, false, true
		} else if ap.Has != nil && *ap.Has {
			open = true
		}
	}
	return nil, false, open || !named
}

// findRoute matches the escaped path, as the server's mux does, so a
// percent-encoded '/' stays inside its segment (SKU "TEA/250" is
// /api/v1/skus/TEA%2F250); the path parameters come back unescaped.
func (c *contract) findRoute(req *http.Request) (*routers.Route, map[string]string, error) {
	escaped := req.Clone(context.Background())
	escaped.URL.Path, escaped.URL.RawPath = req.URL.EscapedPath(), ""
	route, params, err := c.router.FindRoute(escaped)
	if err != nil {
		return nil, nil, err
	}
	for k, v := range params {
		if params[k], err = url.PathUnescape(v); err != nil {
			return nil, nil, err
		}
	}
	return route, params, nil
}

func cloneWithBody(req *http.Request, body []byte) *http.Request {
	r := req.Clone(context.Background())
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	return r
}
