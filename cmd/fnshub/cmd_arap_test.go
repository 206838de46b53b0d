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

// TestCLI_InvoicesReceipts: the receivables side of the document command —
// a customer's invoice booked once, part received, listed, aged and tied
// to 1122.90; another entity's invoice kept apart; bad input named.
func TestCLI_InvoicesReceipts(t *testing.T) {
	c := newCLI(t)
	ctx := context.Background()
	c.mustRun("", "customer", "add", "--name", "酒店", "--terms", "30", "HOTEL")
	add := []string{"ar", "invoice", "add", "--customer", "HOTEL", "--date", "2026-11-01", "--amount", "800", "INV-1"}
	if got := c.mustRun("", add...); !strings.Contains(got, "booked invoice INV-1 of HOTEL: 800.00") {
		t.Fatalf("invoice add: %s", got)
	}
	if got := c.mustRun("", add...); !strings.Contains(got, "duplicate") {
		t.Fatalf("invoice add again: %s", got)
	}
	if code, _, errw := c.run(ctx, "", "ar", "invoice", "add", "--customer", "HOTEL", "--date", "2026-11-01", "--amount", "801", "INV-1"); code != exitFailed || !strings.Contains(errw, "other content") {
		t.Fatalf("another INV-1 = %d %s", code, errw)
	}
	if got := c.mustRun("", "ar", "invoice", "receive", "--customer", "HOTEL", "--of", "INV-1", "--date", "2026-11-20", "--amount", "300", "R-1"); !strings.Contains(got, "booked receipt R-1") {
		t.Fatalf("receive: %s", got)
	}
	if code, _, _ := c.run(ctx, "", "ar", "invoice", "receive", "--customer", "HOTEL", "--of", "INV-1", "--date", "2026-11-21", "--amount", "501", "R-2"); code != exitFailed {
		t.Errorf("receiving more than is open = %d, want a failure", code)
	}
	if code, _, errw := c.run(ctx, "", "ar", "invoice", "receive", "--customer", "HOTEL", "--date", "2026-11-21", "--amount", "1", "R-3"); code != exitUsage || !strings.Contains(errw, "--of") {
		t.Errorf("a receipt without --of = %d %s, want a usage error naming --of", code, errw)
	}
	if code, _, errw := c.run(ctx, "", "ar", "invoice", "add", "--customer", "NOBODY", "--date", "2026-11-01", "--amount", "1", "X"); code != exitFailed || !strings.Contains(errw, "--customer") || !strings.Contains(errw, "NOBODY") {
		t.Errorf("an unknown customer = %d %s", code, errw)
	}
	got := c.mustRun("", "ar", "invoice", "list")
	if !strings.Contains(got, "CUSTOMER") || !strings.Contains(got, "INV-1") || !strings.Contains(got, "R-1") || !strings.Contains(got, "6001") {
		t.Fatalf("list: %s", got)
	}
	got = c.mustRun("", "ar", "aging", "--as-of", "2026-12-31")
	if !strings.Contains(got, "HOTEL") || !strings.Contains(got, "500.00") || !strings.Contains(got, "sub-ledger 500.00") {
		t.Fatalf("aging: %s", got)
	}
	c.mustRun("", "entity", "add", "--code", "hk", "--name", "HK Ltd", "--base-currency", "HKD", "--zone", "Asia/Hong_Kong")
	if got := c.mustRun("", "ar", "invoice", "add", "--entity", "2", "--customer", "HOTEL", "--date", "2026-12-01", "--amount", "90", "INV-1"); !strings.Contains(got, "of entity 2") {
		t.Fatalf("hk's invoice: %s", got)
	}
	if got := c.mustRun("", "ar", "invoice", "list"); strings.Contains(got, "90.00") {
		t.Errorf("the default entity lists hk's invoice: %s", got)
	}
	if got := c.mustRun("", "ar", "invoice", "list", "--entity", "2"); !strings.Contains(got, "90.00") || strings.Contains(got, "R-1") {
		t.Errorf("hk's invoices: %s", got)
	}
	if got := c.mustRun("", "check"); !strings.Contains(got, "ok") {
		t.Errorf("check: %s", got)
	}
}
