package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// TestCLI_PeriodCloseReopenReportAreAudited closes, lists, reports on and
// reopens a month from the command line, each change in the audit log.
func TestCLI_PeriodCloseReopenReportAreAudited(t *testing.T) {
	c := newCLI(t)
	c.env["USER"] = "controller"
	c.mustRun("", "migrate")
	if out := c.mustRun("", "period", "close", "2025-01"); out != "closed 2025-01 of entity 1\n" {
		t.Fatalf("close = %q", out)
	}
	if out := c.mustRun("", "period", "close", "2025-01"); !strings.HasPrefix(out, "duplicate:") {
		t.Fatalf("closing again = %q, want duplicate", out)
	}
	if out := c.mustRun("", "period", "list"); !strings.Contains(out, "2025-01  closed") || !strings.Contains(out, "controller") {
		t.Fatalf("list = %q", out)
	}
	var rep struct {
		Period  string `json:"period"`
		Status  string `json:"status"`
		Entries int64  `json:"entries"`
	}
	if err := json.Unmarshal([]byte(c.mustRun("", "period", "report", "2025-01")), &rep); err != nil || rep.Period != "2025-01" || rep.Status != "closed" || rep.Entries != 0 {
		t.Fatalf("report = %+v (%v)", rep, err)
	}
	if code, _, errw := c.run(context.Background(), "", "period", "reopen", "2025-01"); code == 0 || !strings.Contains(errw, "reason") {
		t.Fatalf("reopen without a reason: exit %d %s", code, errw)
	}
	if code, _, errw := c.run(context.Background(), "", "period", "close", "2025-1"); code != exitUsage || !strings.Contains(errw, "YYYY-MM") {
		t.Fatalf("close 2025-1: exit %d %s", code, errw)
	}
	if out := c.mustRun("", "period", "reopen", "2025-01", "--reason", "late invoice"); out != "reopened 2025-01 of entity 1\n" {
		t.Fatalf("reopen = %q", out)
	}
	out := c.mustRun("", "audit", "export")
	for _, want := range []string{",controller,,cli,cli period close,entity 1 period 2025-01,", ",cli period reopen,entity 1 period 2025-01,", "late invoice"} {
		if !strings.Contains(out, want) {
			t.Errorf("audit export lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "cli period close") != 1 {
		t.Errorf("the duplicate close was audited:\n%s", out)
	}
	if out := c.mustRun("", "check"); !strings.Contains(out, "ok") && !strings.Contains(out, "OK") {
		t.Fatalf("check = %s", out)
	}
}
