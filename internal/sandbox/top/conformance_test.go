// This file runs the shared connector conformance suite
// (internal/channel/channeltest) against the simulated gateway.

package top_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/channel/channeltest"
	_ "github.com/fnshub/fnshub/internal/channel/taobao" // registers taobao and tmall
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/sandbox"
	"github.com/fnshub/fnshub/internal/sandbox/top"
)

func TestConformance(t *testing.T) {
	gw := top.New(top.Options{AppKey: "conformance", AppSecret: "conformance-secret", Session: "conformance-session"})
	srv := httptest.NewServer(gw.Handler())
	t.Cleanup(srv.Close)
	channeltest.Run(t, &harness{gw: gw, url: top.BaseURL(srv.URL)})
}

// harness speaks channeltest's terms in the gateway's.
type harness struct {
	gw   *top.Gateway
	url  string
	next atomic.Int64 // ids handed out for trades, lines and listings
}

func (h *harness) Channel() string { return "tmall" }

func (h *harness) Config(*testing.T) channel.Config {
	return channel.Config{Shop: "conformance", Channel: "tmall", BaseURL: h.url,
		Settings: map[string]string{"app_key": "conformance", "page_size": "10"},
		Secrets:  map[string]string{"app_secret": "conformance-secret", "session": "conformance-session"}}
}

func (h *harness) Capabilities() channeltest.Capabilities {
	return channeltest.Capabilities{CompareAndSet: false, Webhooks: false, PageSize: 10, Carrier: "SF", Currency: "CNY"}
}

func (h *harness) Faults() *sandbox.Faults { return h.gw.Faults() }

func (h *harness) id() int64 { return 5_000_000_000 + h.next.Add(1) }

func (h *harness) PutOrder(t *testing.T, o channeltest.OrderSpec) string {
	t.Helper()
	lines, total := h.lines(t, o.Lines)
	if o.ExternalID == "" {
		tr := top.Trade{Tid: h.id(), Status: "WAIT_SELLER_SEND_GOODS", Created: o.Modified, PayTime: o.Modified, Modified: o.Modified,
			Payment: total, TotalFee: total, PostFee: "0.00", BuyerOpenUID: "conformance-buyer", OAID: "conformance-oaid",
			Receiver: top.Receiver{Name: "测试", Mobile: "13800000000", State: "浙江省", City: "杭州市", District: "西湖区", Address: "一号"},
			Orders:   lines}
		if err := h.gw.AddTrade(tr); err != nil {
			t.Fatal(err)
		}
		return strconv.FormatInt(tr.Tid, 10)
	}
	tid, _ := strconv.ParseInt(o.ExternalID, 10, 64)
	if err := h.gw.UpdateTrade(tid, func(tr *top.Trade) { tr.Modified, tr.Orders, tr.Payment, tr.TotalFee = o.Modified, lines, total, total }); err != nil {
		t.Fatal(err)
	}
	return o.ExternalID
}

func (h *harness) lines(t *testing.T, specs []channeltest.LineSpec) ([]top.SubOrder, string) {
	t.Helper()
	out := make([]top.SubOrder, len(specs))
	sum := money.Zero("CNY")
	for i, l := range specs {
		lt, err := l.UnitPrice.Mul(l.Quantity)
		if err == nil {
			sum, err = sum.Add(lt)
		}
		if err != nil {
			t.Fatal(err)
		}
		item, _ := strconv.ParseInt(l.ItemID, 10, 64)
		out[i] = top.SubOrder{Oid: h.id(), NumIID: item, SkuID: l.SKUID, Num: l.Quantity, Price: l.UnitPrice.String(),
			TotalFee: lt.String(), Payment: lt.String(), DivideOrderFee: lt.String()}
	}
	return out, sum.String()
}

func (h *harness) NewListing(t *testing.T, quantity int64) channeltest.Listing {
	item, sku := h.id(), h.id()
	h.gw.SetQuantity(item, strconv.FormatInt(sku, 10), quantity)
	return channeltest.Listing{ItemID: strconv.FormatInt(item, 10), SKUID: strconv.FormatInt(sku, 10)}
}

func (h *harness) ListingQuantity(t *testing.T, l channeltest.Listing) int64 {
	t.Helper()
	item, _ := strconv.ParseInt(l.ItemID, 10, 64)
	q, ok := h.gw.Quantity(item, l.SKUID)
	if !ok {
		t.Fatalf("no listing %s/%s", l.ItemID, l.SKUID)
	}
	return q
}

func (h *harness) Shipment(t *testing.T, externalID string) (channel.Shipment, bool) {
	tid, _ := strconv.ParseInt(externalID, 10, 64)
	all := h.gw.Shipment(tid)
	if len(all) == 0 {
		return channel.Shipment{}, false
	}
	last := all[len(all)-1]
	return channel.Shipment{ExternalID: externalID, Carrier: last.CompanyCode, TrackingNo: last.OutSid}, true
}

func (h *harness) Webhook(t *testing.T, _ string) (http.Header, []byte) {
	t.Fatal("TOP has no HTTP webhooks (TMC is a websocket)")
	return nil, nil
}
