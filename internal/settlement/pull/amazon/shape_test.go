package amazon

import (
	"encoding/json"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
)

// TestReportsPage_ReadsTheDocumentedShape: getReports' answer as the
// Reports API 2021-06-30 model documents it.
func TestReportsPage_ReadsTheDocumentedShape(t *testing.T) {
	b, err := os.ReadFile("testdata/get_reports.json")
	if err != nil {
		t.Fatal(err)
	}
	var p reportsPage
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Reports) != 1 || p.NextToken == "" {
		t.Fatalf("%+v", p)
	}
	rp := p.Reports[0]
	if rp.ReportID != "18906543210" || rp.ReportType != ReportType || rp.ProcessingStatus != "DONE" ||
		rp.ReportDocumentID != "amzn1.spdoc.1.4.eu.0a1b2c3d-0000-4f00-9b00-000000000001" || rp.CreatedTime != "2026-03-17T03:10:00+00:00" {
		t.Fatalf("%+v", rp)
	}
}

func TestCursor_RoundTrip(t *testing.T) {
	at := time.Date(2026, 3, 17, 3, 10, 0, 0, time.UTC)
	got, id, err := parseCursor(Cursor(at, "R1"))
	if err != nil || !got.Equal(at) || id != "R1" {
		t.Fatalf("%v %s %v", got, id, err)
	}
	for _, bad := range []string{"x", "2026-03-17T03:10:00Z", "2026-03-17T03:10:00Z|", "|R1"} {
		if _, _, err := parseCursor(bad); err == nil {
			t.Errorf("parseCursor(%q) accepted", bad)
		}
	}
}

// FuzzClassify: whatever SP-API answers, classify gives a success only
// for a 200 and otherwise a *channel.Error of a known kind.
func FuzzClassify(f *testing.F) {
	f.Add(429, `{"errors":[{"code":"QuotaExceeded","message":"You exceeded your quota"}]}`, "0.0222")
	f.Add(403, `{"errors":[{"code":"Unauthorized","message":"Access to requested resource is denied."}]}`, "")
	f.Add(500, `not json`, "x")
	f.Add(200, ``, "")
	f.Fuzz(func(t *testing.T, status int, body, rate string) {
		h := map[string][]string{"X-Amzn-Ratelimit-Limit": {rate}}
		err := classify(status, h, []byte(body))
		if status == 200 {
			if err != nil {
				t.Fatal(err)
			}
			return
		}
		var ce *channel.Error
		if !errors.As(err, &ce) || ce.Kind == 0 || ce.RetryAfter < 0 || ce.RetryAfter > time.Minute {
			t.Fatalf("classify(%d, %q) = %v", status, body, err)
		}
	})
}
