package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// TestCLI_ProfitReport prints the report's header and rows, as JSON on
// --json, and refuses a bad grouping or a missing day naming the flag.
func TestCLI_ProfitReport(t *testing.T) {
	c := newCLI(t)
	c.mustRun("", "migrate")
	out := c.mustRun("", "profit", "report", "--by", "channel,day", "--from", "2026-11-01", "--to", "2026-11-30")
	if !strings.HasPrefix(out, "channel  day  currency  lines  revenue") {
		t.Fatalf("report = %q", out)
	}
	var rep struct {
		Zone  string   `json:"zone"`
		Group []string `json:"group"`
		Rows  []any    `json:"rows"`
	}
	if err := json.Unmarshal([]byte(c.mustRun("", "profit", "report", "--by", "sku", "--from", "2026-11-01", "--to", "2026-11-30", "--json")), &rep); err != nil ||
		rep.Zone != "Asia/Shanghai" || len(rep.Group) != 1 || rep.Rows == nil {
		t.Fatalf("json = %+v (%v)", rep, err)
	}
	for _, args := range [][]string{{"--by", "chanel", "--from", "2026-11-01", "--to", "2026-11-30"}, {"--to", "2026-11-30"}, {"--from", "2026-11-02", "--to", "2026-11-01"}} {
		if code, _, errw := c.run(context.Background(), "", append([]string{"profit", "report"}, args...)...); code != exitUsage || !strings.Contains(errw, "--") {
			t.Errorf("%v: exit %d %s", args, code, errw)
		}
	}
}
