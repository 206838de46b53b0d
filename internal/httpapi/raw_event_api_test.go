package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
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

// TestAPI_RawPayloadOpensOneKeptBody: an admin reads a kept payload as it
// arrived (the console's order trail); other roles may not, an unknown id
// is a 404 naming where to list them.
func TestAPI_RawPayloadOpensOneKeptBody(t *testing.T) {
	x := newAPI(t)
	x.stockTea("")
	sent := fmt.Sprintf(orderBody, 1, "paid")
	x.mustDo(auth.Operations, "POST", "/api/v1/orders", sent)
	if status, _, _ := x.do(auth.Operations, "POST", "/api/v1/orders", `{"channel":"web",`); status != http.StatusBadRequest {
		t.Fatalf("a broken body: %d, want 400", status)
	}
	kept := x.mustDo(auth.Admin, "GET", "/api/v1/raw-events?source=api", "")["items"].([]any)
	if len(kept) != 2 {
		t.Fatalf("kept %d payloads, want 2", len(kept))
	}
	first := kept[0].(map[string]any)
	got := x.mustDo(auth.Admin, "GET", fmt.Sprintf("/api/v1/raw-events/%v", first["id"]), "")
	var want any
	if err := json.Unmarshal([]byte(sent), &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got["body"], want) || got["order_key"] != first["order_key"] || got["source"] != "api" {
		t.Fatalf("payload %v = %v, want the body sent %v", first["id"], got, want)
	}
	second := kept[1].(map[string]any)
	if got := x.mustDo(auth.Admin, "GET", fmt.Sprintf("/api/v1/raw-events/%v", second["id"]), ""); got["body"] != `{"channel":"web",` {
		t.Fatalf("a body that is not JSON comes back as its text: %v", got["body"])
	}
	if status, _, _ := x.do(auth.Operations, "GET", fmt.Sprintf("/api/v1/raw-events/%v", first["id"]), ""); status != http.StatusForbidden {
		t.Fatalf("operations reading a payload = %d, want 403", status)
	}
	if status, _, body := x.do(auth.Admin, "GET", "/api/v1/raw-events/999999", ""); status != http.StatusNotFound || errorCode(body) != "raw_event_not_found" {
		t.Fatalf("unknown payload = %d %v", status, body)
	}
}
