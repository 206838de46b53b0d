package app_test

import (
	"context"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/catalog"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/sandbox/top"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

const (
	tmallShop = "tmall-flagship"
	// A tmall listing: the item (num_iid) and two of its SKUs (sku_id).
	teaItem, tea250SKU, tea500SKU = int64(660012345678), "5012345678901", "5012345678902"
	cupItem                       = int64(660012345679) // a listing without SKUs
)

// topRig is a TOP gateway on loopback and a tmall shop connected to it:
// app_key in settings, app_secret and session sealed, api_base_url at the
// gateway's router.
type topRig struct {
	*wired
	gw *top.Gateway
}

func newTopRig(t *testing.T, open storetest.Opener) *topRig {
	t.Helper()
	return attachTop(t, newWired(t, open), nil)
}

// attachTop connects a new gateway to w's hub; wrap, if set, goes in
// front of the gateway.
func attachTop(t *testing.T, w *wired, wrap func(http.Handler) http.Handler) *topRig {
	t.Helper()
	gw := topGateway(func(o *top.Options) { o.Seed = 5 })
	api := gw.Handler()
	if wrap != nil {
		api = wrap(api)
	}
	connectTop(t, w, api, 2)
	return &topRig{wired: w, gw: gw}
}

// topGateway is a gateway that knows the tmall shop's app and session;
// tune sets the rest of its options.
func topGateway(tune func(*top.Options)) *top.Gateway {
	o := top.Options{AppKey: "12345678", AppSecret: "top-secret-e2e", Session: "6100e2e-session"}
	tune(&o)
	return top.New(o)
}

// connectTop connects the tmall shop, paging pageSize trades a call, to a
// gateway served by api, and lists its tea and cup.
func connectTop(t *testing.T, w *wired, api http.Handler, pageSize int) {
	t.Helper()
	w.connect(t, shop.Shop{ID: tmallShop, Channel: "tmall", Name: "天猫旗舰店", APIBaseURL: top.BaseURL(newLoopback(t, api)),
		Settings: map[string]string{"app_key": "12345678", "page_size": strconv.Itoa(pageSize)}},
		map[string]string{"app_secret": "top-secret-e2e", "session": "6100e2e-session"})
	for _, l := range []catalog.Listing{
		{Channel: "tmall", Shop: tmallShop, ExternalItemID: strconv.FormatInt(teaItem, 10), ExternalSKUID: tea250SKU, SKU: "TEA-250"},
		{Channel: "tmall", Shop: tmallShop, ExternalItemID: strconv.FormatInt(teaItem, 10), ExternalSKUID: tea500SKU, SKU: "TEA-500"},
		{Channel: "tmall", Shop: tmallShop, ExternalItemID: strconv.FormatInt(cupItem, 10), SKU: "CUP"},
	} {
		w.list(t, l)
	}
}

// trade is a paid trade awaiting shipment: n × 250 g tea at 88.00 with
// 8.00 of the shop's discount spread on it, a cup at 25.00, 10.00 post.
func trade(tid int64, n int64, at time.Time) top.Trade {
	teaList := money.New(8800*n, "CNY")
	teaPaid, _ := teaList.Sub(cny(800))
	payment, _ := teaPaid.Add(cny(2500 + 1000))
	return top.Trade{Tid: tid, Status: "WAIT_SELLER_SEND_GOODS", Created: at, PayTime: at, Modified: at,
		Payment: payment.String(), TotalFee: payment.String(), PostFee: "10.00", BuyerOpenUID: "AAE2E-buyer", OAID: "oaid-" + strconv.FormatInt(tid, 10),
		Receiver: top.Receiver{Name: "李四", Mobile: "13700000000", State: "江苏省", City: "南京市", District: "玄武区", Address: "中山路 1 号"},
		Orders: []top.SubOrder{
			{Oid: tid*10 + 1, NumIID: teaItem, SkuID: tea250SKU, Title: "龙井 250 g", Num: n, Price: "88.00", TotalFee: teaList.String(),
				Payment: teaPaid.String(), DivideOrderFee: teaPaid.String(), PartMjz: "8.00"},
			{Oid: tid*10 + 2, NumIID: cupItem, Title: "白瓷杯", Num: 1, Price: "25.00", TotalFee: "25.00", Payment: "25.00", DivideOrderFee: "25.00"},
		}}
}

// TestE2E_TopPullIngestsTrades: trades added and modified on the gateway
// are ingested by app.Pulls.Pull through the tmall connector the hub builds
// from the shop's credentials, with their lines and amounts; a trade
// modified after the first pull is updated by the next; pulling again
// changes nothing.
func TestE2E_TopPullIngestsTrades(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			r := newTopRig(t, e.Open)
			r.receive(t, "po-1", "TEA-250", "SH", 50)
			r.receive(t, "po-2", "TEA-500", "SH", 50)
			r.receive(t, "po-3", "CUP", "SH", 50)
			// The pulls' clock runs ahead of the gateway's by skew, so a
			// change stamped now is inside the next pull's window at once.
			var skew atomic.Int64
			clock := func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }
			pulls := app.NewPulls(r.orders, r.shops, r.conns, app.PullOptions{Overlap: 10 * time.Minute, Now: clock})

			now := time.Now().Truncate(time.Second)
			tids := []int64{3900000000001, 3900000000002, 3900000000003, 3900000000004, 3900000000005}
			for i, tid := range tids { // five trades: three pages of the shop's page_size 2
				must(t, r.gw.AddTrade(trade(tid, int64(i+1), now.Add(-time.Duration(5-i)*time.Hour))))
			}
			must(t, r.gw.AddTrade(trade(3900000000099, 1, now.Add(-30*time.Hour)))) // before the first pull's reach

			res, err := pulls.Pull(ctx, tmallShop)
			must(t, err)
			if res.Orders != len(tids) || res.Refused != 0 {
				t.Fatalf("first pull: %+v, want the %d trades of the last 24 hours", res, len(tids))
			}
			for i, tid := range tids {
				checkTrade(t, r, tid, int64(i+1), 1)
			}
			if recs, _ := r.orders.List(ctx, orderListAll()); len(recs) != len(tids) {
				t.Fatalf("%d orders, want %d: the trade of 30 hours ago is outside the first pull", len(recs), len(tids))
			}

			// The buyer changes the second trade's tea to the 500 g and three
			// units, after the first pull.
			must(t, r.gw.UpdateTrade(tids[1], func(tr *top.Trade) {
				changed := trade(tids[1], 3, tr.Created)
				changed.Orders[0].SkuID, changed.Orders[0].Title = tea500SKU, "龙井 500 g"
				changed.Modified = time.Now().Truncate(time.Second)
				*tr = changed
			}))
			skew.Store(int64(time.Minute)) // the next pull, a minute later
			res, err = pulls.Pull(ctx, tmallShop)
			must(t, err)
			if res.Refused != 0 {
				t.Fatalf("second pull: %+v", res)
			}
			got := checkTrade(t, r, tids[1], 3, 2)
			if got.Lines[0].SKU != "TEA-500" {
				t.Fatalf("the modified trade's tea is %s, want TEA-500", got.Lines[0].SKU)
			}

			// Nothing changed on the gateway: another pull changes nothing.
			before := snapshot(t, r.wired)
			_, err = pulls.Pull(ctx, tmallShop)
			must(t, err)
			if after := snapshot(t, r.wired); after != before {
				t.Fatalf("a pull with nothing new changed the orders:\n%s\n%s", before, after)
			}
			r.assertInvariants(t)
		})
	}
}

