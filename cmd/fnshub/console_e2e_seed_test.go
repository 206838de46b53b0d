package main

import (
	"fmt"
	"net/http"
	"time"

	"github.com/fnshub/fnshub/internal/config"
)

// The second legal entity the AR/AP page must tell apart from the default
// one (web/e2e/finance.e2e.mjs, visitArap): its code, its supplier and the
// bill booked in it, in its own currency.
const (
	e2eEntity         = "e2e-hk"
	e2eEntityName     = "E2E 香港贸易"
	e2eEntitySupplier = "E2E-HK-FARM"
	e2eEntityBill     = "880.00"
	e2eEntityCurrency = "HKD"
)

// seedBills books the supplier bills the AR/AP page shows: one of the
// default entity, 45 days old on 30-day terms (15 days past due: the
// payables aging's 1–30 bucket, its tie, the forecast's first week), and
// one as old in a second legal entity, which the default entity's aging
// must not show.
func seedBills(api demoAPI, cfg config.Config) {
	t := api.t
	t.Helper()
	billDate := time.Now().In(cfg.Location()).AddDate(0, 0, -45).Format(time.DateOnly)
	bill := func(supplier, number, amount, currency string) map[string]any {
		return map[string]any{"supplier": supplier, "number": number, "date": billDate,
			"amount": map[string]string{"amount": amount, "currency": currency}, "account": "6602"}
	}
	for i, s := range []struct {
		what, method, path string
		body               any
		want               int
	}{
		{"the e2e supplier", "PUT", "/api/v1/ap/suppliers/E2E-FARM", map[string]any{"name": "E2E Tea Farm", "currency": cfg.Currency, "terms_days": 30}, http.StatusOK},
		{"the e2e bill", "POST", "/api/v1/ap/bills", bill("E2E-FARM", "E2E-B1", "1234.56", cfg.Currency), http.StatusCreated},
		{"the second entity", "POST", "/api/v1/entities", map[string]any{"code": e2eEntity, "name": e2eEntityName, "base_currency": e2eEntityCurrency, "timezone": "Asia/Hong_Kong"}, http.StatusCreated},
		{"its supplier", "PUT", "/api/v1/ap/suppliers/" + e2eEntitySupplier, map[string]any{"name": "E2E HK Farm", "currency": e2eEntityCurrency, "terms_days": 30}, http.StatusOK},
		{"its bill", "POST", "/api/v1/ap/bills?entity=" + e2eEntity, bill(e2eEntitySupplier, "E2E-HK-B1", e2eEntityBill, e2eEntityCurrency), http.StatusCreated},
	} {
		if code := api.send(s.method, s.path, s.body, fmt.Sprintf("e2e-seed-%d", i), nil); code != s.want {
			t.Fatalf("%s: %s %s = %d, want %d", s.what, s.method, s.path, code, s.want)
		}
	}
}

// seedReversedEntry books a manual entry and its reversal (they cancel
// out) for the entry drawer's own URL (web/e2e/finance.e2e.mjs,
// visitEntryURL): the entry names the reversal in reversed_by and the
// reversal names it in reverses. It answers both ids.
func seedReversedEntry(api demoAPI) (entry, reversal int64) {
	t := api.t
	t.Helper()
	posting := func(account, side string) map[string]any {
		return map[string]any{"account": account, "side": side, "amount": map[string]string{"amount": "66.00", "currency": "CNY"}}
	}
	var e, r struct {
		ID int64 `json:"id"`
	}
	body := map[string]any{"description": "E2E 手工凭证", "postings": []any{posting("6602", "debit"), posting("1002", "credit")}}
	if code := api.send("POST", "/api/v1/ledger/entries", body, "e2e-seed-entry", &e); code != http.StatusCreated || e.ID == 0 {
		t.Fatalf("the e2e manual entry: %d %+v", code, e)
	}
	if code := api.send("POST", fmt.Sprintf("/api/v1/ledger/entries/%d/reversal", e.ID), nil, "e2e-seed-reversal", &r); code != http.StatusCreated || r.ID == 0 {
		t.Fatalf("its reversal: %d %+v", code, r)
	}
	return e.ID, r.ID
}

// e2eCampaign is the campaign of the order seedCampaignOrder places, whose
// ad spend the profit page imports (web/e2e/profit.e2e.mjs): the demo's
// buyers tag no campaign, so without it a campaign's ROI could only be
// that of spend without sales.
const e2eCampaign = "e2e-spring"

// seedCampaignOrder places a paid order of the demo web shop attributed to
// e2eCampaign, of the SKU the shop may publish most of (so it allocates).
func seedCampaignOrder(api demoAPI, cfg config.Config) {
	t := api.t
	t.Helper()
	now := time.Now().In(cfg.Location())
	body := map[string]any{"channel": "web", "shop": demoWebID, "external_id": "E2E-CAMPAIGN-1", "version": 1, "status": "paid",
		"currency": cfg.Currency, "created_at": now, "paid_at": now, "campaign": e2eCampaign,
		"lines":   []any{map[string]any{"sku": api.roomiest(demoWebID), "quantity": 2, "unit_price": map[string]string{"amount": "150.00", "currency": cfg.Currency}}},
		"contact": map[string]string{"name": "活动买家", "phone": "13900000001", "province": "浙江省", "city": "杭州市", "detail": "活动路 1 号"}}
	if code := api.send("POST", "/api/v1/orders", body, "e2e-seed-campaign-order", nil); code != http.StatusCreated {
		t.Fatalf("the e2e campaign order: %d", code)
	}
}
