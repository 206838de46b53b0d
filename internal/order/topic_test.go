package order

import (
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"strconv"
	"testing"
)

var dotted = regexp.MustCompile(`^[a-z]+\.[a-z_]+$`)

// TestTopics_TheTableListsEveryTopic keeps Topics() and the constants of
// topic.go the same set, each dotted.
func TestTopics_TheTableListsEveryTopic(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "topic.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	declared := 0
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			v := spec.(*ast.ValueSpec)
			if id, ok := v.Type.(*ast.Ident); !ok || id.Name != "Topic" {
				continue
			}
			name, _ := strconv.Unquote(v.Values[0].(*ast.BasicLit).Value)
			declared++
			if !Topic(name).Known() {
				t.Errorf("%s = %q is not in Topics()", v.Names[0].Name, name)
			}
			if !dotted.MatchString(name) {
				t.Errorf("%q is not a dotted topic (domain.what_happened)", name)
			}
		}
	}
	if declared != len(Topics()) {
		t.Errorf("topic.go declares %d topics, Topics() lists %d", declared, len(Topics()))
	}
}
