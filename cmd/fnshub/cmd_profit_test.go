package main

import (
	"context"
	"encoding/json"
	"os"
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
	file := t.TempDir() + "/spend.csv"
	if err := os.WriteFile(file, []byte("date,campaign,spend,currency\n2026-11-11,double11,20.00,CNY\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out := c.mustRun("", "profit", "spend", "import", "--channel", "web", file); out != "imported 1 rows of web ad spend (0 imported before)\n" {
		t.Fatalf("import = %q", out)
	}
	if out := c.mustRun("", "profit", "spend", "import", "--channel", "web", file); !strings.HasPrefix(out, "duplicate:") {
		t.Fatalf("again = %q", out)
	}
	if out := c.mustRun("", "profit", "spend", "list", "--channel", "web"); !strings.HasPrefix(out, "day         channel  campaign  amount  currency") ||
		!strings.Contains(out, "2026-11-11  web      double11  20.00   CNY") {
		t.Fatalf("spend list = %q", out)
	}
	var kept []map[string]any
	if err := json.Unmarshal([]byte(c.mustRun("", "profit", "spend", "list", "--from", "2026-11-12", "--json")), &kept); err != nil || len(kept) != 0 {
		t.Fatalf("spend list from a later day = %v (%v)", kept, err)
	}
	if code, _, errw := c.run(context.Background(), "", "profit", "spend", "list", "--from", "11/11"); code != exitUsage || !strings.Contains(errw, "--from") {
		t.Errorf("a bad day: exit %d %s", code, errw)
	}
	if out := c.mustRun("", "profit", "report", "--by", "campaign", "--from", "2026-11-01", "--to", "2026-11-30"); !strings.Contains(out, "double11") || !strings.Contains(out, "20.00") {
		t.Fatalf("report by campaign = %q", out)
	}
	if out := c.mustRun("", "profit", "rates", "set", "--carrier", "SF", "--first", "12.00", "--extra", "2.00", "--flat", "8.00"); !strings.HasPrefix(out, "set SF *: first 1000g 12.00") {
		t.Fatalf("rates set = %q", out)
	}
	if code, _, errw := c.run(context.Background(), "", "profit", "rates", "set", "--carrier", "SF", "--first", "-1"); code != exitUsage || !strings.Contains(errw, "negative") {
		t.Errorf("a negative price: exit %d %s", code, errw)
	}
	for _, args := range [][]string{{"--by", "chanel", "--from", "2026-11-01", "--to", "2026-11-30"}, {"--to", "2026-11-30"}, {"--from", "2026-11-02", "--to", "2026-11-01"}} {
		if code, _, errw := c.run(context.Background(), "", append([]string{"profit", "report"}, args...)...); code != exitUsage || !strings.Contains(errw, "--") {
			t.Errorf("%v: exit %d %s", args, code, errw)
		}
	}
}
