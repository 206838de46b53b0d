package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCLI_ExportVouchers(t *testing.T) {
	c := newCLI(t)
	c.mustRun("", "migrate")
	out := filepath.Join(t.TempDir(), "nov.csv")
	if got := c.mustRun("", "export", "vouchers", "--erp", "csv", "--period", "2026-11", "--out", out); !strings.Contains(got, "exported 0 vouchers of entity 1, 2026-11, to "+out+" in the csv layout (account map version 0)") {
		t.Fatalf("export: %s", got)
	}
	if b, err := os.ReadFile(out); err != nil || !strings.HasPrefix(string(b), "\ufeffvoucher_id,entity,entry_id") {
		t.Fatalf("file %q, %v", b, err)
	}
	if code, _, errw := c.run(context.Background(), "", "export", "vouchers", "--erp", "kingdee", "--period", "2026-11", "--out", out); code != exitFailed || !strings.Contains(errw, "no kingdee account map yet") {
		t.Fatalf("kingdee without a map: exit %d %s", code, errw)
	}
	if code, _, errw := c.run(context.Background(), "", "export", "vouchers", "--erp", "sap", "--period", "2026-11"); code != exitFailed || !strings.Contains(errw, "not one of kingdee") {
		t.Fatalf("unknown ERP: exit %d %s", code, errw)
	}
	if code, _, errw := c.run(context.Background(), "", "export", "vouchers", "--erp", "csv", "--period", "2026-11", "--out", "x.xls"); code != exitFailed || !strings.Contains(errw, ".csv or .xlsx") {
		t.Fatalf("bad extension: exit %d %s", code, errw)
	}
	if code, _, _ := c.run(context.Background(), "", "export", "vouchers", "--erp", "csv"); code != exitUsage {
		t.Fatalf("no period: exit %d, want a usage error", code)
	}
}
