package top

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// FuzzGateway posts arbitrary business params, signed, to every method:
// the gateway answers each with one JSON envelope and never panics.
func FuzzGateway(f *testing.F) {
	f.Add("taobao.trades.sold.increment.get", "start_modified=2026-11-11+00:00:00&end_modified=2026-11-11+01:00:00&fields=tid&page_size=3")
	f.Add("taobao.item.quantity.update", "num_iid=5&sku_id=6&quantity=-3&type=2")
	f.Add("taobao.logistics.offline.send", "tid=1&out_sid=SF1&company_code=SF&is_split=1&sub_tid=11,x")
	f.Add("taobao.top.oaid.decrypt", `query_list=[{"tid":"1","oaid":"o"}]`)
	f.Fuzz(func(t *testing.T, method, form string) {
		g := New(Options{AppKey: "app", AppSecret: "secret", Session: "sess", Now: func() time.Time { return clock }})
		g.SetQuantity(5, "6", 2)
		_ = g.AddTrade(Trade{Tid: 1, Status: "WAIT_SELLER_SEND_GOODS", Modified: clock, Orders: []SubOrder{{Oid: 11, Num: 1}}})
		business, err := url.ParseQuery(form)
		if err != nil {
			return
		}
		p := params(method, business, nil)
		r := httptest.NewRequest(http.MethodPost, Path, strings.NewReader(p.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := httptest.NewRecorder()
		g.Handler().ServeHTTP(w, r)
		var env map[string]json.RawMessage
		if w.Code != 200 || json.Unmarshal(w.Body.Bytes(), &env) != nil || len(env) != 1 {
			t.Fatalf("HTTP %d: %s", w.Code, w.Body)
		}
	})
}
