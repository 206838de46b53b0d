package app_test

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// appFiles parses the package's own (non-test) files.
func appFiles(t *testing.T) (*token.FileSet, map[string]*ast.File) {
	t.Helper()
	names, err := filepath.Glob("*.go")
	must(t, err)
	fset, files := token.NewFileSet(), map[string]*ast.File{}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		must(t, err)
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
		must(t, err)
		files[name] = f
	}
	if len(files) < 5 {
		t.Fatalf("found %d files of package app; is the test running in its directory?", len(files))
	}
	return fset, files
}

// sqlWords are what a string of SQL holds and a message does not.
var sqlWords = regexp.MustCompile(`\b(SELECT|INSERT|UPDATE|DELETE|FROM|WHERE|JOIN|VALUES)\b`)

// TestSeam keeps the transactional seam (ADR 20) from regrowing: package
// app speaks only the domains' stores, so it imports no engine or *db
// package and holds no SQL; and it orders the steps while the domains
// decide, so it never sets an order's status itself nor names an event
// outside order's topic table.
func TestSeam(t *testing.T) {
	fset, files := appFiles(t)
	for name, f := range files {
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if engine(path) || strings.HasPrefix(path, "database/") {
				t.Errorf("%s imports %s: app reaches stores only through Stores (order.TxStore …)", name, path)
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if as, ok := n.(*ast.AssignStmt); ok {
				for _, lhs := range as.Lhs {
					if sel, ok := lhs.(*ast.SelectorExpr); ok && sel.Sel.Name == "Status" {
						t.Errorf("%s: assigns a Status; an order's status changes only through order.Record.MoveTo", fset.Position(sel.Pos()))
					}
				}
			}
			if call, ok := n.(*ast.CallExpr); ok && isEventCall(call) && !namedTopic(call.Args[0]) {
				t.Errorf("%s: an event whose topic is not a constant of order's topic table (order.Topic…)", fset.Position(call.Pos()))
			}
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && sqlWords.MatchString(lit.Value) {
				t.Errorf("%s: a string that looks like SQL: %s; move the query behind a store method", fset.Position(lit.Pos()), lit.Value)
			}
			return true
		})
	}
}

// isEventCall reports a call of work.event, which queues an event.
func isEventCall(call *ast.CallExpr) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "event" && len(call.Args) > 0
}

// namedTopic reports whether e is order.TopicX or order.UndoneTopic(…).
func namedTopic(e ast.Expr) bool {
	if call, ok := e.(*ast.CallExpr); ok {
		e = call.Fun
	}
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && pkg.Name == "order" && (strings.HasPrefix(sel.Sel.Name, "Topic") || sel.Sel.Name == "UndoneTopic")
}

// TestSeam_NoEngineAmongTheDependencies checks what app links, not only
// what it names: no package it depends on, however deep, is an engine or
// a *db package.
func TestSeam_NoEngineAmongTheDependencies(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool to list the dependencies")
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, dep := range strings.Fields(string(bytes.TrimSpace(out))) {
		if engine(dep) {
			t.Errorf("app depends on %s", dep)
		}
	}
}

// engine reports a package on the engine side of the seam: one of ours
// ending in db or under internal/store, database/sql, or a driver.
// (database/sql/driver alone is no engine: money's decimal library
// implements its Valuer.)
func engine(path string) bool {
	ours := strings.HasPrefix(path, "github.com/fnshub/fnshub/")
	return ours && (strings.HasSuffix(path, "db") || strings.Contains(path, "/internal/store")) ||
		path == "database/sql" || strings.HasPrefix(path, "github.com/jackc/pgx") || strings.HasPrefix(path, "modernc.org/sqlite")
}
