package taobao_test

import (
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/channel/taobao"
	"github.com/fnshub/fnshub/internal/pii"
	"github.com/fnshub/fnshub/internal/sandbox"
	"github.com/fnshub/fnshub/internal/sandbox/top"
)

func TestFetchOrder(t *testing.T) {
	e := newEnv(t, nil, nil)
	e.add(t, trade(3001, base()))
	o, err := e.k.FetchOrder(t.Context(), "3001")
	if err != nil {
		t.Fatal(err)
	}
	want := pii.Contact{Name: "张**", Phone: "138****0000", Province: "浙江省", City: "杭州市", District: "西湖区", Detail: "灵隐街道**********"}
	if o.Order.ExternalID != "3001" || o.Contact == nil || *o.Contact != want || o.BuyerID != "uid-3001" {
		t.Fatalf("fetched %+v, contact %+v", o.Order, o.Contact)
	}
	if oaid, err := taobao.OAID(o.Raw); err != nil || oaid != "oaid-3001" {
		t.Fatalf("OAID = %q, %v", oaid, err)
	}
	if strings.Contains(string(o.Raw), "13800000000") || strings.Contains(string(o.Raw), "张三") {
		t.Fatal("the trade carries the plain receiver")
	}
	_, err = e.k.FetchOrder(t.Context(), "3999")
	kindIs(t, err, channel.NotFound)
}

func TestDecryptReceiver(t *testing.T) {
	e := newEnv(t, nil, nil)
	e.add(t, trade(3101, base()))
	c, err := e.k.DecryptReceiver(t.Context(), "3101", "oaid-3101")
	want := pii.Contact{Name: "张三", Phone: "13800000000", Province: "浙江省", City: "杭州市", District: "西湖区", Detail: "灵隐街道法云弄 1 号"}
	if err != nil || c != want {
		t.Fatalf("DecryptReceiver = %+v, %v", c, err)
	}
	_, err = e.k.DecryptReceiver(t.Context(), "3101", "an-old-oaid")
	kindIs(t, err, channel.Rejected)
}

// TestReceiver: a raw trade's OAID is opened as it is; a raw trade without
// one (increment.get's) has the current one fetched; a stale one is
// Rejected.
func TestReceiver(t *testing.T) {
	e := newEnv(t, nil, nil)
	e.add(t, trade(3101, base()))
	for _, raw := range []string{`{"tid":3101,"oaid":"oaid-3101"}`, `{"tid":3101}`} {
		c, ok, err := e.k.Receiver(t.Context(), "3101", []byte(raw))
		if err != nil || !ok || c.Name != "张三" {
			t.Fatalf("Receiver from %s = %+v, %v, %v", raw, c, ok, err)
		}
	}
	_, _, err := e.k.Receiver(t.Context(), "3101", []byte(`{"tid":3101,"oaid":"an-old-oaid"}`))
	kindIs(t, err, channel.Rejected)
}

func TestPushStock(t *testing.T) {
	e := newEnv(t, nil, nil)
	e.gw.SetQuantity(900, "901", 5)
	e.gw.SetQuantity(800, "", 2)
	push := func(item, sku string, q int64, expected *int64) int64 {
		t.Helper()
		r, err := e.k.PushStock(t.Context(), channel.StockPush{ExternalItemID: item, ExternalSKUID: sku, Quantity: q, Expected: expected})
		if err != nil {
			t.Fatal(err)
		}
		return r.Quantity
	}
	t.Run("without Expected the quantity is set in full", func(t *testing.T) {
		if got := push("900", "901", 12, nil); got != 12 {
			t.Fatalf("result %d", got)
		}
		if got := push("800", "", 7, nil); got != 7 {
			t.Fatalf("item without SKUs: result %d", got)
		}
	})
	t.Run("with Expected a delta keeps the platform's own sales", func(t *testing.T) {
		e.gw.SetQuantity(900, "901", 10) // two sold on the platform since 12 was pushed
		if got := push("900", "901", 9, ptr(12)); got != 7 {
			t.Fatalf("result %d, want 10 − 3", got)
		}
		if q, _ := e.gw.Quantity(900, "901"); q != 7 {
			t.Fatalf("gateway holds %d", q)
		}
	})
	t.Run("a delta below zero stops at zero", func(t *testing.T) {
		if got := push("900", "901", 0, ptr(9)); got != 0 {
			t.Fatalf("result %d", got)
		}
	})
	t.Run("a zero delta is not sent", func(t *testing.T) {
		e.gw.SetQuantity(900, "901", 4)
		if got := push("900", "901", 3, ptr(3)); got != 3 {
			t.Fatalf("result %d", got)
		}
		if q, _ := e.gw.Quantity(900, "901"); q != 4 {
			t.Fatalf("gateway holds %d: the zero delta was sent as a set", q)
		}
	})
	t.Run("an unknown listing is not found", func(t *testing.T) {
		_, err := e.k.PushStock(t.Context(), channel.StockPush{ExternalItemID: "777", Quantity: 1})
		kindIs(t, err, channel.NotFound)
	})
	t.Run("a negative quantity is refused before any call", func(t *testing.T) {
		_, err := e.k.PushStock(t.Context(), channel.StockPush{ExternalItemID: "900", Quantity: -1})
		kindIs(t, err, channel.Rejected)
	})
}

