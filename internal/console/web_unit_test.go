package console

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestWebUnit runs the console's own unit tests (web/test, `npm test`):
// money formatting, the server-error-to-field mapping, and what the pages
// derive (the stock grid, the unmapped-listings queue, journal totals and
// filters, dead letters). They need node and web/node_modules (npm ci);
// missing, the test skips, and fails under CI=true.
func TestWebUnit(t *testing.T) {
	web, err := filepath.Abs(filepath.Join("..", "..", "web"))
	if err != nil {
		t.Fatal(err)
	}
	_, noNode := exec.LookPath("npm")
	_, noModules := os.Stat(filepath.Join(web, "node_modules", "typescript"))
	if noNode != nil || noModules != nil {
		msg := "the console's unit tests need npm and web/node_modules (cd web && npm ci)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	cmd := exec.Command("npm", "test", "--silent")
	cmd.Dir = web
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("npm test: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}
