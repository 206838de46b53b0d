package main

import (
	"context"
	"strings"
	"testing"
)

// TestCLI_ContractRulesAndFX: a shop's default contract, a saved one and
// its duplicate, rules for every shop, rates imported twice and looked
// up, and every change in the audit log.
func TestCLI_ContractRulesAndFX(t *testing.T) {
	c := newCLI(t)
	c.addShop("amazon", "AMZ1")
	if got := c.mustRun("", "shop", "contract", "show", "AMZ1"); !strings.Contains(got, "DEFAULT") || !strings.Contains(got, "cycle 14 days") {
		t.Fatalf("default: %s", got)
	}
	set := []string{"shop", "contract", "set", "--commission", "15%", "--fee", "FBAPerUnitFulfillmentFee", "--fee", "RefundCommission=3%", "--cycle", "14", "AMZ1"}
	if got := c.mustRun("", set...); !strings.Contains(got, "version 1") {
		t.Fatalf("set: %s", got)
	}
	if got := c.mustRun("", set...); !strings.Contains(got, "duplicate") {
		t.Fatalf("set again: %s", got)
	}
	got := c.mustRun("", "shop", "contract", "show", "AMZ1")
	if strings.Contains(got, "DEFAULT") || !strings.Contains(got, "fee RefundCommission at 0.03") || !strings.Contains(got, "FBAPerUnitFulfillmentFee (no rate") {
		t.Fatalf("show: %s", got)
	}
	if code, _, errw := c.run(context.Background(), "", "shop", "contract", "set", "--cycle", "0", "AMZ1"); code != exitFailed || !strings.Contains(errw, "cycle_days") {
		t.Fatalf("cycle 0 = %d %s", code, errw)
	}
	if got := c.mustRun("", "recon", "rules", "set", "--amount-tolerance", "3"); !strings.Contains(got, "version 1 for every shop") {
		t.Fatalf("rules set: %s", got)
	}
	if got := c.mustRun("", "recon", "rules", "show", "--shop", "AMZ1"); !strings.Contains(got, "applies: every shop version 1: amount tolerance 3") {
		t.Fatalf("rules show: %s", got)
	}
	file := writeFile(t, "rates.csv", "date,from,to,rate\n2026-11-27,USD,CNY,7.2\n")
	if got := c.mustRun("", "fx", "import", file); !strings.Contains(got, "1 added") {
		t.Fatalf("import: %s", got)
	}
	if got := c.mustRun("", "fx", "import", file); !strings.Contains(got, "0 added, 1 duplicate") {
		t.Fatalf("import again: %s", got)
	}
	if got := c.mustRun("", "fx", "rate", "CNY", "USD", "2026-11-29"); !strings.Contains(got, "1 CNY = 0.1388888889 USD") || !strings.Contains(got, "inverse") {
		t.Fatalf("rate: %s", got)
	}
	audit := c.mustRun("", "audit", "export")
	for _, want := range []string{"cli shop contract set", "cli recon rules set", "cli fx import"} {
		if strings.Count(audit, want) != 1 {
			t.Errorf("audit log has %d %q, want 1:\n%s", strings.Count(audit, want), want, audit)
		}
	}
}