func TestPushShipment(t *testing.T) {
	e := newEnv(t, nil, nil)
	e.add(t, trade(3201, base()))
	two := trade(3202, base())
	two.Orders = append(two.Orders, top.SubOrder{Oid: 32022, NumIID: 901, Num: 1, Price: "5.00", DivideOrderFee: "5.00"})
	e.add(t, two)
	ship := func(s channel.Shipment) error { return e.k.PushShipment(t.Context(), s) }

	t.Run("a whole trade ships, and shipping it again is not an error", func(t *testing.T) {
		s := channel.Shipment{ExternalID: "3201", Carrier: "SF", TrackingNo: "SF1400000000001"}
		for range 2 {
			if err := ship(s); err != nil {
				t.Fatal(err)
			}
		}
		if got := e.gw.Shipment(3201); len(got) != 1 || got[0].OutSid != "SF1400000000001" || got[0].CompanyCode != "SF" {
			t.Fatalf("gateway shipments %+v", got)
		}
		if tr, _ := e.gw.Trade(3201); tr.Status != "WAIT_BUYER_CONFIRM_GOODS" {
			t.Fatalf("trade status %s", tr.Status)
		}
	})
	t.Run("another tracking number for a shipped trade is refused", func(t *testing.T) {
		err := ship(channel.Shipment{ExternalID: "3201", Carrier: "YTO", TrackingNo: "YT9"})
		kindIs(t, err, channel.Rejected)
	})
	t.Run("a split shipment ships its lines", func(t *testing.T) {
		first := channel.Shipment{ExternalID: "3202", Carrier: "ZTO", TrackingNo: "ZT1", Lines: []channel.ShipmentLine{{ExternalLineID: "32021", Quantity: 2}}}
		for range 2 {
			if err := ship(first); err != nil {
				t.Fatal(err)
			}
		}
		if tr, _ := e.gw.Trade(3202); tr.Status != "SELLER_CONSIGNED_PART" {
			t.Fatalf("after one line: %s", tr.Status)
		}
		if err := ship(channel.Shipment{ExternalID: "3202", Carrier: "ZTO", TrackingNo: "ZT2", Lines: []channel.ShipmentLine{{ExternalLineID: "32022", Quantity: 1}}}); err != nil {
			t.Fatal(err)
		}
		if tr, _ := e.gw.Trade(3202); tr.Status != "WAIT_BUYER_CONFIRM_GOODS" || len(e.gw.Shipment(3202)) != 2 {
			t.Fatalf("after both lines: %s, %+v", tr.Status, e.gw.Shipment(3202))
		}
	})
	t.Run("an unknown trade is not found", func(t *testing.T) {
		kindIs(t, ship(channel.Shipment{ExternalID: "3999", Carrier: "SF", TrackingNo: "SF1"}), channel.NotFound)
	})
}

