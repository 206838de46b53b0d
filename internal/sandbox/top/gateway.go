// Package top is a simulated Taobao Open Platform gateway: the router at
// /router/rest speaking TOP's wire format over real HTTP, checking app
// key, timestamp and sign with the connector's own signer, and holding
// trades and stock of its own (docs/adr/0030-taobao-top-connector.md). It
// answers taobao.trades.sold.increment.get, taobao.trade.fullinfo.get,
// taobao.item.quantity.update, taobao.logistics.offline.send and
// taobao.top.oaid.decrypt, with the faults of internal/sandbox.
package top

import (
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/fnshub/fnshub/internal/sandbox"
)

// Path is where the router listens, as on gw.api.taobao.com.
const Path = "/router/rest"

// Options configure a gateway: the one app and seller session it knows.
type Options struct {
	AppKey    string
	AppSecret string
	Session   string
	// Now is the gateway's clock: timestamps are checked against it (±10
	// minutes, as TOP does) and trades are stamped with it. nil: time.Now.
	Now func() time.Time
	// BanSeconds is the ban a throttled call states; 0: 3 seconds.
	BanSeconds int
	// QPS is the calls per second (of Now) the app may make before code 7;
	// 0: no limit of its own (faults still throttle).
	QPS int
	// Seed makes the faults' random choices repeatable.
	Seed uint64
}

// Gateway is one simulated TOP router with one shop's data. It is safe for
// concurrent use.
type Gateway struct {
	opt    Options
	faults *sandbox.Faults

	mu        sync.Mutex
	trades    map[int64]*Trade
	stock     map[stockKey]int64
	shipments map[int64][]Shipment
	requests  int
	second    int64 // the second of Now the QPS count is for
	inSecond  int
}

// New returns a gateway with no trades and no stock.
func New(opt Options) *Gateway {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.BanSeconds == 0 {
		opt.BanSeconds = 3
	}
	return &Gateway{opt: opt, faults: sandbox.NewFaults(opt.Seed), trades: map[int64]*Trade{},
		stock: map[stockKey]int64{}, shipments: map[int64][]Shipment{}}
}

// Faults is the gateway's fault injector; a Throttle is TOP's code 7.
func (g *Gateway) Faults() *sandbox.Faults { return g.faults }

// Handler serves the router at Path, failing the calls Faults picks.
func (g *Gateway) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle(Path, http.HandlerFunc(g.serve))
	faulty := g.faults.Wrap(mux, g.throttle)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Reading the form first lets the server notice a client that gives
		// up: net/http watches the connection only once the body is read,
		// and a Hang waits for exactly that.
		_ = r.ParseForm()
		faulty.ServeHTTP(w, r)
	})
}

// BaseURL is the router's address on a server serving Handler at root.
func BaseURL(serverURL string) string { return serverURL + Path }

func (g *Gateway) serve(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		g.fail(w, errInvalidArgs("the request is not a form"))
		return
	}
	method, err := g.admit(r.Form)
	if err != nil {
		g.fail(w, err)
		return
	}
	if g.overQPS() {
		g.throttle(w, r)
		return
	}
	h, ok := g.methods()[method]
	if !ok {
		g.fail(w, &apiError{Code: 22, Msg: "Invalid Method"})
		return
	}
	body, err := h(r.Form)
	if err != nil {
		g.fail(w, err)
		return
	}
	g.ok(w, method, body)
}

type handler func(params url.Values) (map[string]any, error)

func (g *Gateway) methods() map[string]handler {
	return map[string]handler{
		"taobao.trades.sold.increment.get": g.increment,
		"taobao.trade.fullinfo.get":        g.fullinfo,
		"taobao.item.quantity.update":      g.quantityUpdate,
		"taobao.logistics.offline.send":    g.offlineSend,
		"taobao.top.oaid.decrypt":          g.oaidDecrypt,
	}
}

// overQPS counts the call against the current second of Now.
func (g *Gateway) overQPS() bool {
	if g.opt.QPS <= 0 {
		return false
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if s := g.opt.Now().Unix(); s != g.second {
		g.second, g.inSecond = s, 0
	}
	g.inSecond++
	return g.inSecond > g.opt.QPS
}

func (g *Gateway) requestID() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.requests++
	return "sim" + strconv.Itoa(g.requests)
}
