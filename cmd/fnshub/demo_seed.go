package main

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	mrand "math/rand/v2"
	"strings"

	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/catalog"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/money"
	sshopify "github.com/fnshub/fnshub/internal/sandbox/shopify"
	"github.com/fnshub/fnshub/internal/shop"
)

// The demo merchant's shops.
const (
	demoShopifyID = "demo-shopify"
	demoTmallID   = "demo-tmall"
	demoWebID     = "demo-web"
	demoWebSecret = "demo-web-secret"
	demoAdmin     = "demo-admin"
)

// demoWarehouses are where the merchant keeps stock, each in a province
// orders are routed by.
var demoWarehouses = []inventory.Warehouse{
	{Code: "WH-HZ", Name: "杭州仓", Province: "浙江省", Priority: 1, Active: true},
	{Code: "WH-GZ", Name: "广州仓", Province: "广东省", Priority: 2, Active: true},
	{Code: "WH-BJ", Name: "北京仓", Province: "北京市", Priority: 3, Active: true},
}

// demoArticles are the products' names and VAT rates: food and books at
// 9 %, other goods at 13 %.
var demoArticles = []struct{ name, rate string }{
	{"龙井绿茶", "0.09"}, {"普洱熟茶", "0.09"}, {"白茶饼", "0.09"}, {"茉莉花茶", "0.09"}, {"红茶礼盒", "0.09"},
	{"紫砂壶", "0.13"}, {"玻璃茶杯", "0.13"}, {"旅行茶具", "0.13"}, {"茶盘", "0.13"}, {"保温杯", "0.13"},
}

// demoSpecs are each product's variants (规格).
var demoSpecs = []string{"50g", "100g", "250g", "500g", "1kg"}

// The catalog's shape: products × variants plain SKUs, then bundles.
const (
	demoProducts = 38
	demoBundles  = 10
	scarceEvery  = 17 // every 17th plain SKU is kept scarce, so insufficient_stock holds appear
)

// demoMerchant is the merchant seeded: its SKUs, which are bundles, and
// what each lists on the platforms.
type demoMerchant struct {
	skus     []catalog.SKU
	prices   map[string]money.Amount // list price by SKU
	password string
	token    string
}