// checkTrade checks the hub's order of a trade of n teas: its lines,
// amounts to the fen, status, shop and buyer's province, and its number
// of versions.
func checkTrade(t *testing.T, r *topRig, tid, n int64, versions int) order.Order {
	t.Helper()
	rec := r.order(t, tmallShop, strconv.FormatInt(tid, 10))
	o := rec.Order
	if o.Channel != "tmall" || o.Currency != "CNY" || o.Status != order.Allocated || o.Province != "江苏省" {
		t.Fatalf("trade %d: channel %s currency %s status %s (hold %+v) province %s", tid, o.Channel, o.Currency, o.Status, o.Hold, o.Province)
	}
	if len(o.Lines) != 2 || o.Lines[0].Quantity != n || o.Lines[0].UnitPrice != cny(8800) || o.Lines[0].LineDiscount != cny(800) ||
		o.Lines[1].SKU != "CUP" || o.Lines[1].Quantity != 1 || o.Lines[1].UnitPrice != cny(2500) || !o.Lines[1].LineDiscount.IsZero() {
		t.Fatalf("trade %d lines: %+v", tid, o.Lines)
	}
	tr, _ := r.gw.Trade(tid)
	payment, err := money.Parse(tr.Payment, "CNY")
	must(t, err)
	if total, err := o.Total(); err != nil || total != payment || o.ShippingFee != cny(1000) {
		t.Fatalf("trade %d: total %v (%v), shipping %v; TOP's payment %s with 10.00 post", tid, total, err, o.ShippingFee, tr.Payment)
	}
	c, err := r.orders.Contact(context.Background(), rec)
	must(t, err)
	// TOP sends the receiver masked (the plain text is behind the OAID).
	if c == nil || c.Name != "李**" || c.Province != "江苏省" || c.City != "南京市" {
		t.Fatalf("trade %d contact: %q %q %q", tid, c.Name, c.Province, c.City)
	}
	vs, err := r.orders.Versions(ctx, rec.ID)
	must(t, err)
	if len(vs) != versions {
		t.Fatalf("trade %d has %d versions, want %d", tid, len(vs), versions)
	}
	return o
}

// snapshot is every order's id, status, content and versions, to compare.
func snapshot(t *testing.T, w *wired) string {
	t.Helper()
	recs, err := w.orders.List(ctx, orderListAll())
	must(t, err)
	out := ""
	for _, rec := range recs {
		vs, err := w.orders.Versions(ctx, rec.ID)
		must(t, err)
		out += rec.ExternalID + " " + string(rec.Status) + " " + rec.ContentHash + " " + strconv.Itoa(len(vs)) + "\n"
	}
	return out
}