// TestErrors runs each failure on a connector of its own: the shop's client
// may remember a ban or count outages towards its breaker.
func TestErrors(t *testing.T) {
	e := newEnv(t, nil, nil)
	e.add(t, trade(3301, base()))
	fetch := func(k *taobao.Connector) error { _, err := k.FetchOrder(t.Context(), "3301"); return err }

	t.Run("TOP's code 7 is a throttle for the ban it states", func(t *testing.T) {
		e.gw.Faults().Queue(sandbox.Throttle)
		// An hour's ban (newEnv's) is longer than any client waits by itself.
		if got := kindIs(t, fetch(e.connector(t, secret, nil)), channel.Throttled); got.RetryAfter != time.Hour || channel.RetryAfter(got) != time.Hour {
			t.Fatalf("RetryAfter %v", got.RetryAfter)
		}
	})
	t.Run("a wrong secret gets code 25", func(t *testing.T) {
		got := kindIs(t, fetch(e.connector(t, "wrong", nil)), channel.Rejected)
		if got.Code != "25" || strings.Contains(got.Error(), "wrong") {
			t.Fatalf("%v", got)
		}
	})
	t.Run("a wrong session is unauthorized", func(t *testing.T) {
		k, err := taobao.New(channel.Config{Shop: "s", Channel: "taobao", Settings: map[string]string{"app_key": appKey},
			Secrets: map[string]string{"app_secret": secret, "session": "expired"}, BaseURL: top.BaseURL(e.srv.URL)})
		if err != nil {
			t.Fatal(err)
		}
		if got := kindIs(t, fetch(k), channel.Unauthorized); got.Code != "27" || strings.Contains(got.Error(), "expired") {
			t.Fatalf("%v", got)
		}
	})
	for _, f := range []sandbox.Fault{sandbox.ServerError, sandbox.Hang, sandbox.Reset, sandbox.Truncate} {
		t.Run(f.String()+" is unavailable, and once it stops a call succeeds", func(t *testing.T) {
			k := e.connector(t, secret, nil)
			e.gw.Faults().Chaos(1, f) // every attempt, however often the client retries
			err := fetch(k)
			e.gw.Faults().Chaos(0)
			kindIs(t, err, channel.Unavailable)
			if err := fetch(k); err != nil {
				t.Fatal(err)
			}
		})
	}
	for _, m := range []string{"md5", "hmac", "hmac-sha256"} {
		t.Run("the gateway takes sign_method "+m, func(t *testing.T) {
			if err := fetch(e.connector(t, secret, map[string]string{"sign_method": m})); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestGatewayOwnQPS(t *testing.T) {
	now := time.Now()
	gw := top.New(top.Options{AppKey: appKey, AppSecret: secret, Session: session, QPS: 2, BanSeconds: 3600, Now: func() time.Time { return now }})
	e := &env{gw: gw}
	e.srv = httptestServer(t, gw)
	e.k = e.connector(t, secret, nil)
	e.add(t, trade(3401, base()))
	for range 2 {
		if _, err := e.k.FetchOrder(t.Context(), "3401"); err != nil {
			t.Fatal(err)
		}
	}
	_, err := e.k.FetchOrder(t.Context(), "3401")
	kindIs(t, err, channel.Throttled)
}

func TestWebhooksAreRefused(t *testing.T) {
	e := newEnv(t, nil, nil)
	_, err := e.k.VerifyWebhook(nil, []byte("{}"))
	kindIs(t, err, channel.Rejected)
	_, err = e.k.ReadWebhook(channel.Message{}, nil)
	kindIs(t, err, channel.Rejected)
}

func TestRegistered(t *testing.T) {
	for _, kind := range []string{"taobao", "tmall"} {
		p, ok := channel.Lookup(kind)
		if !ok || p.Name != "taobao" || p.Limits.Rate <= 0 || len(p.Secrets) != 2 || p.Settings[0] != "app_key" {
			t.Fatalf("%s: %+v, %v", kind, p, ok)
		}
		if _, err := p.New(channel.Config{Shop: "s", Channel: kind, Settings: map[string]string{"app_key": "k"},
			Secrets: map[string]string{"app_secret": "x", "session": "y"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := p.New(channel.Config{Shop: "s", Channel: kind, Settings: map[string]string{"app_key": "k"}}); err == nil {
			t.Fatal("a shop without secrets was built")
		}
	}
}

func ptr(n int64) *int64 { return &n }
