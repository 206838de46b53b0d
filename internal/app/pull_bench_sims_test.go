package app_test

import (
	"math/rand/v2"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/catalog"
	chshopify "github.com/fnshub/fnshub/internal/channel/shopify"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/sandbox/shopify"
	"github.com/fnshub/fnshub/internal/sandbox/top"
	"github.com/fnshub/fnshub/internal/shop"
)

// The platforms BenchmarkPull pulls from, each with the connector's
// default page size (TOP 100 trades, Shopify 10 orders).
var (
	pullTop     = pullPlatform{name: "top", attach: attachTopBench}
	pullShopify = pullPlatform{name: "shopify", attach: attachShopifyBench}
)

// benchLine is a listed product a benchmark order may buy, at its price
// in fen.
type benchLine struct {
	item    int64
	variant int64  // the platform's SKU id; 0 for a listing without SKUs
	code    string // the SKU code the platform shows (Shopify's sku)
	fen     int64
}

func attachTopBench(b *testing.B, w *wired, _ bool, calls *atomic.Int64) (string, func(int) []string) {
	gw := top.New(top.Options{AppKey: "12345678", AppSecret: "top-secret-bench", Session: "6100bench-session", Seed: 5})
	w.connect(b, shop.Shop{ID: tmallShop, Channel: "tmall", Name: "天猫旗舰店", APIBaseURL: top.BaseURL(newLoopback(b, countCalls(gw.Handler(), calls))),
		Settings: map[string]string{"app_key": "12345678"}},
		map[string]string{"app_secret": "top-secret-bench", "session": "6100bench-session"})
	for _, l := range []catalog.Listing{
		{Channel: "tmall", Shop: tmallShop, ExternalItemID: strconv.FormatInt(teaItem, 10), ExternalSKUID: tea250SKU, SKU: "TEA-250"},
		{Channel: "tmall", Shop: tmallShop, ExternalItemID: strconv.FormatInt(teaItem, 10), ExternalSKUID: tea500SKU, SKU: "TEA-500"},
		{Channel: "tmall", Shop: tmallShop, ExternalItemID: strconv.FormatInt(cupItem, 10), SKU: "CUP"},
	} {
		w.list(b, l)
	}
	lines := []benchLine{{item: teaItem, variant: mustInt(tea250SKU), fen: 8800}, {item: teaItem, variant: mustInt(tea500SKU), fen: 15800}, {item: cupItem, fen: 2500}}
	return tmallShop, func(n int) []string {
		rng, now := rand.New(rand.NewPCG(11, 12)), time.Now()
		ids := make([]string, n)
		for i := range n {
			tid := 3910000000000 + int64(i)
			// Spread over the last nine minutes: inside the overlap of the
			// pull just made.
			must(b, gw.AddTrade(benchTrade(tid, pickLines(rng, lines), now.Add(-time.Duration(1+i%540)*time.Second))))
			ids[i] = strconv.FormatInt(tid, 10)
		}
		return ids
	}
}

// benchPick is n units of a line.
type benchPick struct {
	benchLine
	n int64
}

// pickLines is 1–3 different lines of ls, each of one or two units.
func pickLines(rng *rand.Rand, ls []benchLine) []benchPick {
	var out []benchPick
	for _, i := range rng.Perm(len(ls))[:1+rng.IntN(len(ls))] {
		out = append(out, benchPick{ls[i], 1 + rng.Int64N(2)})
	}
	return out
}

// benchTrade is a paid trade awaiting shipment of lines at their list
// price, with 10.00 post.
func benchTrade(tid int64, lines []benchPick, at time.Time) top.Trade {
	t := top.Trade{Tid: tid, Status: "WAIT_SELLER_SEND_GOODS", Created: at, PayTime: at, Modified: at, PostFee: "10.00",
		BuyerOpenUID: "AAbench-" + strconv.FormatInt(tid, 10), OAID: "oaid-" + strconv.FormatInt(tid, 10),
		Receiver: top.Receiver{Name: "李四", Mobile: "13700000000", State: "江苏省", City: "南京市", District: "玄武区", Address: "中山路 1 号"}}
	total := int64(1000)
	for j, l := range lines {
		fee := cny(l.fen * l.n).String()
		sku := ""
		if l.variant != 0 {
			sku = strconv.FormatInt(l.variant, 10)
		}
		t.Orders = append(t.Orders, top.SubOrder{Oid: tid*10 + int64(j+1), NumIID: l.item, SkuID: sku, Title: "商品", Num: l.n,
			Price: cny(l.fen).String(), TotalFee: fee, Payment: fee, DivideOrderFee: fee})
		total += l.fen * l.n
	}
	t.Payment, t.TotalFee = cny(total).String(), cny(total).String()
	return t
}

