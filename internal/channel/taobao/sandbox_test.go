package taobao_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/channel/taobao"
	"github.com/fnshub/fnshub/internal/sandbox/top"
)

const (
	appKey  = "12345678"
	secret  = "sandbox-secret"
	session = "sandbox-session"
)

// env is a connector talking to a simulated gateway over loopback HTTP.
type env struct {
	gw  *top.Gateway
	srv *httptest.Server
	k   *taobao.Connector
}

// newEnv starts a gateway (wrapped by wrap, if given) and a tmall shop's
// connector against it. settings override the connector's.
func newEnv(t *testing.T, wrap func(http.Handler) http.Handler, settings map[string]string) *env {
	t.Helper()
	gw := top.New(top.Options{AppKey: appKey, AppSecret: secret, Session: session, BanSeconds: 3600})
	var h http.Handler = gw.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	e := &env{gw: gw, srv: srv}
	e.k = e.connector(t, secret, settings)
	return e
}

func (e *env) connector(t *testing.T, appSecret string, settings map[string]string) *taobao.Connector {
	t.Helper()
	s := map[string]string{"app_key": appKey}
	for k, v := range settings {
		s[k] = v
	}
	k, err := taobao.New(channel.Config{
		Shop: "shop-1", Channel: "tmall", Settings: s,
		Secrets: map[string]string{"app_secret": appSecret, "session": session},
		BaseURL: top.BaseURL(e.srv.URL),
		// The timeout only bounds the Hang fault's wait; no test asserts on time.
		HTTP: channel.NewClient(channel.ClientOptions{Platform: "taobao", Timeout: 300 * time.Millisecond}),
	})
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// trade is a paid one-line trade modified at m.
func trade(tid int64, m time.Time) top.Trade {
	return top.Trade{
		Tid: tid, Status: "WAIT_SELLER_SEND_GOODS", Created: m.Add(-time.Minute), PayTime: m.Add(-30 * time.Second), Modified: m,
		Payment: "25.00", TotalFee: "20.00", PostFee: "5.00", BuyerNick: "买家" + strconv.FormatInt(tid, 10), BuyerOpenUID: "uid-" + strconv.FormatInt(tid, 10),
		OAID: "oaid-" + strconv.FormatInt(tid, 10),
		Receiver: top.Receiver{Name: "张三", Mobile: "13800000000", State: "浙江省", City: "杭州市", District: "西湖区",
			Town: "灵隐街道", Address: "法云弄 1 号"},
		Orders: []top.SubOrder{{Oid: tid*10 + 1, NumIID: 900, SkuID: "901", OuterSkuID: "SKU-901", Title: "茶",
			Num: 2, Price: "10.00", TotalFee: "20.00", Payment: "20.00", DivideOrderFee: "20.00"}},
	}
}

func (e *env) add(t *testing.T, ts ...top.Trade) {
	t.Helper()
	for _, tr := range ts {
		if err := e.gw.AddTrade(tr); err != nil {
			t.Fatal(err)
		}
	}
}

// pullAll pages w to its end and returns the ids seen, with how many
// pages it took.
func (e *env) pullAll(t *testing.T, w channel.Window) (map[string]channel.Order, int) {
	t.Helper()
	seen := map[string]channel.Order{}
	cur, pages := "", 0
	for {
		p, err := e.k.PullOrders(context.Background(), w, cur)
		if err != nil {
			t.Fatalf("page %d: %v", pages, err)
		}
		pages++
		for _, o := range p.Orders {
			if old, ok := seen[o.Order.ExternalID]; !ok || o.Order.Version > old.Order.Version {
				seen[o.Order.ExternalID] = o
			}
		}
		if p.Next == "" {
			return seen, pages
		}
		if pages > 10000 {
			t.Fatal("the pull does not end")
		}
		cur = p.Next
	}
}

// base is a whole hour a month back: trades are modified in the past, the
// gateway's clock is now.
func base() time.Time { return time.Now().Add(-30 * 24 * time.Hour).Truncate(time.Hour) }

func kindIs(t *testing.T, err error, want channel.Kind) *channel.Error {
	t.Helper()
	if channel.KindOf(err) != want {
		t.Fatalf("err = %v; want kind %v", err, want)
	}
	return err.(*channel.Error)
}

func httptestServer(t *testing.T, gw *top.Gateway) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(gw.Handler())
	t.Cleanup(srv.Close)
	return srv
}
