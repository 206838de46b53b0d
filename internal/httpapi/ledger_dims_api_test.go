package httpapi

import (
	"fmt"
	"github.com/fnshub/fnshub/internal/finance"
	"net/http"
	"testing"

	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// dimSale is a sale of shop and channel with SKU-less dimensions and an
// order as source, in entity.
func dimSale(entity int, shop, channel, at, amount string) string {
	return fmt.Sprintf(`{"entity":%d,"description":"sale","effective_at":%q,"postings":[
	{"account":"1122","side":"debit","amount":{"amount":%q,"currency":"CNY"},"shop":%q,"channel":%q,"source":{"kind":"order","id":"o-%s"}},
	{"account":"6001","side":"credit","amount":{"amount":%q,"currency":"CNY"},"shop":%q,"channel":%q,"sku":"TEA-250"}]}`,
		entity, at, amount, shop, channel, shop, amount, shop, channel)
}

func TestAPI_EntitiesAndDimensions(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			x := newAPIOn(t, e.Open(t))
			if status, _, body := x.do(auth.Admin, "POST", "/api/v1/entities", `{"code":"hk","name":"香港贸易","base_currency":"CNY","timezone":"Asia/Hong_Kong"}`); status != http.StatusCreated || body["id"] != float64(2) {
				t.Fatalf("create entity hk = %d %v", status, body)
			}
			if status, _, body := x.do(auth.Finance, "POST", "/api/v1/ledger/entries", dimSale(3, "tm-2", "tmall", "2026-11-11T10:00:00+08:00", "1.00"), "Idempotency-Key", "d-none"); status != http.StatusBadRequest || errorCode(body) != "entity_not_found" {
				t.Fatalf("posting to entity 3, which does not exist = %d %v", status, body)
			}
			if status, _, body := x.do(auth.Viewer, "GET", "/api/v1/ledger/trial-balance?entity=nowhere", ""); status != http.StatusNotFound || errorCode(body) != "entity_not_found" {
				t.Fatalf("trial balance of an unknown entity = %d %v", status, body)
			}
			posts := []string{
				dimSale(1, "tm-1", "tmall", "2026-11-11T10:00:00+08:00", "10.00"),
				dimSale(1, "jd-1", "jd", "2026-11-11T11:00:00+08:00", "20.00"),
				dimSale(1, "tm-1", "tmall", "2026-11-12T10:00:00+08:00", "30.00"),
				dimSale(2, "tm-2", "tmall", "2026-11-11T10:00:00+08:00", "40.00"),
			}
			for i, p := range posts {
				if status, _, body := x.do(auth.Finance, "POST", "/api/v1/ledger/entries", p, "Idempotency-Key", fmt.Sprint("d", i)); status != http.StatusCreated {
					t.Fatalf("post %d = %d %v", i, status, body)
				}
			}
			_, _, e2 := x.do(auth.Viewer, "GET", "/api/v1/ledger/entries?entity=2", "")
			items := e2["items"].([]any)
			if len(items) != 1 || items[0].(map[string]any)["entity"] != float64(2) || items[0].(map[string]any)["seq"] != float64(1) {
				t.Fatalf("entity 2's entries = %v, want its one entry, number 1", items)
			}
			p0 := items[0].(map[string]any)["postings"].([]any)[0].(map[string]any)
			if p0["shop"] != "tm-2" || p0["source"].(map[string]any)["kind"] != "order" {
				t.Fatalf("posting read back = %v, want its dimensions", p0)
			}
			// Movements of 1122 in entity 1 for tmall, one per page.
			var amounts []string
			for cursor := ""; ; {
				status, _, page := x.do(auth.Viewer, "GET", "/api/v1/ledger/accounts/1122/movements?channel=tmall&limit=1&cursor="+cursor, "")
				if status != 200 {
					t.Fatalf("movements = %d %v", status, page)
				}
				for _, it := range page["items"].([]any) {
					amounts = append(amounts, it.(map[string]any)["amount"].(map[string]any)["amount"].(string))
				}
				if cursor = page["next_cursor"].(string); cursor == "" {
					break
				}
			}
			if fmt.Sprint(amounts) != "[10.00 30.00]" {
				t.Fatalf("tmall movements of 1122 = %v, want 10.00 then 30.00", amounts)
			}
			for _, c := range []struct{ query, want string }{
				{"", "60.00"}, {"?shop=jd-1", "20.00"}, {"?to=2026-11-11", "30.00"}, {"?from=2026-11-11&channel=tmall", "30.00"}, {"?entity=2", "40.00"},
			} {
				_, _, b := x.do(auth.Viewer, "GET", "/api/v1/ledger/accounts/1122/balance"+c.query, "")
				bals := b["balances"].([]any)
				if len(bals) != 1 || bals[0].(map[string]any)["amount"].(map[string]any)["amount"] != c.want || bals[0].(map[string]any)["side"] != "debit" {
					t.Errorf("balance of 1122%s = %v, want debit %s", c.query, b, c.want)
				}
			}
			_, _, b := x.do(auth.Viewer, "GET", "/api/v1/ledger/accounts/6001/balance?sku=TEA-250&entity=1", "")
			if bals := b["balances"].([]any); len(bals) != 1 || bals[0].(map[string]any)["side"] != "credit" {
				t.Errorf("balance of 6001 for TEA-250 = %v, want a credit", b)
			}
			_, _, tb := x.do(auth.Viewer, "GET", "/api/v1/ledger/trial-balance?entity=hk", "")
			if tb["entity"] != float64(2) || len(tb["lines"].([]any)) != 2 {
				t.Fatalf("entity 2's trial balance = %v", tb)
			}
			// Reversing entity 2's entry stays in entity 2.
			id := items[0].(map[string]any)["id"].(float64)
			_, _, rev := x.do(auth.Finance, "POST", fmt.Sprintf("/api/v1/ledger/entries/%d/reversal", int64(id)), "", "Idempotency-Key", "undo-e2")
			if rev["entity"] != float64(2) || rev["seq"] != float64(2) {
				t.Fatalf("reversal = %v, want entity 2's entry number 2", rev)
			}
			for _, c := range []struct{ method, path, body, code string }{
				{"GET", "/api/v1/ledger/entries?entity=0", "", "entity_invalid"},
				{"GET", "/api/v1/ledger/accounts/1122/movements?cursor=x", "", "cursor_invalid"},
				{"GET", "/api/v1/ledger/accounts/1122/movements?from=2026-11-12&to=2026-11-11", "", "period_invalid"},
				{"POST", "/api/v1/ledger/entries", `{"postings":[{"account":"1122","side":"debit","amount":{"amount":"1.00","currency":"CNY"},"source":{"kind":"invoice","id":"1"}},{"account":"6001","side":"credit","amount":{"amount":"1.00","currency":"CNY"}}]}`, "source_kind_invalid"},
			} {
				status, _, body := x.do(auth.Finance, c.method, c.path, c.body, "Idempotency-Key", "bad-"+c.code)
				if status != http.StatusBadRequest || errorCode(body) != c.code {
					t.Errorf("%s %s = %d %v, want 400 %s", c.method, c.path, status, body, c.code)
				}
			}
		})
	}
}

