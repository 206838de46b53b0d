package main

import (
	"context"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/auth/authdb"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/store/sqlite"
)

func (c *cli) authenticate(token string) error {
	c.t.Helper()
	db, err := sqlite.Open(c.env["FNSHUB_DATA"])
	if err != nil {
		c.t.Fatal(err)
	}
	defer db.Close()
	_, err = auth.New(authdb.New(db), auth.Options{}).Authenticate(context.Background(), token)
	return err
}

func TestCLI_UserListEnableRoleAndTheLastAdmin(t *testing.T) {
	c := newCLI(t)
	c.mustRun("a long enough password\n", "user", "add", "--name", "root", "--role", "admin", "--password-stdin")
	c.mustRun("a long enough password\n", "user", "add", "--name", "carol", "--role", "viewer", "--password-stdin")
	token := strings.TrimSpace(c.mustRun("", "token", "create", "--user", "carol"))
	c.mustRun("", "user", "disable", "--name", "carol")
	out := c.mustRun("", "user", "list")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "ID") || !strings.Contains(lines[1], "root") || !strings.Contains(lines[1], "admin") ||
		!strings.Contains(lines[1], "active") || !strings.Contains(lines[2], "carol") || !strings.Contains(lines[2], "disabled") {
		t.Fatalf("user list:\n%s", out)
	}
	if out := c.mustRun("", "user", "enable", "--name", "carol"); !strings.Contains(out, "enabled user carol") {
		t.Fatalf("enable: %s", out)
	}
	if err := c.authenticate(token); err != nil {
		t.Fatalf("an enabled user's token: %v", err)
	}
	if out := c.mustRun("", "user", "role", "--name", "carol", "--role", "finance"); !strings.Contains(out, "role finance") {
		t.Fatalf("role: %s", out)
	}
	if !strings.Contains(c.mustRun("", "user", "list"), "finance") {
		t.Fatal("user list does not show the new role")
	}
	for _, args := range [][]string{{"user", "disable", "--name", "root"}, {"user", "role", "--name", "root", "--role", "viewer"}} {
		if code, _, errw := c.run(context.Background(), "", args...); code != exitFailed || !strings.Contains(errw, "last active admin") {
			t.Errorf("fnshub %s: exit %d %s", strings.Join(args, " "), code, errw)
		}
	}
	for _, args := range [][]string{{"user", "enable"}, {"user", "role", "--name", "carol"}, {"user", "role", "--name", "carol", "--role", "root"}} {
		if code, _, errw := c.run(context.Background(), "", args...); code != exitUsage {
			t.Errorf("fnshub %s: exit %d %s, want a usage error", strings.Join(args, " "), code, errw)
		}
	}
}

func TestCLI_TokenListAndRevoke(t *testing.T) {
	c := newCLI(t)
	c.mustRun("a long enough password\n", "user", "add", "--name", "alice", "--role", "finance", "--password-stdin")
	c.mustRun("a long enough password\n", "user", "add", "--name", "bob", "--role", "viewer", "--password-stdin")
	first := strings.TrimSpace(c.mustRun("", "token", "create", "--user", "alice", "--label", "ci job"))
	second := strings.TrimSpace(c.mustRun("", "token", "create", "--user", "bob"))
	out := c.mustRun("", "token", "list")
	id := strings.Split(first, "_")[1]
	if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 3 || !strings.Contains(lines[1], id) ||
		!strings.Contains(lines[1], `"ci job"`) || !strings.Contains(lines[1], "never") || !strings.Contains(lines[2], "bob") {
		t.Fatalf("token list:\n%s", out)
	}
	if strings.Contains(out, first) || strings.Contains(out, second) || strings.Contains(out, strings.Split(first, "_")[2]) {
		t.Fatalf("token list shows a secret:\n%s", out)
	}
	if out := c.mustRun("", "token", "list", "--user", "bob"); strings.Contains(out, "alice") || !strings.Contains(out, "bob") {
		t.Fatalf("token list --user bob:\n%s", out)
	}
	if out := c.mustRun("", "token", "revoke", "--id", id); !strings.Contains(out, "revoked token "+id) {
		t.Fatalf("revoke: %s", out)
	}
	if err := c.authenticate(first); !fault.Is(err, fault.Unauthorized) {
		t.Fatalf("a revoked token authenticated: %v", err)
	}
	if err := c.authenticate(second); err != nil {
		t.Fatalf("another token stopped working: %v", err)
	}
	if !strings.Contains(c.mustRun("", "token", "list", "--user", "alice"), "revoked") {
		t.Fatal("token list does not show the revocation")
	}
	if code, _, errw := c.run(context.Background(), "", "token", "revoke", "--id", "nosuchtoken"); code != exitFailed || !strings.Contains(errw, "nosuchtoken") {
		t.Fatalf("revoke of an unknown id: exit %d %s", code, errw)
	}
	if code, _, _ := c.run(context.Background(), "", "token", "revoke"); code != exitUsage {
		t.Fatalf("revoke without --id: exit %d", code)
	}
	if code, _, errw := c.run(context.Background(), "", "token", "list", "--user", "nobody"); code != exitFailed || !strings.Contains(errw, "nobody") {
		t.Fatalf("token list of an unknown user: exit %d %s", code, errw)
	}
}

func TestCLI_UserPasswordResetsAndEndsSessions(t *testing.T) {
	c := newCLI(t)
	c.mustRun("a long enough password\n", "user", "add", "--name", "carol", "--role", "viewer", "--password-stdin")
	db, err := sqlite.Open(c.env["FNSHUB_DATA"])
	if err != nil {
		t.Fatal(err)
	}
	svc := auth.New(authdb.New(db), auth.Options{})
	ns, err := svc.Login(context.Background(), "carol", "a long enough password", "127.0.0.1")
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"short\n", "carol's own password\n", "password2024!\n"} {
		if code, _, errw := c.run(context.Background(), bad, "user", "password", "--name", "carol", "--password-stdin"); code == exitOK || !strings.Contains(errw, "password") {
			t.Errorf("user password with %q: exit %d %s, want it refused", bad, code, errw)
		}
	}
	if out := c.mustRun("a new long passphrase\n", "user", "password", "--name", "carol", "--password-stdin"); !strings.Contains(out, "sessions have ended") {
		t.Fatalf("user password: %s", out)
	}
	db, err = sqlite.Open(c.env["FNSHUB_DATA"])
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc = auth.New(authdb.New(db), auth.Options{})
	if _, _, err := svc.ResumeSession(context.Background(), ns.Cookie); fault.KindOf(err) != fault.Unauthorized {
		t.Fatalf("carol's session after the reset: %v, want it ended", err)
	}
	if _, err := svc.CheckPassword(context.Background(), "carol", "a new long passphrase"); err != nil {
		t.Fatalf("the new password: %v", err)
	}
	if code, _, _ := c.run(context.Background(), "a new long passphrase\n", "user", "password", "--name", "nobody", "--password-stdin"); code == exitOK {
		t.Fatal("user password for an unknown user succeeded")
	}
}
