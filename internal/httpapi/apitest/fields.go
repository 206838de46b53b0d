package apitest

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
)

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
