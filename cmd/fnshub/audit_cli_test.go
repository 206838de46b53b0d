package main

import (
	"context"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/store/sqlite"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// TestCLI_ChangesAroundTheAPIAreAuditedAndCheckVerifiesTheChain: user,
// token, shop and shop secret commands leave via=cli entries naming the
// operating-system user, never a password or secret; audit export writes
// them as CSV; check verifies the chain and names the first bad seq once
// a row is changed behind the triggers' back.
func TestCLI_ChangesAroundTheAPIAreAuditedAndCheckVerifiesTheChain(t *testing.T) {
	const password, secret = "correct horse battery staple", "shpat_cli-audit-secret-0001"
	c := newCLI(t)
	c.env["USER"] = "deploy"
	c.mustRun("", "migrate")
	c.mustRun(password+"\n", "user", "add", "--name", "alice", "--role", "operations", "--password-stdin")
	token := strings.TrimSpace(c.mustRun("", "token", "create", "--user", "alice", "--label", "ci"))
	c.mustRun("", "shop", "add", "--id", "sf-1", "--channel", "shopify", "--name", "Tea House",
		"--setting", "shop_domain=tea-house.myshopify.com", "--setting", "api_version=2025-01")
	c.mustRun(secret, "shop", "secret", "set", "--shop", "sf-1", "--name", "access_token")
	c.mustRun("", "user", "disable", "--name", "alice")

	out := c.mustRun("", "audit", "export")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !strings.HasPrefix(out, "\uFEFFseq,at,actor,role,via,action,target,status,detail,prev_hash,hash\n") || len(lines) != 6 {
		t.Fatalf("export = %s", out)
	}
	for i, want := range []string{"5,", "4,", "3,", "2,", "1,"} {
		if !strings.HasPrefix(lines[i+1], want) {
			t.Errorf("export row %d is not seq %s: %s", i+1, want, lines[i+1])
		}
	}
	for i, want := range []string{",deploy,,cli,cli user disable,user alice,0,{},", ",cli shop secret set,shop sf-1 secret access_token,",
		",cli shop add,shop sf-1,", ",cli token create,token ", `,cli user add,user alice,0,"{""name"":""alice"",""role"":""operations"",""shops"":[]}",,`} {
		if !strings.Contains(lines[i+1], want) {
			t.Errorf("export row %d lacks %q: %s", i+1, want, lines[i+1])
		}
	}
	for _, never := range []string{password, secret, token} {
		if strings.Contains(out, never) {
			t.Fatalf("the audit log holds %q:\n%s", never, out)
		}
	}
	if out := c.mustRun("", "audit", "export", "--actor", "nobody"); strings.Count(out, "\n") != 1 {
		t.Fatalf("export of nobody's entries = %q, want the header alone", out)
	}
	if code, _, errw := c.run(context.Background(), "", "audit", "export", "--from", "last week"); code != exitUsage || !strings.Contains(errw, "--from") {
		t.Fatalf("bad --from: exit %d %s", code, errw)
	}
	if out := c.mustRun("", "check"); !strings.Contains(out, "5 audit log entries") {
		t.Fatalf("check = %s", out)
	}

	db, err := sqlite.Open(c.env["FNSHUB_DATA"])
	if err != nil {
		t.Fatal(err)
	}
	storetest.TamperAudit(t, db, `UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2`)
	db.Close()
	code, out, errw := c.run(context.Background(), "", "check")
	if code != exitBroken || !strings.Contains(out, "the audit log breaks first at seq 2") || strings.Contains(out, "seq 3") {
		t.Fatalf("check after tampering: exit %d\n%s%s", code, out, errw)
	}
}

// TestCLI_EntityShopAndAccountMapChangesAreAudited: the other commands that
// change master data around the API leave one entry each, with the shop's
// state before and after.
func TestCLI_EntityShopAndAccountMapChangesAreAudited(t *testing.T) {
	c := newCLI(t)
	c.env["USER"] = "deploy"
	c.mustRun("", "migrate")
	c.mustRun("", "entity", "add", "--code", "hk", "--name", "HK Ltd", "--base-currency", "HKD", "--zone", "Asia/Hong_Kong")
	c.mustRun("", "entity", "rename", "--code", "hk", "--name", "HK Trading Ltd")
	c.mustRun("", "shop", "add", "--id", "t1", "--channel", "tmall", "--name", "Tea")
	c.mustRun("", "shop", "update", "--id", "t1", "--name", "Tea 2")
	c.mustRun("", "accounts", "map", "--set", "revenue=6001")
	out := c.mustRun("", "audit", "export")
	for _, action := range []string{"cli entity add,entity hk", "cli entity rename,entity hk", "cli shop add,shop t1", "cli shop update,shop t1", "cli accounts map,entity 1"} {
		if strings.Count(out, ","+action+",") != 1 {
			t.Errorf("export has not one %q:\n%s", action, out)
		}
	}
	if !strings.Contains(out, `""before"":{`) || !strings.Contains(out, `""name"":""Tea""`) || !strings.Contains(out, `""name"":""Tea 2""`) {
		t.Errorf("the shop update lacks its states:\n%s", out)
	}
}