func attachShopifyBench(b *testing.B, w *wired, limited bool, calls *atomic.Int64) (string, func(int) []string) {
	opt := shopify.Options{Domain: "tea-house.myshopify.com", Token: "shpat_bench", WebhookSecret: "whsec-bench",
		Currency: "CNY", Zone: time.FixedZone("CST", 8*3600), Seed: 3}
	if !limited {
		opt.MaxCost, opt.RestoreRate = 1e12, 1e12 // a bucket that never runs dry
	}
	store := shopify.New(opt)
	w.connect(b, shop.Shop{ID: shopifyShop, Channel: "shopify", Name: "Tea House", Currency: "CNY", APIBaseURL: newLoopback(b, countCalls(store.Handler(), calls)),
		Settings: map[string]string{chshopify.SettingShopDomain: store.Domain(), chshopify.SettingLocationID: strconv.FormatInt(store.LocationID(), 10)}},
		map[string]string{chshopify.SecretToken: store.Token(), chshopify.SecretWebhook: store.WebhookSecret()})
	var lines []benchLine
	for _, l := range []struct {
		sku, hub string
		fen      int64
	}{{"LJ-250", "TEA-250", 12800}, {"LJ-500", "TEA-500", 22800}, {"CUP-W", "CUP", 3550}} {
		v := store.AddVariant(shopify.Variant{SKU: l.sku})
		w.list(b, catalog.Listing{Channel: "shopify", Shop: shopifyShop, ExternalItemID: strconv.FormatInt(v.ProductID, 10),
			ExternalSKUID: strconv.FormatInt(v.ID, 10), SKU: l.hub})
		lines = append(lines, benchLine{item: v.ProductID, variant: v.ID, code: l.sku, fen: l.fen})
	}
	return shopifyShop, func(n int) []string {
		rng := rand.New(rand.NewPCG(13, 14))
		ids := make([]string, n)
		for i := range n {
			ids[i] = strconv.FormatInt(store.AddOrder(benchCheckout(pickLines(rng, lines))).ID, 10)
		}
		return ids
	}
}

// benchCheckout is a paid order of lines in a tax-inclusive shop (13% VAT
// inside each price), shipped for 12.00.
func benchCheckout(lines []benchPick) shopify.Order {
	phone := "+8613800000000"
	o := shopify.Order{FinancialStatus: "paid", TaxesIncluded: true, Email: "buyer@example.com",
		ShippingLines: []shopify.ShippingLine{{Title: "顺丰", Code: "SF", Source: "shopify", Price: "12.00"}},
		Customer:      &shopify.Customer{ID: 7001, Email: "buyer@example.com", FirstName: "三", LastName: "张"},
		ShippingAddress: &shopify.Address{Name: "张三", FirstName: "三", LastName: "张", Address1: "文三路 1 号", City: "杭州市",
			Province: "浙江省", ProvinceCode: "ZJ", Zip: "310000", Country: "China", CountryCode: "CN", Phone: &phone}}
	for _, l := range lines {
		product, variant, sku, gross := l.item, l.variant, l.code, l.fen*l.n
		tax := money.New((gross*13+113/2)/113, "CNY") // the VAT inside a gross price, rounded to the fen
		o.LineItems = append(o.LineItems, shopify.LineItem{ProductID: &product, VariantID: &variant, SKU: &sku, Title: "商品", Name: "商品",
			Quantity: l.n, Price: cny(l.fen).String(), RequiresShipping: true,
			TaxLines: []shopify.TaxLine{{Title: "VAT", Price: tax.String(), Rate: "0.13"}}})
	}
	return o
}

func mustInt(s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		panic(err)
	}
	return n
}