// seedDemo makes the demo merchant through the hub's own services: the
// same validation as the API, no SQL. It runs before the jobs and the
// stock pusher start, so their first pass sees the whole merchant.
func seedDemo(ctx context.Context, h *hub, sims *demoSims, cur money.Currency, seed uint64, hubURL string) (*demoMerchant, error) {
	rnd := mrand.New(mrand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	m := &demoMerchant{prices: map[string]money.Amount{}}
	for _, w := range demoWarehouses {
		if _, err := h.stock.CreateWarehouse(ctx, w); err != nil {
			return nil, fmt.Errorf("demo warehouse %s: %w", w.Code, err)
		}
	}
	if err := m.seedCatalog(ctx, h, rnd, cur); err != nil {
		return nil, err
	}
	if err := seedShops(ctx, h, sims, hubURL); err != nil {
		return nil, err
	}
	if err := m.seedStock(ctx, h, rnd); err != nil {
		return nil, err
	}
	if err := m.seedListings(ctx, h, sims); err != nil {
		return nil, err
	}
	if err := seedSettlement(ctx, h, cur); err != nil {
		return nil, err
	}
	return m, m.seedAdmin(ctx, h)
}

func (m *demoMerchant) seedCatalog(ctx context.Context, h *hub, rnd *mrand.Rand, cur money.Currency) error {
	for p := range demoProducts {
		art := demoArticles[p%len(demoArticles)]
		code := fmt.Sprintf("P%03d", p+1)
		name := fmt.Sprintf("%s %d 号", art.name, p/len(demoArticles)+1)
		if _, err := h.catalog.CreateProduct(ctx, catalog.Product{Code: code, Name: name}); err != nil {
			return fmt.Errorf("demo product %s: %w", code, err)
		}
		for v, spec := range demoSpecs {
			sku := catalog.SKU{Code: fmt.Sprintf("%s-%d", code, v+1), Product: code, Name: name, Spec: spec, TaxRate: money.MustRate(art.rate)}
			if err := m.create(ctx, h, sku, price(rnd, cur, 1990, 29900)); err != nil {
				return err
			}
		}
	}
	if _, err := h.catalog.CreateProduct(ctx, catalog.Product{Code: "GIFT", Name: "礼盒套装"}); err != nil {
		return err
	}
	for b := range demoBundles {
		first, second := m.skus[rnd.IntN(len(m.skus))], m.skus[rnd.IntN(len(m.skus))]
		comps := []catalog.Component{{SKU: first.Code, Quantity: 1}}
		if second.Code != first.Code {
			comps = append(comps, catalog.Component{SKU: second.Code, Quantity: 2})
		}
		sku := catalog.SKU{Code: fmt.Sprintf("GIFT-%d", b+1), Product: "GIFT", Name: "礼盒 " + first.Name, TaxRate: first.TaxRate, Components: comps}
		if err := m.create(ctx, h, sku, price(rnd, cur, 19900, 59900)); err != nil {
			return err
		}
	}
	return nil
}

func (m *demoMerchant) create(ctx context.Context, h *hub, sku catalog.SKU, p money.Amount) error {
	created, err := h.catalog.CreateSKU(ctx, sku)
	if err != nil {
		return fmt.Errorf("demo SKU %s: %w", sku.Code, err)
	}
	m.skus, m.prices[created.Code] = append(m.skus, created), p
	return nil
}

// price is a price between lo and hi minor units, ending in 0.
func price(rnd *mrand.Rand, cur money.Currency, lo, hi int64) money.Amount {
	a, err := money.ParseMinor(fmt.Sprint((lo+rnd.Int64N(hi-lo))/10*10), cur)
	if err != nil {
		panic(err) // the bounds are constants
	}
	return a
}

// seedStock receives every plain SKU into each warehouse at a unit cost
// below its price (orders are not split, so a warehouse that holds every
// SKU can fill any order); a few SKUs are kept scarce, one unit in one
// warehouse. Every shop publishes a share of what is available: 40 %
// Shopify, 40 % Tmall, 20 % the web shop.
func (m *demoMerchant) seedStock(ctx context.Context, h *hub, rnd *mrand.Rand) error {
	for i, sku := range m.skus {
		if sku.IsBundle() {
			continue
		}
		cost, err := m.prices[sku.Code].MulRate(money.MustRate("0.45"))
		if err != nil {
			return err
		}
		for j, wh := range demoWarehouses {
			qty := 10 + rnd.Int64N(60)
			if i%scarceEvery == 0 {
				if j > 0 {
					break
				}
				qty = 1
			}
			line := inventory.Line{SKU: sku.Code, Warehouse: wh.Code, Quantity: qty}
			if _, _, err := h.value.Receive(ctx, "demo-receipt-"+sku.Code+"-"+wh.Code, line, &cost); err != nil {
				return fmt.Errorf("demo receipt of %s: %w", sku.Code, err)
			}
		}
	}
	for shopID, bp := range map[string]int64{demoShopifyID: 4000, demoTmallID: 4000, demoWebID: 2000} {
		if _, err := h.stock.PutRule(ctx, inventory.Rule{Shop: shopID, SKU: inventory.AnySKU, Kind: inventory.RuleShare, ShareBP: bp}); err != nil {
			return fmt.Errorf("demo stock rule of %s: %w", shopID, err)
		}
	}
	return nil
}

// seedShops adds the three shops with the credentials their simulators
// accept, and subscribes the Shopify store's webhooks to the hub.
func seedShops(ctx context.Context, h *hub, sims *demoSims, hubURL string) error {
	shops := []struct {
		sh      shop.Shop
		secrets map[string]string
	}{
		{shop.Shop{ID: demoShopifyID, Channel: "shopify", Name: "Demo Tea (Shopify)", APIBaseURL: sims.shopifyURL,
			Settings: map[string]string{"shop_domain": demoShopDomain, "api_version": sshopify.APIVersion}},
			map[string]string{"access_token": demoShopifyToken, "webhook_secret": demoShopifyHook}},
		{shop.Shop{ID: demoTmallID, Channel: "tmall", Name: "Demo Tea 天猫旗舰店", APIBaseURL: sims.topURL,
			Settings: map[string]string{"app_key": demoTopAppKey}},
			map[string]string{"app_secret": demoTopSecret, "session": demoTopSession}},
		{shop.Shop{ID: demoWebID, Channel: "web", Name: "Demo Tea web shop"}, map[string]string{"webhook_secret": demoWebSecret}},
	}
	for _, s := range shops {
		if _, err := h.shops.CreateWithSecrets(ctx, s.sh, s.secrets); err != nil {
			return fmt.Errorf("demo shop %s: %w", s.sh.ID, err)
		}
	}
	for _, topic := range []string{"orders/create", "orders/updated", "orders/cancelled"} {
		sims.shopify.Subscribe(topic, hubURL+"/hooks/shopify/"+demoShopifyID)
	}
	return nil
}

// Listings per platform: Shopify's API allows about two calls a second, and
// a push takes two or three, so the Shopify shop lists fewer SKUs than
// Tmall; each platform also has listings nobody mapped.
const (
	shopifyListings = 14
	tmallListings   = 36
	unmappedPerShop = 2
)

// seedListings lists SKUs on both platforms and maps them, plain SKUs and
// bundles, leaving a few listings unmapped so sku_unmapped holds appear.
func (m *demoMerchant) seedListings(ctx context.Context, h *hub, sims *demoSims) error {
	plain, bundles := []catalog.SKU{}, []catalog.SKU{}
	for _, s := range m.skus {
		if s.IsBundle() {
			bundles = append(bundles, s)
		} else {
			plain = append(plain, s)
		}
	}
	pick := func(from int, n int) []catalog.SKU {
		out := append([]catalog.SKU(nil), plain[from:from+n-2]...)
		return append(out, bundles[from%len(bundles)], bundles[(from+1)%len(bundles)])
	}
	plan := []struct {
		shop, channel string
		skus          []catalog.SKU
	}{
		{demoShopifyID, "shopify", pick(0, shopifyListings)},
		{demoTmallID, "tmall", pick(shopifyListings, tmallListings)},
	}
	item := int64(600_000_000_000)
	for _, p := range plan {
		for i, s := range p.skus {
			item++
			l := sims.list(simListing{Shop: p.shop, SKU: s.Code, Bundle: s.IsBundle(), Price: m.prices[s.Code].String(), Title: s.Name + " " + s.Spec,
				SKUID: fmt.Sprint(5_000_000 + item)}, 0, item)
			if _, err := h.catalog.PutListing(ctx, catalog.Listing{Channel: p.channel, Shop: p.shop, ExternalItemID: l.ItemID, ExternalSKUID: l.SKUID, SKU: s.Code}); err != nil {
				return fmt.Errorf("demo listing %d of %s: %w", i, p.shop, err)
			}
		}
		for i := range unmappedPerShop {
			item++
			sims.list(simListing{Shop: p.shop, Price: "88.00", Title: fmt.Sprintf("新品 %d (not mapped yet)", i+1), SKUID: fmt.Sprint(5_000_000 + item)}, 0, item)
		}
	}
	return nil
}

// seedAdmin adds the demo's admin with a generated password and a token.
func (m *demoMerchant) seedAdmin(ctx context.Context, h *hub) error {
	b := make([]byte, 15)
	if _, err := rand.Read(b); err != nil {
		return err
	}
	m.password = strings.ToLower(base32.StdEncoding.EncodeToString(b))
	if _, err := h.auth.AddUser(ctx, demoAdmin, auth.Admin, m.password); err != nil {
		return err
	}
	secret, _, err := h.auth.CreateToken(ctx, demoAdmin, "fnshub demo")
	m.token = secret
	return err
}
