package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	mrand "math/rand/v2"
	"net/http"
	"time"

	"github.com/fnshub/fnshub/internal/channel/generic"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/pii"
	sshopify "github.com/fnshub/fnshub/internal/sandbox/shopify"
	"github.com/fnshub/fnshub/internal/sandbox/top"
)

// traffic is the demo's buyers: at a steady rate it places orders on the
// simulated Shopify store (which sends its webhooks to the hub), on the
// TOP gateway (which the hub's pull jobs find) and on the web shop (signed
// pushes to /hooks/generic/demo-web), each with one to three lines taken
// from that platform's listings, unmapped and scarce ones included.
type traffic struct {
	sims   *demoSims
	m      *demoMerchant
	hubURL string
	cur    money.Currency
	every  time.Duration
	rnd    *mrand.Rand
	log    *slog.Logger
	client *http.Client
	n      int64
}

// demoProvinces are where the demo's buyers live: near a warehouse, or not.
var demoProvinces = []string{"浙江省", "广东省", "北京市", "上海市", "四川省"}

// run places orders until ctx ends; the Shopify store flushes its webhooks
// every second meanwhile.
func (t *traffic) run(ctx context.Context) {
	go t.sims.shopify.Run(ctx, time.Second)
	if t.every <= 0 {
		return
	}
	tick := time.NewTicker(t.every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if err := t.place(ctx); err != nil && ctx.Err() == nil {
				t.log.Warn("demo order", "err", err)
			}
		}
	}
}

// place places the next order, turn by turn on each platform.
func (t *traffic) place(ctx context.Context) error {
	t.n++
	switch t.n % 3 {
	case 1:
		return t.shopifyOrder()
	case 2:
		return t.tmallTrade()
	}
	return t.webOrder(ctx)
}

// lines picks one to three distinct listings of a shop.
func (t *traffic) lines(shop string) []simListing {
	var ls []simListing
	for _, l := range t.sims.listed() {
		if l.Shop == shop {
			ls = append(ls, l)
		}
	}
	t.rnd.Shuffle(len(ls), func(i, j int) { ls[i], ls[j] = ls[j], ls[i] })
	return ls[:min(len(ls), 1+t.rnd.IntN(3))]
}

func (t *traffic) shopifyOrder() error {
	var items []sshopify.LineItem
	for _, l := range t.lines(demoShopifyID) {
		product, variant := mustInt(l.ItemID), mustInt(l.SKUID)
		sku := l.SKU
		items = append(items, sshopify.LineItem{ProductID: &product, VariantID: &variant, SKU: &sku, Title: l.Title, Name: l.Title,
			Quantity: 1 + t.rnd.Int64N(2), Price: l.Price, RequiresShipping: true, Taxable: true})
	}
	province, phone := demoProvinces[t.rnd.IntN(len(demoProvinces))], "+86 138 0000 0000"
	o := t.sims.shopify.AddOrder(sshopify.Order{Email: fmt.Sprintf("buyer%d@example.com", t.n), TaxesIncluded: true, LineItems: items,
		ShippingAddress: &sshopify.Address{Name: "Demo Buyer", Address1: "1 Demo Road", City: "Demo City", Province: province, Country: "China", CountryCode: "CN", Phone: &phone}})
	t.log.Info("demo order placed", "platform", "shopify", "order", o.ID, "lines", len(items))
	return nil
}

func (t *traffic) tmallTrade() error {
	tid := 4_000_000_000_000 + t.n
	total := money.Zero("CNY")
	var orders []top.SubOrder
	for i, l := range t.lines(demoTmallID) {
		num := 1 + t.rnd.Int64N(2)
		p, err := money.Parse(l.Price, "CNY")
		if err != nil {
			return err
		}
		lt, err := p.Mul(num)
		if err != nil {
			return err
		}
		if total, err = total.Add(lt); err != nil {
			return err
		}
		orders = append(orders, top.SubOrder{Oid: tid*10 + int64(i), NumIID: mustInt(l.ItemID), SkuID: l.SKUID, OuterSkuID: l.SKU, Title: l.Title,
			Num: num, Price: l.Price, TotalFee: lt.String(), Payment: lt.String(), DivideOrderFee: lt.String()})
	}
	now := time.Now()
	province := demoProvinces[t.rnd.IntN(len(demoProvinces))]
	err := t.sims.top.AddTrade(top.Trade{Tid: tid, Status: "WAIT_SELLER_SEND_GOODS", Created: now, PayTime: now,
		Payment: total.String(), TotalFee: total.String(), PostFee: "0.00", BuyerOpenUID: fmt.Sprintf("demo-buyer-%d", t.n), OAID: fmt.Sprintf("demo-oaid-%d", t.n),
		Receiver: top.Receiver{Name: "买家", Mobile: "13800000000", State: province, City: "市区", District: "中心区", Address: "演示路 1 号"}, Orders: orders})
	if err == nil {
		t.log.Info("demo order placed", "platform", "tmall", "trade", tid, "lines", len(orders))
	}
	return err
}

// webLine is a line of the generic channel's order JSON (POST /api/v1/orders).
type webLine struct {
	SKU       string       `json:"sku"`
	Quantity  int64        `json:"quantity"`
	UnitPrice money.Amount `json:"unit_price"`
}

// webOrder posts an order as a self-built web shop would: fnshub's own
// order JSON, signed with the shop's webhook secret.
func (t *traffic) webOrder(ctx context.Context) error {
	var lines []webLine
	seen := map[string]bool{}
	for range 1 + t.rnd.IntN(3) {
		s := t.m.skus[t.rnd.IntN(len(t.m.skus))]
		if !seen[s.Code] {
			seen[s.Code] = true
			lines = append(lines, webLine{SKU: s.Code, Quantity: 1 + t.rnd.Int64N(2), UnitPrice: t.m.prices[s.Code]})
		}
	}
	now := time.Now()
	id := fmt.Sprintf("W%06d", t.n)
	body, err := json.Marshal(map[string]any{"channel": "web", "shop": demoWebID, "external_id": id, "version": 1, "status": "paid",
		"currency": t.cur, "created_at": now, "paid_at": now, "lines": lines,
		"contact": pii.Contact{Name: "网购买家", Phone: "13900000000", Province: demoProvinces[t.rnd.IntN(len(demoProvinces))], City: "市区", Detail: "演示街 2 号"}})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.hubURL+"/hooks/generic/"+demoWebID, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(generic.SignatureHeader, generic.Sign([]byte(demoWebSecret), body))
	req.Header.Set(generic.DeliveryHeader, id)
	resp, err := t.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("the hub answered %s to web order %s", resp.Status, id)
	}
	t.log.Info("demo order placed", "platform", "web", "order", id, "lines", len(lines))
	return nil
}

func mustInt(s string) int64 {
	var n int64
	if _, err := fmt.Sscan(s, &n); err != nil {
		panic("demo: listing id " + s + " is not a number") // the demo made every id
	}
	return n
}
