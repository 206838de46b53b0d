// Package apitest checks HTTP calls against fnshub's OpenAPI document: the
// requests a test sends, and the answers it gets (ADR 17). Tests only; the
// binary does not import it.
package apitest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// Contract is an OpenAPI document, ready to check every request a test
// makes and every answer it gets.
type Contract struct {
	Doc    *openapi3.T
	router routers.Router
}

// Load parses an OpenAPI document and checks that it is valid OpenAPI.
func Load(raw []byte) (*Contract, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(raw)
	if err != nil {
		return nil, fmt.Errorf("openapi.json does not load: %w", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("openapi.json is not valid OpenAPI: %w", err)
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("openapi.json: %w", err)
	}
	return &Contract{Doc: doc, router: router}, nil
}

// Served fetches the document a running server serves, and loads it.
func Served(t testing.TB, client *http.Client, baseURL string) *Contract {
	t.Helper()
	resp, err := client.Get(baseURL + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/openapi.json = %d %v", resp.StatusCode, err)
	}
	c, err := Load(raw)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Check fails the test when the answer, or the request, breaks the
// document, naming method, path, status and the validator's message.
func (c *Contract) Check(t testing.TB, req *http.Request, reqBody []byte, status int, header http.Header, respBody []byte) {
	t.Helper()
	for _, p := range c.Problems(req, reqBody, status, header, respBody) {
		t.Errorf("openapi: %s %s → %d: %s", req.Method, req.URL.RequestURI(), status, p)
	}
}

// Problems lists how a request and its answer break the document.
// Requests the server refused before acting on them — as malformed (400),
// for want of a valid token (401) or of the role (403) — are sent that way
// on purpose by the tests, often incomplete, so only their answers are
// checked.
func (c *Contract) Problems(req *http.Request, reqBody []byte, status int, header http.Header, respBody []byte) []string {
	route, params, err := c.findRoute(req)
	if err != nil {
		switch status {
		case http.StatusNotFound:
			return nil // an unknown route, answered as one
		case http.StatusMethodNotAllowed:
			if header.Get("Allow") == "" || !strings.Contains(string(respBody), `"error"`) {
				return []string{"a 405 without an Allow header or an error body"}
			}
			return nil // a known path with a method it lacks: there is no operation to check against
		}
		return []string{"no documented route: " + err.Error()}
	}
	var out []string
	in := &openapi3filter.RequestValidationInput{
		Request: cloneWithBody(req, reqBody), PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true},
	}
	ctx := context.Background()
	if status != http.StatusBadRequest && status != http.StatusUnauthorized && status != http.StatusForbidden {
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

// findRoute matches the escaped path, as the server's mux does, so a
// percent-encoded '/' stays inside its segment (SKU "TEA/250" is
// /api/v1/skus/TEA%2F250); the path parameters come back unescaped.
func (c *Contract) findRoute(req *http.Request) (*routers.Route, map[string]string, error) {
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
