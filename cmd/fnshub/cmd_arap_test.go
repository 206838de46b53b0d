package main

import (
	"context"
	"strings"
	"testing"
)

// TestCLI_BillsAgingCashflowRevalue: a supplier, a bill entered twice
// (once booked) and part paid, the aging and its tie lines, the
// forecast, a period with nothing foreign to revalue, and bad input.
func TestCLI_BillsAgingCashflowRevalue(t *testing.T) {
	c := newCLI(t)
	if got := c.mustRun("", "supplier", "add", "--name", "茶园", "--in", "CNY", "--terms", "30", "FARM"); !strings.Contains(got, "saved supplier FARM") {
		t.Fatalf("supplier add: %s", got)
	}
	if got := c.mustRun("", "customer", "add", "--name", "酒店", "HOTEL"); !strings.Contains(got, "saved customer HOTEL") {
		t.Fatalf("customer add: %s", got)
	}
	add := []string{"ap", "bill", "add", "--supplier", "FARM", "--date", "2026-11-01", "--amount", "500.00", "F-1"}
	if got := c.mustRun("", add...); !strings.Contains(got, "booked bill F-1 of FARM: 500.00") {
		t.Fatalf("bill add: %s", got)
	}
	if got := c.mustRun("", add...); !strings.Contains(got, "duplicate") {
		t.Fatalf("bill add again: %s", got)
	}
	if code, _, errw := c.run(context.Background(), "", "ap", "bill", "add", "--supplier", "FARM", "--date", "2026-11-01", "--amount", "501.00", "F-1"); code != exitFailed || !strings.Contains(errw, "other content") {
		t.Fatalf("another F-1 = %d %s", code, errw)
	}
	if got := c.mustRun("", "ap", "bill", "pay", "--supplier", "FARM", "--bill", "F-1", "--date", "2026-12-10", "--amount", "200", "P-1"); !strings.Contains(got, "booked payment P-1") {
		t.Fatalf("pay: %s", got)
	}
	if got := c.mustRun("", "ap", "bill", "list"); !strings.Contains(got, "F-1") || !strings.Contains(got, "P-1") {
		t.Fatalf("list: %s", got)
	}
	got := c.mustRun("", "ar", "aging", "--as-of", "2026-12-31")
	if !strings.Contains(got, "supplier") || !strings.Contains(got, "300.00") || !strings.Contains(got, "TIE") {
		t.Fatalf("aging: %s", got)
	}
	if got := c.mustRun("", "cashflow", "--as-of", "2026-12-31", "--weeks", "2"); !strings.Contains(got, "-300.00") || strings.Count(got, "CNY") != 2 {
		t.Fatalf("cashflow: %s", got)
	}
	if got := c.mustRun("", "period", "revalue", "2026-11"); !strings.Contains(got, "nothing to revalue") {
		t.Fatalf("revalue: %s", got)
	}
	c.mustRun("", "entity", "add", "--code", "hk", "--name", "HK Ltd", "--base-currency", "HKD", "--zone", "Asia/Hong_Kong")
	if got := c.mustRun("", "period", "revalue", "--entity", "2", "2026-11"); !strings.Contains(got, "nothing to revalue") {
		t.Fatalf("revalue --entity 2: %s", got)
	}
	if code, _, errw := c.run(context.Background(), "", "period", "revalue", "--entity", "9", "2026-11"); code != exitFailed || !strings.Contains(errw, "9") {
		t.Errorf("revalue of a missing entity = %d %s", code, errw)
	}
	if got := c.mustRun("", "ar", "aging", "--as-of", "2026-12-31", "--entity", "2"); strings.Contains(got, "FARM") || !strings.Contains(got, "TYPE") {
		t.Errorf("hk's aging shows the default entity's bills: %s", got)
	}
	if got := c.mustRun("", "cashflow", "--as-of", "2026-12-31", "--entity", "2"); strings.Contains(got, "CNY") {
		t.Errorf("hk's forecast shows the default entity's cash: %s", got)
	}
	// A bill booked with --entity is hk's (docs/adr/0060): hk's aging and
	// bills list show it, the default entity's do not; the number F-1 is
	// hk's own.
	if got := c.mustRun("", "ap", "bill", "add", "--entity", "2", "--supplier", "FARM", "--date", "2026-12-01", "--amount", "70", "F-1"); !strings.Contains(got, "of entity 2") {
		t.Fatalf("hk's bill: %s", got)
	}
	if got := c.mustRun("", "ar", "aging", "--as-of", "2026-12-31", "--entity", "2"); !strings.Contains(got, "FARM") || !strings.Contains(got, "70.00") {
		t.Errorf("hk's aging lacks its bill: %s", got)
	}
	if got := c.mustRun("", "ap", "bill", "list", "--entity", "2"); !strings.Contains(got, "70.00") || strings.Contains(got, "P-1") {
		t.Errorf("hk's bills: %s", got)
	}
	if got := c.mustRun("", "ar", "aging", "--as-of", "2026-12-31"); strings.Contains(got, "70.00") || !strings.Contains(got, "300.00") {
		t.Errorf("the default entity's aging shows hk's bill: %s", got)
	}
	if code, _, errw := c.run(context.Background(), "", "ap", "bill", "add", "--entity", "9", "--supplier", "FARM", "--date", "2026-12-01", "--amount", "1", "F-9"); code != exitFailed || !strings.Contains(errw, "--entity 9") {
		t.Errorf("a bill of a missing entity = %d %s, want a failure naming --entity", code, errw)
	}
	if got := c.mustRun("", "cashflow", "--as-of", "2026-12-31", "--by", "day", "--days", "3"); !strings.Contains(got, "DAY") || strings.Count(got, "CNY") != 3 || !strings.Contains(got, "2027-01-02") {
		t.Fatalf("cashflow by day: %s", got)
	}
	if code, _, _ := c.run(context.Background(), "", "cashflow", "--by", "month"); code != exitUsage {
		t.Errorf("--by month = %d, want a usage error", code)
	}
	if code, _, _ := c.run(context.Background(), "", "cashflow", "--by", "day", "--days", "93"); code != exitUsage {
		t.Errorf("--days 93 = %d, want a usage error", code)
	}
	if code, _, _ := c.run(context.Background(), "", "cashflow", "--weeks", "0"); code != exitUsage {
		t.Errorf("--weeks 0 = %d, want a usage error", code)
	}
	if code, _, errw := c.run(context.Background(), "", "ap", "bill", "add", "--supplier", "NOBODY", "--date", "2026-11-01", "--amount", "1", "X"); code != exitFailed || !strings.Contains(errw, "NOBODY") {
		t.Errorf("an unknown supplier = %d %s", code, errw)
	}
}