func TestAPI_AccountMaps(t *testing.T) {
	x := newAPI(t)
	_, _, got := x.do(auth.Viewer, "GET", "/api/v1/ledger/account-maps", "")
	if cur := got["current"].(map[string]any); cur["version"] != float64(0) || len(cur["accounts"].([]any)) != len(finance.Roles()) {
		t.Fatalf("maps before any is saved = %v, want the default, version 0", got)
	}
	body := `{"accounts":[{"role":"receivable","channel":"tmall","account":"1122.01"}]}`
	if status, _, b := x.do(auth.Finance, "POST", "/api/v1/ledger/account-maps", body); status != http.StatusNotFound || errorCode(b) != "account_not_found" {
		t.Fatalf("map to a missing account = %d %v, want 404", status, b)
	}
	x.mustDo(auth.Finance, "POST", "/api/v1/ledger/accounts", `{"code":"1122.01","name_zh":"应收账款-天猫","class":"asset","normal_side":"debit"}`)
	if status, _, b := x.do(auth.Viewer, "POST", "/api/v1/ledger/account-maps", body); status != http.StatusForbidden {
		t.Fatalf("a viewer saving a map = %d %v, want 403", status, b)
	}
	status, _, saved := x.do(auth.Finance, "POST", "/api/v1/ledger/account-maps", body)
	if status != http.StatusCreated || saved["version"] != float64(1) || len(saved["accounts"].([]any)) != len(finance.Roles())+1 {
		t.Fatalf("save = %d %v, want version 1 with the default accounts and tmall's", status, saved)
	}
	_, _, got = x.do(auth.Viewer, "GET", "/api/v1/ledger/account-maps?entity=1", "")
	if len(got["versions"].([]any)) != 2 || got["current"].(map[string]any)["version"] != float64(1) {
		t.Fatalf("maps after saving = %v", got)
	}
	if status, _, b := x.do(auth.Finance, "POST", "/api/v1/ledger/account-maps", `{"accounts":[{"role":"bank","account":"1002"}]}`); status != 400 || errorCode(b) != "role_invalid" {
		t.Fatalf("an unknown role = %d %v", status, b)
	}
}
