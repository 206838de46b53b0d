package httpapi

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/settlement/settlementtest"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// A shop's payouts are reconciled in one call, oldest first; again, each
// is a duplicate that posts nothing. A payout that fails midway (one in
// USD naming a CNY order, with no exchange rate) leaves the payouts
// before it booked: the answer is 200 with them and stopped. An error
// status comes only when nothing was booked.
func TestAPI_ReconcileShop(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) { testReconcileShop(t, e.Open(t)) })
	}
}

func testReconcileShop(t *testing.T, db *store.DB) {
	x := newAPIOn(t, db)
	x.stockTea("")
	x.mustDo(auth.Operations, "POST", "/api/v1/orders", fmt.Sprintf(orderBody, 1, "paid")) // W-1001, 127.80
	file := settlementtest.Header + "\n" +
		"P-1\tk-1\tsale\tW-1001\t127.80\n" +
		"P-1\t\tpayout\t\t127.80\n" +
		"P-2\tk-2\tsale\tW-9999\t10.00\n" +
		"P-2\t\tpayout\t\t10.00\n"
	x.mustDo(auth.Finance, "POST", "/api/v1/settlements/imports?format=tsv&shop=S1", file, "Content-Type", tsvType)
	const path = "/api/v1/shops/S1/settlement-reconcile"

	if status, _, ans := x.do(auth.Operations, "POST", path, ""); status != http.StatusForbidden {
		t.Fatalf("operations reconciles = %d %v", status, ans)
	}
	done := x.mustDo(auth.Finance, "POST", path, "")
	got := done["reconciled"].([]any)
	if len(got) != 2 || done["payouts"] != 2.0 || done["stopped"] != nil {
		t.Fatalf("reconcile: %v", done)
	}
	for i, ref := range []string{"P-1", "P-2"} {
		p := got[i].(map[string]any)
		if p["ref"] != ref || p["status"] != "applied" || len(p["posted"].([]any)) == 0 || p["run_id"] == 0.0 {
			t.Fatalf("payout %d: %v", i, p)
		}
	}
	if d := got[1].(map[string]any)["differences"]; d != 1.0 {
		t.Fatalf("P-2 has a sale the hub has no order for, differences = %v", d)
	}
	totals := done["totals"].(map[string]any)
	if totals["applied"] != 2.0 || totals["duplicate"] != 0.0 || totals["differences"] != 1.0 ||
		totals["posted"] != float64(len(got[0].(map[string]any)["posted"].([]any))+len(got[1].(map[string]any)["posted"].([]any))) {
		t.Fatalf("totals: %v", totals)
	}
	// Each payout's list entry now names the run the call made.
	for _, item := range x.mustDo(auth.Viewer, "GET", "/api/v1/settlements/payouts?shop=S1", "")["items"].([]any) {
		p := item.(map[string]any)
		want := got[0].(map[string]any)
		if p["ref"] == "P-2" {
			want = got[1].(map[string]any)
		}
		if rec, _ := p["reconciliation"].(map[string]any); rec == nil || rec["run"] != want["run_id"] {
			t.Fatalf("payout %v: reconciliation %v, want run %v", p["ref"], p["reconciliation"], want["run_id"])
		}
	}

	again := x.mustDo(auth.Finance, "POST", path, "")
	if tt := again["totals"].(map[string]any); tt["duplicate"] != 2.0 || tt["posted"] != 0.0 || again["stopped"] != nil {
		t.Fatalf("again: %v", again)
	}

	// P-3, paid in USD, names the CNY order: with no rate it cannot be
	// reconciled, and P-1 and P-2 before it stay as they are.
	usd := settlementtest.Header + "\n" + "P-3\tk-3\tsale\tW-1001\t17.80\n" + "P-3\t\tpayout\t\t17.80\n"
	x.mustDo(auth.Finance, "POST", "/api/v1/settlements/imports?format=tsv-usd&shop=S1", usd, "Content-Type", tsvType)
	part := x.mustDo(auth.Finance, "POST", path, "")
	stopped, _ := part["stopped"].(map[string]any)
	if len(part["reconciled"].([]any)) != 2 || part["payouts"] != 3.0 || stopped == nil || stopped["ref"] != "P-3" ||
		stopped["error"].(map[string]any)["code"] != "fx_rate_missing" {
		t.Fatalf("stopped midway: %v", part)
	}
	if status, _, ans := x.do(auth.Viewer, "GET", fmt.Sprintf("/api/v1/settlements/payouts/%v/reconciliation", stopped["payout_id"]), ""); status != http.StatusOK || ans["run"] != nil {
		t.Fatalf("the payout it stopped at has a run: %d %v", status, ans)
	}

	if status, _, ans := x.do(auth.Finance, "POST", "/api/v1/shops/nowhere/settlement-reconcile", ""); status != http.StatusNotFound || errorCode(ans) != "shop_not_found" {
		t.Fatalf("unknown shop = %d %v", status, ans)
	}
	if status, _, ans := x.do(auth.Finance, "POST", "/api/v1/shops/jd/settlement-reconcile", ""); status != http.StatusConflict || errorCode(ans) != "settlement_payouts_missing" {
		t.Fatalf("a shop without payouts = %d %v", status, ans)
	}
}
