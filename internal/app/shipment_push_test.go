package app_test

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/channel/shopify"
	"github.com/fnshub/fnshub/internal/channel/taobao"
	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/job/jobdb"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/pii"
	"github.com/fnshub/fnshub/internal/sandbox"
	shopsim "github.com/fnshub/fnshub/internal/sandbox/shopify"
	"github.com/fnshub/fnshub/internal/sandbox/top"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/fnshub/fnshub/internal/store/unit"
)

// apiShops serves one connector for every shop but the web ones, which
// have no API to write back to (the generic channel).
type apiShops struct {
	platform string
	c        channel.Connector
}

func (a apiShops) Connector(context.Context, shop.Shop, string) (channel.Connector, error) {
	return a.c, nil
}
func (a apiShops) Puller(sh shop.Shop) (string, bool) {
	return a.platform, sh.Channel != "web"
}

// shipPlatform is a platform's side of write-backs: the shipments it
// holds by order, failing while down or for the next fail pushes.
type shipPlatform struct {
	channel.Connector // only PushShipment is called
	mu                sync.Mutex
	shipped           map[string][]channel.Shipment
	fail              int
	down              bool
}

func newShipPlatform() *shipPlatform { return &shipPlatform{shipped: map[string][]channel.Shipment{}} }

func (p *shipPlatform) PushShipment(_ context.Context, s channel.Shipment) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.down || p.fail > 0 {
		p.fail--
		return &channel.Error{Kind: channel.Unavailable, Platform: "fake", Message: "down"}
	}
	for _, had := range p.shipped[s.ExternalID] {
		if had.TrackingNo == s.TrackingNo {
			return nil // shipped already: the connectors' contract
		}
	}
	p.shipped[s.ExternalID] = append(p.shipped[s.ExternalID], s)
	return nil
}

func (p *shipPlatform) shipments(ext string) []channel.Shipment {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]channel.Shipment(nil), p.shipped[ext]...)
}

func (p *shipPlatform) setDown(down bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = down
}

// shipHub is a hub whose shop T1 (tmall) has an API behind conns, with
// the job tables and stock for a few orders.
func shipHub(t *testing.T, e storetest.Engine, conns app.Connectors) (*hub, *app.Shipments) {
	t.Helper()
	h := newHub(t, e.Open, app.OrderOptions{Platforms: conns})
	_, err := jobdb.Migrate(ctx, h.db)
	must(t, err)
	_, err = h.shops.Create(ctx, shop.Shop{ID: "T1", Channel: "tmall", Name: "天猫旗舰店"})
	must(t, err)
	h.receive(t, "r1", "TEA-250", "SH", 20)
	return h, app.NewShipments(h.orders, h.shops, conns)
}

// tmallOrder ingests a paid, allocated order of shop T1.
func tmallOrder(t *testing.T, h *hub, ext string) *order.Record {
	t.Helper()
	in := paid(ext, 1, "TEA-250")
	in.Order.Channel, in.Order.Shop = "tmall", "T1"
	rec := h.ingest(t, in).Order
	if rec.Status != order.Allocated {
		t.Fatalf("order %s is %s, want allocated", ext, rec.Status)
	}
	return rec
}

// startQueue runs the shipment.push jobs with a short backoff, and the sync
// engine's waits of 30 s and more sped up 3,000 times.
func startQueue(t *testing.T, h *hub, ships *app.Shipments) *jobdb.Queue {
	t.Helper()
	w := job.NewWorkers()
	ships.Register(w)
	q, err := jobdb.New(h.db, w, jobdb.Config{Workers: 2, Backoff: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond, Poll: 10 * time.Millisecond,
		Speed: 3000})
	must(t, err)
	runCtx, stop := context.WithCancel(ctx)
	t.Cleanup(stop)
	must(t, q.Start(runCtx))
	t.Cleanup(func() { _ = q.Stop(context.Background()) })
	return q
}

func shipmentJobs(t *testing.T, q *jobdb.Queue, state job.State) []job.Info {
	t.Helper()
	page, err := q.List(ctx, job.Filter{Kind: "shipment.push", State: state})
	must(t, err)
	return page.Jobs
}

// pushedEvents returns the order.shipment_pushed events of order id.
func pushedEvents(t *testing.T, h *hub, id order.ID) []order.Event {
	t.Helper()
	evs, err := h.orders.Events(ctx, id)
	must(t, err)
	var out []order.Event
	for _, e := range evs {
		if e.Topic == order.TopicShipmentPushed {
			out = append(out, e)
		}
	}
	return out
}

// rollingBack runs each transaction's work and then rolls it back, as a
// ship that fails at commit would.
type rollingBack struct{ app.Unit }

var errRolledBack = errors.New("rolled back after the work")

