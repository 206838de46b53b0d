package top

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/channel/taobao"
	"github.com/fnshub/fnshub/internal/sandbox"
)

var clock = time.Date(2026, 11, 11, 12, 0, 0, 0, time.UTC)

func newGateway(t *testing.T) (*Gateway, *httptest.Server) {
	t.Helper()
	g := New(Options{AppKey: "app", AppSecret: "secret", Session: "sess", Now: func() time.Time { return clock }})
	srv := httptest.NewServer(g.Handler())
	t.Cleanup(srv.Close)
	return g, srv
}

// params are a signed call's public params; edit changes them before signing.
func params(method string, business url.Values, edit func(url.Values)) url.Values {
	p := url.Values{"method": {method}, "app_key": {"app"}, "session": {"sess"}, "timestamp": {taobao.FormatTime(clock)},
		"v": {"2.0"}, "format": {"json"}, "sign_method": {"hmac-sha256"}}
	for k, v := range business {
		p[k] = v
	}
	if edit != nil {
		edit(p)
	}
	sign, _ := taobao.Sign(taobao.SignMethod(p.Get("sign_method")), "secret", p)
	p.Set("sign", sign)
	return p
}

func post(t *testing.T, srv *httptest.Server, p url.Values) map[string]map[string]any {
	t.Helper()
	resp, err := http.PostForm(BaseURL(srv.URL), p)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out map[string]map[string]any
	if resp.StatusCode != 200 || json.Unmarshal(b, &out) != nil {
		t.Fatalf("HTTP %d: %s", resp.StatusCode, b)
	}
	return out
}

func errorCode(t *testing.T, out map[string]map[string]any) float64 {
	t.Helper()
	e, ok := out["error_response"]
	if !ok {
		t.Fatalf("no error_response in %v", out)
	}
	if e["request_id"] == "" || e["msg"] == "" {
		t.Fatalf("error_response %v lacks msg or request_id", e)
	}
	return e["code"].(float64)
}

func TestAdmit(t *testing.T) {
	_, srv := newGateway(t)
	fields := url.Values{"fields": {"tid"}, "tid": {"1"}}
	for _, tc := range []struct {
		name string
		edit func(url.Values)
		code float64
	}{
		{"an unknown app key", func(p url.Values) { p.Set("app_key", "other") }, 29},
		{"a timestamp 11 minutes old", func(p url.Values) { p.Set("timestamp", taobao.FormatTime(clock.Add(-11*time.Minute))) }, 31},
		{"a timestamp in UTC instead of GMT+8", func(p url.Values) { p.Set("timestamp", clock.Format(taobao.TimeLayout)) }, 31},
		{"a wrong session", func(p url.Values) { p.Set("session", "old") }, 27},
		{"an unknown method", func(p url.Values) { p.Set("method", "taobao.nothing") }, 22},
		{"format xml", func(p url.Values) { p.Set("format", "xml") }, 23},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := errorCode(t, post(t, srv, params("taobao.trade.fullinfo.get", fields, tc.edit))); got != tc.code {
				t.Fatalf("code %v, want %v", got, tc.code)
			}
		})
	}
	t.Run("a sign over other params is code 25", func(t *testing.T) {
		p := params("taobao.trade.fullinfo.get", fields, nil)
		p.Set("tid", "2")
		if got := errorCode(t, post(t, srv, p)); got != 25 {
			t.Fatalf("code %v", got)
		}
	})
	t.Run("a timestamp 9 minutes ahead passes", func(t *testing.T) {
		out := post(t, srv, params("taobao.trade.fullinfo.get", fields, func(p url.Values) {
			p.Set("timestamp", taobao.FormatTime(clock.Add(9*time.Minute)))
		}))
		if e := out["error_response"]; e["sub_code"] != "isv.trade-not-exist" {
			t.Fatalf("got %v", out)
		}
	})
}

