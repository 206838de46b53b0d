package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/channel/generic"
	"github.com/fnshub/fnshub/internal/job/jobdb"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

type hookCreds map[string]string

func (c hookCreds) Credentials(context.Context, string) (map[string]string, map[string]string, string, error) {
	return nil, c, "", nil
}

// TestAPI_GenericHook posts a merchant site's order to /hooks/generic/S1
// signed as the README tells a developer to, and follows it to the order.
func TestAPI_GenericHook(t *testing.T) {
	db := storetest.SQLite(t)
	if _, err := jobdb.Migrate(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	var hooks *app.Hooks
	x := newAPIWith(t, db, func(d *Deps) {
		hooks = app.NewHooks(d.Orders, d.Shops, app.NewShopConnectors(hookCreds{"webhook_secret": "whsec-1"}, DecodeOrder))
		d.Hooks = hooks
	})
	t.Cleanup(hooks.Close)
	x.stockTea("")
	body := fmt.Sprintf(orderBody, 1, "paid")
	sig := generic.Sign([]byte("whsec-1"), []byte(body))

	status, _, ans := x.do("", "POST", "/hooks/generic/S1", body, generic.SignatureHeader, sig, generic.DeliveryHeader, "site-77")
	if status != http.StatusOK || ans["status"] != "accepted" || ans["delivery_id"] != "site-77" {
		t.Fatalf("signed delivery = %d %v", status, ans)
	}
	status, _, again := x.do("", "POST", "/hooks/generic/S1", body, generic.SignatureHeader, sig, generic.DeliveryHeader, "site-77")
	if status != http.StatusOK || again["status"] != "duplicate" {
		t.Fatalf("the same delivery again = %d %v", status, again)
	}
	status, _, forged := x.do("", "POST", "/hooks/generic/S1", strings.Replace(body, "59.90", "0.01", 1), generic.SignatureHeader, sig)
	if status != http.StatusUnauthorized || errorCode(forged) != "signature_invalid" {
		t.Fatalf("a tampered body = %d %v", status, forged)
	}
	status, _, bad := x.do("", "POST", "/hooks/generic/S1", `{"channel":"web","shop":"S1"}`, generic.SignatureHeader,
		generic.Sign([]byte("whsec-1"), []byte(`{"channel":"web","shop":"S1"}`)))
	if status != http.StatusBadRequest || bad["error"].(map[string]any)["field"] == "" {
		t.Fatalf("a signed body that is no order = %d %v", status, bad)
	}
	if status, _, _ := x.do("", "POST", "/hooks/generic/nobody", body, generic.SignatureHeader, sig); status != http.StatusNotFound {
		t.Fatalf("an unknown shop = %d", status)
	}

	if err := hooks.Process(context.Background(), int64(ans["raw_event_id"].(float64))); err != nil {
		t.Fatal(err)
	}
	_, _, list := x.do(auth.Viewer, "GET", "/api/v1/orders?shop=S1", "")
	items := list["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["external_id"] != "W-1001" || items[0].(map[string]any)["status"] != "allocated" {
		t.Fatalf("after the job: %v", list)
	}
	_, _, refused := x.do(auth.Admin, "GET", "/api/v1/raw-events?refused=true", "")
	if n := len(refused["items"].([]any)); n != 4 { // the duplicate, the forgery, the bad body, the unknown shop
		t.Fatalf("refused payloads kept: %d %v", n, refused)
	}
}