func (u rollingBack) InTx(ctx context.Context, fn func(app.Stores) error) error {
	return u.Unit.InTx(ctx, func(s app.Stores) error {
		if err := fn(s); err != nil {
			return err
		}
		return errRolledBack
	})
}

func TestShipEnqueuesTheWriteBackInItsTransaction(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			conns := apiShops{"fake", newShipPlatform()}
			h, _ := shipHub(t, e, conns)
			q, err := jobdb.New(h.db, job.NewWorkers(), jobdb.Config{}) // not started: the jobs stay as enqueued
			must(t, err)

			rec := tmallOrder(t, h, "T-1")
			_, err = h.orders.Ship(ctx, rec.ID, "", "SF", "SF100")
			must(t, err)
			jobs := shipmentJobs(t, q, "")
			var args struct{ Order order.ID }
			if len(jobs) == 1 {
				must(t, json.Unmarshal(jobs[0].Args, &args))
			}
			if len(jobs) != 1 || args.Order != rec.ID || jobs[0].MaxAttempts != 8 {
				t.Fatalf("after shipping order %d: %+v", rec.ID, jobs)
			}

			web := h.ingest(t, paid("W-1", 1, "TEA-250")).Order
			_, err = h.orders.Ship(ctx, web.ID, "", "SF", "SF101")
			must(t, err)
			if n := len(shipmentJobs(t, q, "")); n != 1 {
				t.Fatalf("a web shop has no API, yet shipping its order left %d jobs", n)
			}

			keys, err := pii.NewKeyring(pii.Key{ID: "t1", Secret: []byte((rand.Text() + rand.Text())[:pii.KeySize])})
			must(t, err)
			failing := app.NewOrders(rollingBack{unit.New(h.db)}, h.cat, keys, app.OrderOptions{Shops: h.shops, Platforms: conns})
			t.Cleanup(failing.Close)
			other := tmallOrder(t, h, "T-2")
			if _, err := failing.Ship(ctx, other.ID, "", "SF", "SF102"); !errors.Is(err, errRolledBack) {
				t.Fatalf("the rolled-back ship: %v", err)
			}
			if n := len(shipmentJobs(t, q, "")); n != 1 {
				t.Fatalf("a ship that rolled back left %d jobs, want the first one only", n)
			}
			if got, _ := h.orders.Get(ctx, other.ID); got.Status != order.Allocated {
				t.Fatalf("the rolled-back order is %s", got.Status)
			}
		})
	}
}

func TestShipmentPushRetriesThenLandsOnce(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			plat := newShipPlatform()
			plat.fail = 3
			h, ships := shipHub(t, e, apiShops{"fake", plat})
			q := startQueue(t, h, ships)

			rec := tmallOrder(t, h, "T-1")
			_, err := h.orders.Ship(ctx, rec.ID, "", "YTO", "YT200")
			must(t, err)
			eventually(t, "the write-back after three failures", func() bool { return len(pushedEvents(t, h, rec.ID)) == 1 })
			if s := plat.shipments("T-1"); len(s) != 1 || s[0].Carrier != "YTO" || s[0].TrackingNo != "YT200" || len(s[0].Lines) != 0 {
				t.Fatalf("the platform holds %+v", s)
			}
			must(t, ships.Push(ctx, rec.ID)) // a job run twice
			if s, evs := plat.shipments("T-1"), pushedEvents(t, h, rec.ID); len(s) != 1 || len(evs) != 1 {
				t.Fatalf("pushed again: %d shipments, %d events", len(s), len(evs))
			}

			plat.setDown(true)
			down := tmallOrder(t, h, "T-2")
			_, err = h.orders.Ship(ctx, down.ID, "", "SF", "SF201")
			must(t, err)
			eventually(t, "a dead letter", func() bool {
				d := shipmentJobs(t, q, job.Discarded)
				return len(d) == 1 && d[0].Attempt == 8
			})
			if s := plat.shipments("T-2"); len(s) != 0 || len(pushedEvents(t, h, down.ID)) != 0 {
				t.Fatalf("written back while down: %+v", s)
			}
			plat.setDown(false)
			_, err = q.Retry(ctx, shipmentJobs(t, q, job.Discarded)[0].ID)
			must(t, err)
			eventually(t, "the retried write-back", func() bool { return len(pushedEvents(t, h, down.ID)) == 1 })
			if s := plat.shipments("T-2"); len(s) != 1 {
				t.Fatalf("after the retry the platform holds %+v", s)
			}
			h.assertInvariants(t)
		})
	}
}

const (
	topKey     = "12345678"
	topSecret  = "sandbox-secret"
	topSession = "sandbox-session"
)