func TestIncrement(t *testing.T) {
	g, srv := newGateway(t)
	day := clock.Add(-48 * time.Hour)
	for i := range 5 {
		if err := g.AddTrade(Trade{Tid: int64(10 + i), Status: "WAIT_SELLER_SEND_GOODS", Modified: day.Add(time.Duration(i) * time.Hour),
			Payment: "1.00", Orders: []SubOrder{{Oid: 1, NumIID: 2, Num: 1, Price: "1.00"}}}); err != nil {
			t.Fatal(err)
		}
	}
	call := func(extra url.Values) map[string]any {
		b := url.Values{"fields": {"tid"}, "start_modified": {taobao.FormatTime(day)}, "end_modified": {taobao.FormatTime(day.Add(3 * time.Hour))}}
		for k, v := range extra {
			b[k] = v
		}
		return post(t, srv, params("taobao.trades.sold.increment.get", b, nil))["trades_sold_increment_get_response"]
	}
	t.Run("newest first, both ends included, paged", func(t *testing.T) {
		first, second := call(url.Values{"page_size": {"3"}}), call(url.Values{"page_size": {"3"}, "page_no": {"2"}})
		if first["total_results"].(float64) != 4 || tids(first) != "13,12,11" || tids(second) != "10" {
			t.Fatalf("pages %v / %v", first, second)
		}
		if first["request_id"] == "" {
			t.Fatal("no request_id")
		}
	})
	t.Run("use_has_next answers has_next instead of a total", func(t *testing.T) {
		out := call(url.Values{"page_size": {"3"}, "use_has_next": {"true"}})
		if out["has_next"] != true || out["total_results"] != nil {
			t.Fatalf("%v", out)
		}
	})
	t.Run("a span over a day and a page over 100 are refused", func(t *testing.T) {
		for _, bad := range []url.Values{{"end_modified": {taobao.FormatTime(day.Add(25 * time.Hour))}}, {"page_size": {"101"}}} {
			b := url.Values{"fields": {"tid"}, "start_modified": {taobao.FormatTime(day)}, "end_modified": {taobao.FormatTime(day.Add(time.Hour))}}
			for k, v := range bad {
				b[k] = v
			}
			if got := errorCode(t, post(t, srv, params("taobao.trades.sold.increment.get", b, nil))); got != 41 {
				t.Fatalf("%v: code %v", bad, got)
			}
		}
	})
}

func TestQuantityUpdate_DeltaNeverBelowZero(t *testing.T) {
	g, srv := newGateway(t)
	g.SetQuantity(5, "6", 3)
	out := post(t, srv, params("taobao.item.quantity.update", url.Values{"num_iid": {"5"}, "sku_id": {"6"}, "quantity": {"-10"}, "type": {"2"}}, nil))
	if q, _ := g.Quantity(5, "6"); q != 0 || out["item_quantity_update_response"] == nil {
		t.Fatalf("quantity %d, answer %v", q, out)
	}
	out = post(t, srv, params("taobao.item.quantity.update", url.Values{"num_iid": {"5"}, "sku_id": {"6"}, "quantity": {"-1"}}, nil))
	if errorCode(t, out) != 41 {
		t.Fatalf("a negative full quantity: %v", out)
	}
}

func TestThrottleFault(t *testing.T) {
	g, srv := newGateway(t)
	g.Faults().Queue(sandbox.Throttle)
	out := post(t, srv, params("taobao.trade.fullinfo.get", url.Values{"fields": {"tid"}, "tid": {"1"}}, nil))
	if errorCode(t, out) != 7 || !strings.Contains(out["error_response"]["sub_msg"].(string), "ban will last for 3 more seconds") {
		t.Fatalf("%v", out)
	}
}

func TestUpdateTrade_BumpsModified(t *testing.T) {
	g, _ := newGateway(t)
	if err := g.AddTrade(Trade{Tid: 1, Modified: clock}); err != nil {
		t.Fatal(err)
	}
	_ = g.UpdateTrade(1, func(tr *Trade) { tr.Status = "TRADE_CLOSED" })
	if tr, _ := g.Trade(1); !tr.Modified.After(clock) || tr.Status != "TRADE_CLOSED" {
		t.Fatalf("%+v", tr)
	}
	earlier := clock.Add(-time.Hour)
	_ = g.UpdateTrade(1, func(tr *Trade) { tr.Modified = earlier })
	if tr, _ := g.Trade(1); !tr.Modified.After(clock) {
		t.Fatalf("an update back in time was kept: %v", tr.Modified)
	}
	at := clock.Add(time.Hour)
	_ = g.UpdateTrade(1, func(tr *Trade) { tr.Modified = at })
	if tr, _ := g.Trade(1); !tr.Modified.Equal(at) {
		t.Fatalf("an update placed at %v is at %v", at, tr.Modified)
	}
	if g.AddTrade(Trade{Tid: 1}) == nil || g.UpdateTrade(2, func(*Trade) {}) == nil {
		t.Fatal("a duplicate or unknown trade was taken")
	}
}

func tids(page map[string]any) string {
	trades, _ := page["trades"].(map[string]any)
	list, _ := trades["trade"].([]any)
	var out []string
	for _, tr := range list {
		out = append(out, tr.(map[string]any)["tid_str"].(string))
	}
	return strings.Join(out, ",")
}
