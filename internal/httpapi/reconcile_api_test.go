package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/settlement/settlementtest"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// A payout is reconciled over the API: the order the hub has matches, the
// sale it has no order for is classified, the waterfall has no remainder
// and the entry is posted; reconciling again with nothing changed is a
// duplicate that posts nothing. The payouts list carries the current
// run's differences by class, read in one query for the page.
func TestAPI_ReconcilePayout(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) { testReconcilePayout(t, e.Open(t)) })
	}
}

func testReconcilePayout(t *testing.T, db *store.DB) {
	x := newAPIOn(t, db)
	x.stockTea("")
	x.mustDo(auth.Operations, "POST", "/api/v1/orders", fmt.Sprintf(orderBody, 1, "paid")) // W-1001, 127.80
	file := settlementtest.Header + "\n" +
		"P-1\tk-1\tsale\tW-1001\t127.80\n" +
		"P-1\tk-2\tsale\tW-9999\t10.00\n" +
		"P-1\t\tpayout\t\t137.80\n"
	x.mustDo(auth.Finance, "POST", "/api/v1/settlements/imports?format=tsv&shop=S1", file, "Content-Type", tsvType)
	page := x.mustDo(auth.Finance, "GET", "/api/v1/settlements/payouts?shop=S1", "")
	id := int64(page["items"].([]any)[0].(map[string]any)["id"].(float64))
	if r, ok := page["items"].([]any)[0].(map[string]any)["reconciliation"]; ok {
		t.Fatalf("never reconciled, the list says %v", r)
	}

	before := x.mustDo(auth.Viewer, "GET", fmt.Sprintf("/api/v1/settlements/payouts/%d/reconciliation", id), "")
	if before["run"] != nil || len(before["differences"].([]any)) != 0 {
		t.Fatalf("never reconciled: %v", before)
	}
	if status, _, ans := x.do(auth.Operations, "POST", fmt.Sprintf("/api/v1/settlements/payouts/%d/reconcile", id), ""); status != http.StatusForbidden {
		t.Fatalf("operations reconciles = %d %v", status, ans)
	}

	done := x.mustDo(auth.Finance, "POST", fmt.Sprintf("/api/v1/settlements/payouts/%d/reconcile", id), "")
	if done["status"] != "applied" || len(done["posted"].([]any)) == 0 {
		t.Fatalf("reconcile: %v", done)
	}
	rec := done["reconciliation"].(map[string]any)
	diffs := rec["differences"].([]any)
	if len(diffs) != 1 {
		t.Fatalf("differences = %v, want only the sale the hub has no order for", diffs)
	}
	if d := diffs[0].(map[string]any); d["class"] != "order_not_in_hub" || d["order_ref"] != "W-9999" {
		t.Fatalf("difference = %v", d)
	}
	wf := rec["waterfall"].(map[string]any)
	if wf["remainder"].(map[string]any)["amount"] != "0.00" || len(wf["steps"].([]any)) != 6 {
		t.Fatalf("waterfall = %v", wf)
	}
	brief := func() any {
		t.Helper()
		return x.mustDo(auth.Viewer, "GET", "/api/v1/settlements/payouts?shop=S1", "")["items"].([]any)[0].(map[string]any)["reconciliation"]
	}
	got, _ := json.Marshal(brief())
	if want := fmt.Sprintf(`{"by_class":{"order_not_in_hub":1},"differences":1,"remainder":{"amount":"0.00","currency":"CNY"},"run":%v}`, done["run_id"]); string(got) != want {
		t.Fatalf("the list's reconciliation = %s, want %s", got, want)
	}
	entry := int64(done["posted"].([]any)[0].(float64))
	if e := x.mustDo(auth.Viewer, "GET", fmt.Sprintf("/api/v1/ledger/entries/%d", entry), ""); len(e["postings"].([]any)) < 2 {
		t.Fatalf("posted entry = %v", e)
	}

	again := x.mustDo(auth.Finance, "POST", fmt.Sprintf("/api/v1/settlements/payouts/%d/reconcile", id), "")
	if again["status"] != "duplicate" || len(again["posted"].([]any)) != 0 || again["run_id"] != done["run_id"] {
		t.Fatalf("again: %v", again)
	}
	after := x.mustDo(auth.Viewer, "GET", fmt.Sprintf("/api/v1/settlements/payouts/%d/reconciliation", id), "")
	if runs := after["runs"].([]any); len(runs) != 1 || runs[0].(map[string]any)["status"] != "current" {
		t.Fatalf("runs = %v", after["runs"])
	}
	if status, _, ans := x.do(auth.Viewer, "GET", "/api/v1/settlements/payouts/999999/reconciliation", ""); status != http.StatusNotFound {
		t.Fatalf("missing payout = %d %v", status, ans)
	}
}
