package taobao

import (
	"encoding/json"
	"errors"
	"net/url"
	"regexp"
	"testing"

	"github.com/fnshub/fnshub/internal/channel"
)

// onlyPlatformErrors fails unless err is nil or an *channel.Error.
func onlyPlatformErrors(t *testing.T, err error) {
	t.Helper()
	var e *channel.Error
	if err != nil && !errors.As(err, &e) {
		t.Fatalf("error %T is not a *channel.Error: %v", err, err)
	}
}

func FuzzClassify(f *testing.F) {
	f.Add(200, read(f, "error_response.json"))
	f.Add(200, read(f, "trade_fullinfo_get.json"))
	f.Add(200, []byte(`{"error_response":{"code":"7","sub_msg":"This ban will last 9999999 more seconds"}}`))
	f.Add(503, []byte(`<html>`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		err := classify(status, body, []string{"secret"})
		onlyPlatformErrors(t, err)
		if e, ok := err.(*channel.Error); ok && (e.Kind == 0 || e.RetryAfter < 0) {
			t.Fatalf("classify = %+v", e)
		}
	})
}

// FuzzIncrement runs a pulled page through what PullOrders does with it:
// unwrap the envelope, read the page, map every trade.
func FuzzIncrement(f *testing.F) {
	// A small page: the engine minimises every new input, slowly for big ones.
	f.Add([]byte(`{"trades_sold_increment_get_response":{"total_results":1,"trades":{"trade":[{"tid":1,"status":"TRADE_CLOSED",` +
		`"modified":"2026-11-11 00:00:00","payment":"9.50","post_fee":"1","orders":{"order":[{"num_iid":2,"num":2,"price":"5.00",` +
		`"total_fee":"10.00","part_mjz_discount":"1.50","refund_status":"SUCCESS"}]}}]}}}`))
	f.Add([]byte(`{"trades_sold_increment_get_response":{"total_results":0}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		inner, err := unwrap(methodIncrement, body)
		if err != nil {
			onlyPlatformErrors(t, err)
			return
		}
		page, err := decodeIncrement(inner)
		if err != nil {
			onlyPlatformErrors(t, err)
			return
		}
		k := &Connector{cfg: channel.Config{Channel: "tmall", Shop: "s"}}
		orders, err := k.mapAll(page.Trades.Trade)
		onlyPlatformErrors(t, err)
		for _, o := range orders {
			checkMapped(t, o)
		}
	})
}

func FuzzMapTrade(f *testing.F) {
	inner, _ := unwrap(methodFullinfo, read(f, "trade_fullinfo_get.json"))
	var res struct {
		Trade json.RawMessage `json:"trade"`
	}
	_ = json.Unmarshal(inner, &res)
	f.Add([]byte(res.Trade))
	f.Add([]byte(`{"tid":1,"status":"WAIT_BUYER_PAY","modified":"2026-01-01 00:00:00","payment":"1","orders":{"order":[{"num_iid":2,"num":1,"price":"1"}]}}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		o, err := mapTrade("taobao", "s", raw)
		onlyPlatformErrors(t, err)
		if err == nil {
			checkMapped(t, o)
		}
	})
}

// checkMapped holds what every mapped trade keeps: an id and version, CNY
// lines, and a price that either works out or is refused with a reason.
func checkMapped(t *testing.T, o channel.Order) {
	t.Helper()
	if o.Order.ExternalID == "" || o.Order.Version == 0 || len(o.Order.Lines) == 0 || o.Order.Currency != cny || o.PaidTotal == nil {
		t.Fatalf("mapped %+v", o.Order)
	}
	for _, l := range o.Order.Lines {
		if l.Quantity <= 0 || l.UnitPrice.Currency() != cny || l.LineDiscount.Currency() != cny {
			t.Fatalf("line %+v", l)
		}
	}
	_ = o.Order.Price() // may refuse (a discount beyond the price), must not panic
}

var upperHex = regexp.MustCompile(`^[0-9A-F]+$`)

func FuzzSign(f *testing.F) {
	f.Add("method", "taobao.trade.fullinfo.get", "fields", "tid,status", "sign", "X")
	f.Add("", "", "foo_bar", "3", "foobar", "")
	f.Add("名", "值", "a\x00", "b&c=d", "sign_method", "md5")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2, k3, v3 string) {
		p := url.Values{}
		for _, kv := range [][2]string{{k1, v1}, {k2, v2}, {k3, v3}} {
			p.Add(kv[0], kv[1])
		}
		for _, m := range []SignMethod{SignMD5, SignHMAC, SignHMACSHA256} {
			p.Set("sign_method", string(m))
			p.Del("sign")
			s, err := Sign(m, "secret", p)
			if err != nil || !upperHex.MatchString(s) || (len(s) != 32 && len(s) != 64) {
				t.Fatalf("Sign(%s) = %q, %v", m, s, err)
			}
			p.Set("sign", s)
			if !Verify("secret", p) {
				t.Fatalf("Verify refuses its own %s sign of %v", m, p)
			}
			// What the form carries over the wire signs the same on arrival.
			back, err := url.ParseQuery(p.Encode())
			if err != nil || !Verify("secret", back) {
				t.Fatalf("the encoded form does not verify: %v", err)
			}
		}
	})
}

func FuzzCursor(f *testing.F) {
	f.Add("top1.2.5.300.1")
	f.Add("top1.0.0.0.0")
	f.Add("top1.-1.0.0.0")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := parseCursor(s)
		onlyPlatformErrors(t, err)
		if err == nil && s != "" {
			if again, err := parseCursor(c.String()); err != nil || again != c {
				t.Fatalf("cursor %q does not round-trip: %+v, %v", s, again, err)
			}
		}
	})
}

func FuzzQuantity(f *testing.F) {
	f.Add([]byte(`{"item":{"num_iid":1,"num":12,"skus":{"sku":[{"sku_id":5,"quantity":7}]}}}`), "5")
	f.Add([]byte(`{"item":{"num":"x"}}`), "")
	f.Fuzz(func(t *testing.T, body []byte, sku string) {
		_, _, err := quantityOf(body, sku)
		onlyPlatformErrors(t, err)
	})
}
