package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/settlement/settlementtest"
)

// useTestFormats makes the settlement commands read the test TSV as
// "tsv-tmall" (tmall shops) and "tsv" (any shop) until the test ends.
func useTestFormats(t *testing.T) {
	all := []settlement.Format{settlementtest.TSV("tsv", "", "CNY"), settlementtest.TSV("tsv-tmall", "tmall", "CNY")}
	saved := settlementFormats
	settlementFormats = app.Formats{All: func() []settlement.Format { return all }, Lookup: func(name string) (settlement.Format, bool) {
		for _, f := range all {
			if f.Name == name {
				return f, true
			}
		}
		return settlement.Format{}, false
	}}
	t.Cleanup(func() { settlementFormats = saved })
}

func TestCLI_Settlement(t *testing.T) {
	useTestFormats(t)
	c := newCLI(t)
	c.mustRun("", "shop", "add", "--id", "tm1", "--channel", "tmall", "--name", "天猫旗舰店")
	file := filepath.Join(t.TempDir(), "bill.tsv")
	if err := os.WriteFile(file, []byte(settlementtest.File("a", 1204, 500)), 0o600); err != nil {
		t.Fatal(err)
	}
	if out := c.mustRun("", "settlement", "formats"); !strings.Contains(out, "tsv-tmall  tmall") || !strings.Contains(out, "any") {
		t.Fatalf("formats:\n%s", out)
	}
	// One shop fits, so --shop may be left out.
	if out := c.mustRun("", "settlement", "import", "--format", "tsv-tmall", file); !strings.HasPrefix(out, "applied: 3 payouts, 1,204 lines new") {
		t.Fatalf("import:\n%s", out)
	}
	if out := c.mustRun("", "settlement", "import", "--format", "tsv-tmall", "--shop", "tm1", file); out != "duplicate: nothing changed, 1,204 lines already imported\n" {
		t.Fatalf("import again:\n%s", out)
	}
	c.mustRun("", "shop", "add", "--id", "tm2", "--channel", "tmall", "--name", "天猫二店")
	code, _, errw := c.run(context.Background(), "", "settlement", "import", "--format", "tsv-tmall", file)
	if code != exitUsage || !strings.Contains(errw, "fits 2 shops (tm1, tm2)") {
		t.Fatalf("two shops fit: exit %d %s", code, errw)
	}
	out := c.mustRun("", "settlement", "list", "--shop", "tm1")
	if !strings.Contains(out, "Pa-2") || !strings.Contains(out, "CNY 1.00") && !strings.Contains(out, "1.00") {
		t.Fatalf("list:\n%s", out)
	}
	out = c.mustRun("", "settlement", "show", "1", "--lines", "2")
	if !strings.Contains(out, "payout 1: Pa-0 of shop tm1") || !strings.Contains(out, "a-1") || !strings.Contains(out, "498 more lines") {
		t.Fatalf("show:\n%s", out)
	}
	// The payout's sales name orders the hub does not have: each is a
	// difference, the waterfall still adds up, and a second run says the same.
	out = c.mustRun("", "settlement", "reconcile", "1")
	if !strings.Contains(out, "applied: run 1 posted") || !strings.Contains(out, "order_not_in_hub") || !strings.Contains(out, "unexplained 0.00") {
		t.Fatalf("reconcile:\n%s", out)
	}
	if out := c.mustRun("", "settlement", "reconcile", "1"); !strings.Contains(out, "duplicate: run 1 already says this") {
		t.Fatalf("reconcile again:\n%s", out)
	}
	// The shop's three payouts in one go: payout 1 says the same again,
	// the other two are reconciled for the first time.
	out = c.mustRun("", "settlement", "reconcile", "--shop", "tm1")
	if !strings.Contains(out, "payout 1 Pa-0: duplicate: run 1 already says this") || !strings.Contains(out, "payout 3 Pa-2: applied: run") ||
		!strings.HasSuffix(out, "3 of 3 payouts reconciled: 2 applied, 1 duplicate\n") {
		t.Fatalf("reconcile --shop:\n%s", out)
	}
	if code, _, errw := c.run(context.Background(), "", "settlement", "reconcile", "--shop", "tm2"); code != exitUsage || !strings.Contains(errw, "shop tm2 has no payouts") {
		t.Fatalf("reconcile --shop of a shop without payouts: exit %d %s", code, errw)
	}
	// The books still prove themselves with the settlement posted.
	if code, out, errw := c.run(context.Background(), "", "check"); code != 0 {
		t.Fatalf("check after reconcile: exit %d\n%s\n%s", code, out, errw)
	}
	mapping := filepath.Join(t.TempDir(), "m.json")
	if err := os.WriteFile(mapping, []byte(`{"currency":"CNY","columns":{"amount":"金额","posted_at":"时间","type":"类型"},"kinds":{"货款":"sale"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if out := c.mustRun("", "settlement", "mapping", "save", "抖店", mapping); out != "saved mapping 抖店, version 1\n" {
		t.Fatalf("mapping save:\n%s", out)
	}
	if out := c.mustRun("", "settlement", "mapping", "list"); !strings.Contains(out, "抖店") {
		t.Fatalf("mapping list:\n%s", out)
	}
	if out := c.mustRun("", "audit", "export"); !strings.Contains(out, "cli settlement import") || !strings.Contains(out, "cli settlement mapping save") || !strings.Contains(out, "cli settlement reconcile") {
		t.Fatalf("audit:\n%s", out)
	}
}
