package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/auth/authdb"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/store/sqlite"
)

// cli runs the fnshub CLI in-process against its own data directory.
type cli struct {
	t   *testing.T
	env map[string]string
}

func newCLI(t *testing.T) *cli {
	return &cli{t: t, env: map[string]string{"FNSHUB_DATA": t.TempDir(), "FNSHUB_LOG_LEVEL": "warn"}}
}

func (c *cli) run(ctx context.Context, stdin string, args ...string) (code int, stdout, stderr string) {
	var out, errw bytes.Buffer
	code = run(ctx, args, cliEnv{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errw,
		getenv: func(k string) string { return c.env[k] }})
	return code, out.String(), errw.String()
}

func (c *cli) mustRun(stdin string, args ...string) string {
	c.t.Helper()
	code, out, errw := c.run(context.Background(), stdin, args...)
	if code != exitOK {
		c.t.Fatalf("fnshub %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errw)
	}
	return out
}

func TestCLI_HelpForEveryCommand(t *testing.T) {
	c := newCLI(t)
	if out := c.mustRun("", "--help"); !strings.Contains(out, "serve") || !strings.Contains(out, "FNSHUB_DB") {
		t.Fatalf("top-level help lacks commands or variables:\n%s", out)
	}
	for _, cmd := range commands() {
		code, _, errw := c.run(context.Background(), "", append(strings.Fields(cmd.name), "--help")...)
		if code != exitOK || !strings.Contains(errw, "Usage: fnshub "+cmd.name) || !strings.Contains(errw, "-data") {
			t.Errorf("fnshub %s --help: exit %d\n%s", cmd.name, code, errw)
		}
	}
	if code, _, errw := c.run(context.Background(), "", "frobnicate"); code != exitUsage || !strings.Contains(errw, "unknown command") {
		t.Errorf("unknown command: exit %d %s", code, errw)
	}
}

func TestCLI_BadConfigurationNamesTheValue(t *testing.T) {
	c := newCLI(t)
	cases := map[string][]string{
		"FNSHUB_ADDR":      {"serve", "--addr", "8080"},
		"FNSHUB_DB":        {"migrate", "--db", "mysql://x"},
		"FNSHUB_TIMEZONE":  {"config", "--timezone", "Mars/Olympus"},
		"FNSHUB_LOG_LEVEL": {"config", "--log-level", "loud"},
	}
	for env, args := range cases {
		code, _, errw := c.run(context.Background(), "", args...)
		if code != exitUsage || !strings.Contains(errw, env) || !strings.Contains(errw, args[2]) {
			t.Errorf("fnshub %v: exit %d, stderr %q should name %s and the value", args, code, errw, env)
		}
	}
	c.env["FNSHUB_LEDGER_MAX_BATCH"] = "many"
	if code, _, errw := c.run(context.Background(), "", "config"); code != exitUsage || !strings.Contains(errw, "FNSHUB_LEDGER_MAX_BATCH") {
		t.Errorf("bad variable: exit %d %s", code, errw)
	}
}

func TestCLI_ConfigMasksTheDatabasePassword(t *testing.T) {
	c := newCLI(t)
	c.env["FNSHUB_DB"] = "postgres://fns:s3cret@db.example:5432/fnshub"
	out := c.mustRun("", "config", "--addr", ":9090")
	if strings.Contains(out, "s3cret") || !strings.Contains(out, "xxxxx") || !strings.Contains(out, `":9090"`) {
		t.Fatalf("config output:\n%s", out)
	}
}

func TestCLI_UserTokenAndServe(t *testing.T) {
	c := newCLI(t)
	c.mustRun("", "migrate")
	if out := c.mustRun("", "migrate"); !strings.Contains(out, "schema at version") {
		t.Fatalf("second migrate: %s", out)
	}
	c.mustRun("a long enough password\n", "user", "add", "--name", "alice", "--role", "finance", "--password-stdin")
	if code, _, errw := c.run(context.Background(), "short\n", "user", "add", "--name", "bob", "--role", "finance", "--password-stdin"); code == exitOK || !strings.Contains(errw, "password") {
		t.Fatalf("short password accepted: %d %s", code, errw)
	}
	token := strings.TrimSpace(c.mustRun("", "token", "create", "--user", "alice", "--label", "test"))
	if !strings.HasPrefix(token, "fnsh_") || strings.Contains(token, "\n") {
		t.Fatalf("token create printed %q, want the token alone", token)
	}
	c.env["FNSHUB_ADDR"] = "127.0.0.1:18931"
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { code, _, _ := c.run(ctx, "", "serve"); done <- code }()
	body := getWhenUp(t, "http://127.0.0.1:18931/api/v1/ledger/accounts", token)
	if !strings.Contains(body, `"1122"`) || !strings.Contains(body, "应收账款") {
		t.Fatalf("accounts over HTTP: %s", body)
	}
	stop() // as SIGTERM would
	select {
	case code := <-done:
		if code != exitOK {
			t.Fatalf("serve exited %d after shutdown", code)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop on cancel")
	}
}

func getWhenUp(t *testing.T, url, token string) string {
	t.Helper()
	for range 100 {
		req, _ := http.NewRequest("GET", url, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return fmt.Sprintf("%d %s", resp.StatusCode, b)
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s never answered", url)
	return ""
}

func TestCLI_ImportSKUs(t *testing.T) {
	c := newCLI(t)
	bad := "../../internal/catalog/skuimport/testdata/bad.csv"
	code, out, errw := c.run(context.Background(), "", "import", "skus", bad)
	if code != exitFailed || !strings.Contains(errw, "row 5, column name") || !strings.Contains(errw, "nothing imported") || out != "" {
		t.Fatalf("import of a bad file: exit %d\n%s%s", code, out, errw)
	}
	out = c.mustRun("", "import", "skus", "../../internal/catalog/skuimport/testdata/good_gbk.csv")
	if !strings.Contains(out, "imported 3 SKUs") {
		t.Fatalf("import of a good GBK file: %s", out)
	}
	code, out, errw = c.run(context.Background(), "", "import", "skus", "--skip-bad", bad)
	if code != exitOK || !strings.Contains(out, "imported 1 SKUs") || !strings.Contains(errw, "row 3") {
		t.Fatalf("--skip-bad: exit %d\n%s%s", code, out, errw)
	}
	code, _, errw = c.run(context.Background(), "", "import", "skus", "../../internal/catalog/skuimport/testdata/good_zh.csv")
	if code != exitFailed || !strings.Contains(errw, "already exists") {
		t.Fatalf("re-import of existing codes: exit %d %s", code, errw)
	}
}

func TestCLI_DisableUserStopsTheirTokens(t *testing.T) {
	c := newCLI(t)
	c.mustRun("a long enough password\n", "user", "add", "--name", "carol", "--role", "viewer", "--password-stdin")
	token := strings.TrimSpace(c.mustRun("", "token", "create", "--user", "carol"))
	if out := c.mustRun("", "user", "disable", "--name", "carol"); !strings.Contains(out, "disabled user carol") {
		t.Fatalf("disable: %s", out)
	}
	db, err := sqlite.Open(c.env["FNSHUB_DATA"])
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := auth.New(authdb.New(db), auth.Options{}).Authenticate(context.Background(), token); !fault.Is(err, fault.Unauthorized) {
		t.Fatalf("a disabled user's token authenticated: %v", err)
	}
	if code, _, errw := c.run(context.Background(), "", "user", "disable", "--name", "nobody"); code != exitFailed || !strings.Contains(errw, "nobody") {
		t.Fatalf("disable of an unknown user: exit %d %s", code, errw)
	}
	if code, _, _ := c.run(context.Background(), "", "user", "remove", "--name", "carol"); code != exitUsage {
		t.Fatalf("unknown verb: exit %d", code)
	}
}
