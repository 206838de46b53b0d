package main

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestREADME_Walkthrough runs the README's marked shell blocks as written,
// in one bash with set -euo pipefail, in a fresh directory holding a newly
// built fnshub and a copy of examples/, on a free port passed in
// FNSHUB_ADDR (which the README honours). Then it checks what the
// walkthrough promises: the order allocated, shipped and partly returned, the books
// balanced with revenue booked, the imported orders allocated, and
// `fnshub check` passing.
func TestREADME_Walkthrough(t *testing.T) {
	for _, tool := range []string{"bash", "curl", "jq", "openssl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("the README walkthrough needs %s on PATH: %v", tool, err)
		}
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks, err := readmeBlocks(readme)
	if err != nil {
		t.Fatal(err)
	}
	if len(blocks) < 5 {
		t.Fatalf("README.md has %d blocks marked %s; the walkthrough has more", len(blocks), readmeMarker)
	}
	dir := t.TempDir()
	if err := os.Symlink(buildHub(t), filepath.Join(dir, "fnshub")); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(dir, "examples"), os.DirFS("../../examples")); err != nil {
		t.Fatal(err)
	}
	out, trace := runReadme(t, dir, readmeScript(blocks))
	t.Logf("the walkthrough printed:\n%s", out)
	checkWalkthrough(t, out, trace)
	hubLog, err := os.ReadFile(filepath.Join(dir, "hub.log"))
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range readmeSecrets {
		if strings.Contains(string(hubLog), secret) {
			t.Errorf("the hub logged a secret value: %s", secret)
		}
	}
}

// runReadme runs script with bash in dir and returns its stdout and
// stderr. Bash leads its own process group, so the hub it starts in the
// background is killed with it however the script ends.
func runReadme(t *testing.T, dir, script string) (string, string) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	stdout, err := os.Create(filepath.Join(dir, "readme.stdout"))
	if err != nil {
		t.Fatal(err)
	}
	stderr, err := os.Create(filepath.Join(dir, "readme.stderr"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, "bash", "-c", script)
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, stdout, stderr
	cmd.Env = append(hubEnv(), "FNSHUB_ADDR="+freeAddr(t))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	runErr := cmd.Start()
	if runErr == nil {
		t.Cleanup(func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) })
		runErr = cmd.Wait()
	}
	_, _ = stdout.Close(), stderr.Close()
	out, _ := os.ReadFile(stdout.Name())
	trace, _ := os.ReadFile(stderr.Name())
	if runErr != nil {
		hubLog, _ := os.ReadFile(filepath.Join(dir, "hub.log"))
		t.Fatalf("the README walkthrough failed: %v\n--- stdout\n%s--- stderr (commands traced)\n%s--- hub.log\n%s",
			runErr, out, trace, hubLog)
	}
	return string(out), string(trace)
}

// hubEnv is the caller's environment without FNSHUB_* settings, which
// would change what the README's commands do.
func hubEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "FNSHUB_") {
			env = append(env, kv)
		}
	}
	return env
}

// freeAddr returns a loopback address no one listens on right now.
func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// checkWalkthrough reads the walkthrough's output: the JSON lines jq
// printed and the summary line of `fnshub check`.
func checkWalkthrough(t *testing.T, out, trace string) {
	t.Helper()
	status := map[string]string{} // external_id → status, from the order list
	accounts := map[string]bool{}
	var balanced, checked, allocated, shipped, returned bool
	for _, line := range strings.Split(out, "\n") {
		var v struct {
			ExternalID string `json:"external_id"`
			Status     string `json:"status"`
			Account    string `json:"account"`
			Balanced   *bool  `json:"balanced"`
		}
		_ = json.Unmarshal([]byte(line), &v) // lines that are not JSON leave v empty
		switch {
		case line == "allocated":
			allocated = true
		case line == "shipped":
			shipped = allocated // in that order
		case line == "partially_refunded":
			returned = shipped
		case strings.HasPrefix(line, "ok: "):
			checked = true
		case v.ExternalID != "":
			status[v.ExternalID] = v.Status
		case v.Account != "":
			accounts[v.Account] = true
		case v.Balanced != nil:
			balanced = *v.Balanced
		}
	}
	fail := func(format string, args ...any) {
		t.Errorf(format+"\n--- stdout\n%s--- stderr\n%s", append(args, out, trace)...)
	}
	if !allocated || !shipped || !returned {
		fail("the order should print allocated, shipped, then partially_refunded (%v, %v, %v)", allocated, shipped, returned)
	}
	for _, acct := range []string{"1122", "1405", "2221", "6001", "6401"} {
		if !accounts[acct] {
			fail("the trial balance has no line for account %s", acct)
		}
	}
	if !balanced {
		fail("the trial balance totals are not shown balanced")
	}
	want := map[string]string{"1001": "partially_refunded", "1002": "allocated", "1003": "allocated", "2001": "allocated"}
	for id, st := range want {
		if status[id] != st {
			fail("order %s is %q in the order list, want %q", id, status[id], st)
		}
	}
	if !checked {
		fail("fnshub check printed no ok: line")
	}
	// 7d: a person signs in, and a cookie change without the CSRF token is refused.
	if !strings.Contains(out, `{"id":`) || !strings.Contains(out, `"name":"oscar","role":"operations"`) || !strings.Contains(out, "\n403\n") {
		fail("signing in as oscar should print the user, then 403 for a change without the CSRF token")
	}
	// The shop's secrets are written, and listed by name only.
	if !strings.Contains(out, `"name":"webhook_secret"`) || !strings.Contains(out, "access_token") {
		fail("the shop's secrets were not set and listed")
	}
	for _, secret := range readmeSecrets {
		if strings.Contains(out, secret) {
			fail("a secret value was printed: %s", secret)
		}
	}
}

// readmeSecrets are the secret values the walkthrough writes; neither its
// output nor the hub's log may show them.
var readmeSecrets = []string{"shpat_example_token", "whsec_example_secret", "site-webhook-secret-1"}
