package httpapi

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/auth"
)

// On the code before issue 6 a refused payload was lost with its rolled
// back transaction; now every answered payload is kept, and replayable.
func TestAPI_RefusedPayloadsAreKeptAndReplayed(t *testing.T) {
	x := newAPI(t)
	x.stockTea("")
	v1 := fmt.Sprintf(orderBody, 1, "paid")
	refused := []struct{ body, code string }{
		{`{"channel":"web",`, "body_invalid"},
		{strings.Replace(fmt.Sprintf(orderBody, 2, "paid"), `"version":2`, `"version":0`, 1), "version_invalid"},
	}
	for _, r := range refused {
		if status, _, body := x.do(auth.Operations, "POST", "/api/v1/orders", r.body); status != http.StatusBadRequest || errorCode(body) != r.code {
			t.Fatalf("%s: %d %v", r.code, status, body)
		}
	}
	x.mustDo(auth.Operations, "POST", "/api/v1/orders", v1)
	if status, _, body := x.do(auth.Operations, "POST", "/api/v1/orders", strings.Replace(v1, `"quantity":2`, `"quantity":3`, 1)); status != http.StatusConflict {
		t.Fatalf("v1 with other content: %d %v", status, body)
	}
	kept := x.mustDo(auth.Admin, "GET", "/api/v1/raw-events?source=api", "")["items"].([]any)
	outcomes := []string{}
	for _, k := range kept {
		k := k.(map[string]any)
		outcomes = append(outcomes, k["outcome"].(string))
		headers := k["headers"].(map[string]any)
		if _, leaked := headers["Authorization"]; leaked || headers["Content-Type"] == nil {
			t.Fatalf("kept headers = %v: want Content-Type and no Authorization", headers)
		}
	}
	if fmt.Sprint(outcomes) != "[body_invalid version_invalid  order_version_conflict]" {
		t.Fatalf("kept outcomes = %q", outcomes)
	}
	if status, _, _ := x.do(auth.Operations, "GET", "/api/v1/raw-events", ""); status != http.StatusForbidden {
		t.Fatalf("operations listing kept payloads = %d", status)
	}
	for range 2 {
		done := x.mustDo(auth.Admin, "POST", "/api/v1/raw-events/replay", `{"source":"api"}`)["items"].([]any)
		got := []string{}
		for _, d := range done {
			d := d.(map[string]any)
			if e, ok := d["error"].(map[string]any); ok {
				got = append(got, e["code"].(string))
			} else {
				got = append(got, d["effect"].(string))
			}
		}
		if fmt.Sprint(got) != "[body_invalid version_invalid duplicate order_version_conflict]" {
			t.Fatalf("replayed = %q", got)
		}
	}
	if again := x.mustDo(auth.Admin, "GET", "/api/v1/raw-events?source=api", "")["items"].([]any); len(again) != len(kept) {
		t.Fatalf("replaying kept %d new payloads", len(again)-len(kept))
	}
	if status, _, body := x.do(auth.Admin, "POST", "/api/v1/raw-events/replay", `{}`); status != http.StatusBadRequest ||
		errorCode(body) != "replay_unselected" {
		t.Fatalf("replay of nothing = %d %v", status, body)
	}
}