// topConnector is a tmall shop's connector against gateway url, one
// attempt per call and no breaker to speak of: the job queue retries.
func topConnector(t *testing.T, url string) channel.Connector {
	t.Helper()
	k, err := taobao.New(channel.Config{Shop: "T1", Channel: "tmall", Settings: map[string]string{"app_key": topKey},
		Secrets: map[string]string{"app_secret": topSecret, "session": topSession}, BaseURL: top.BaseURL(url),
		HTTP: channel.NewClient(channel.ClientOptions{Platform: "taobao", Timeout: 2 * time.Second, MaxAttempts: 1, BreakerFailures: 1 << 20})})
	must(t, err)
	return k
}

func TestShipmentPushLandsOnTheTOPGatewayOnceItIsBack(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			gw := top.New(top.Options{AppKey: topKey, AppSecret: topSecret, Session: topSession})
			srv := httptest.NewServer(gw.Handler())
			t.Cleanup(srv.Close)
			now := time.Now()
			must(t, gw.AddTrade(top.Trade{Tid: 4101, Status: "WAIT_SELLER_SEND_GOODS", Created: now.Add(-time.Hour), PayTime: now.Add(-time.Hour),
				Payment: "10.00", TotalFee: "10.00", PostFee: "0.00", BuyerNick: "买家", BuyerOpenUID: "uid-1",
				Orders: []top.SubOrder{{Oid: 41011, NumIID: 900, OuterSkuID: "TEA-250", Title: "茶", Num: 1, Price: "10.00",
					TotalFee: "10.00", Payment: "10.00", DivideOrderFee: "10.00"}}}))
			h, ships := shipHub(t, e, apiShops{"taobao", topConnector(t, srv.URL)})

			gw.Faults().Chaos(1.0, sandbox.ServerError)
			q := startQueue(t, h, ships)
			rec := tmallOrder(t, h, "4101")
			_, err := h.orders.Ship(ctx, rec.ID, "", "sf", "SF1400000000001")
			must(t, err)
			eventually(t, "three failed attempts", func() bool {
				j := shipmentJobs(t, q, "")
				return len(j) == 1 && len(j[0].Errors) >= 3
			})
			if len(gw.Shipment(4101)) != 0 {
				t.Fatal("the gateway shipped while every call failed")
			}
			gw.Faults().Chaos(0)
			eventually(t, "the write-back once the gateway is back", func() bool { return len(pushedEvents(t, h, rec.ID)) == 1 })
			got := gw.Shipment(4101)
			if len(got) != 1 || got[0].OutSid != "SF1400000000001" || got[0].CompanyCode != "SF" {
				t.Fatalf("the gateway took %+v", got)
			}
			if tr, _ := gw.Trade(4101); tr.Status != "WAIT_BUYER_CONFIRM_GOODS" {
				t.Fatalf("the trade is %s", tr.Status)
			}
			must(t, ships.Push(ctx, rec.ID))
			if len(gw.Shipment(4101)) != 1 {
				t.Fatal("pushed twice")
			}
		})
	}
}

func TestShipmentPushFulfilsOnTheShopifySimulator(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			sim := shopsim.New(shopsim.Options{Seed: 7})
			srv := httptest.NewServer(sim.Handler())
			t.Cleanup(srv.Close)
			variant, product, sku := int64(1), int64(7), "TEA-250"
			added := sim.AddOrder(shopsim.Order{FinancialStatus: "paid", LineItems: []shopsim.LineItem{{ProductID: &product, VariantID: &variant,
				SKU: &sku, Name: "龙井茶", Quantity: 1, Price: "10.00"}}})
			conn, err := shopify.New(sim.Config("SH1", srv.URL, channel.NewClient(channel.ClientOptions{Platform: "shopify", MaxAttempts: 1})))
			must(t, err)
			h, ships := shipHub(t, e, apiShops{"shopify", conn})
			_, err = h.shops.Create(ctx, shop.Shop{ID: "SH1", Channel: "shopify", Name: "Shopify"})
			must(t, err)

			in := paid(fmt.Sprint(added.ID), 1, "TEA-250")
			in.Order.Channel, in.Order.Shop = "shopify", "SH1"
			rec := h.ingest(t, in).Order
			_, err = h.orders.Ship(ctx, rec.ID, "", "SF", "SF300")
			must(t, err)
			must(t, ships.Push(ctx, rec.ID)) // what the job runs
			must(t, ships.Push(ctx, rec.ID))
			f := sim.Fulfillments(added.ID)
			if len(f) != 1 || f[0].TrackingNumber != "SF300" || f[0].TrackingCompany != "SF Express" {
				t.Fatalf("the simulator holds %+v", f)
			}
			if evs := pushedEvents(t, h, rec.ID); len(evs) != 1 {
				t.Fatalf("%d shipment_pushed events", len(evs))
			}
		})
	}
}
