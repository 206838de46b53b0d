package httpapi

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/auth"
)

// TestAPI_EveryListPagesByNextCursor walks every paged list one item at a
// time: each page carries next_cursor, empty on the last page, and the
// pages hold every item once.
func TestAPI_EveryListPagesByNextCursor(t *testing.T) {
	x := newCatalogAPI(t)
	for i := range 2 {
		x.mustDo(auth.Finance, "POST", "/api/v1/ledger/entries", sale, "Idempotency-Key", fmt.Sprint("e", i))
		body := strings.Replace(fmt.Sprintf(orderBody, 1, "paid"), "W-1001", fmt.Sprint("W-", i), 1)
		x.mustDo(auth.Operations, "POST", "/api/v1/orders", body)
	}
	x.mustDo(auth.Operations, "POST", "/api/v1/products", `{"code":"CUP","name":"杯"}`)
	x.mustDo(auth.Operations, "POST", "/api/v1/skus", `{"code":"GIFT-2","name":"礼盒二","tax_rate":"0.13","components":[{"sku":"TEA-250","quantity":3}]}`)
	lists := map[string]string{ // path: the key of an item
		"/api/v1/ledger/entries": "id", "/api/v1/orders": "id",
		"/api/v1/products": "code", "/api/v1/skus": "code", "/api/v1/bundles": "code",
	}
	keys := func(page map[string]any, key string) (out []string) {
		for _, it := range page["items"].([]any) {
			out = append(out, fmt.Sprint(it.(map[string]any)[key]))
		}
		return out
	}
	for path, key := range lists {
		all := x.mustDo(auth.Admin, "GET", path, "")
		want := keys(all, key)
		if len(want) < 2 || all["next_cursor"] != "" {
			t.Fatalf("GET %s = %v, want two items or more on one last page", path, all)
		}
		var got []string
		for cursor, pages := "", 0; pages <= len(want); pages++ {
			page := x.mustDo(auth.Admin, "GET", path+"?limit=1&cursor="+cursor, "")
			got = append(got, keys(page, key)...)
			next, ok := page["next_cursor"].(string)
			if !ok {
				t.Fatalf("GET %s: no next_cursor in %v", path, page)
			}
			if cursor = next; cursor == "" {
				break
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("GET %s paged one at a time = %v, want %v", path, got, want)
		}
	}
}
