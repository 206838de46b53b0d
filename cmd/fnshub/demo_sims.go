package main

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	sshopify "github.com/fnshub/fnshub/internal/sandbox/shopify"
	"github.com/fnshub/fnshub/internal/sandbox/top"
)

// demoSims are the simulated platforms of fnshub demo, each a real HTTP
// server on loopback that the hub's real connectors call: the Shopify
// store (GraphQL Admin API, webhooks to the hub) and the TOP gateway
// (trades the hub pulls, stock it pushes). Each also answers
// GET /_demo/stock with what its listings show buyers, so a newcomer can
// see the stock the hub pushed back.
type demoSims struct {
	shopify    *sshopify.Shop
	top        *top.Gateway
	shopifyURL string // the store's API base, the shop's api_base_url
	topURL     string // the router's address, the shop's api_base_url
	servers    []*http.Server

	mu       sync.Mutex
	listings []simListing // every listing on both platforms, mapped or not
}

// simListing is one listing on a simulated platform.
type simListing struct {
	Shop   string `json:"shop"`
	ItemID string `json:"external_item_id"`
	SKUID  string `json:"external_sku_id"`
	SKU    string `json:"sku,omitempty"` // the hub's SKU it is mapped to; "" for the deliberately unmapped
	Bundle bool   `json:"bundle,omitempty"`
	Price  string `json:"-"`
	Title  string `json:"-"`
}

// Credentials both simulators accept; the demo's shops carry them.
const (
	demoTopAppKey    = "demo-app"
	demoTopSecret    = "demo-app-secret"
	demoTopSession   = "demo-session"
	demoShopifyToken = "shpat_demo"
	demoShopifyHook  = "demo-webhook-secret"
	demoShopDomain   = "fnshub-demo.myshopify.com"
)

// startSims starts both simulators on loopback ports.
func startSims(currency string, seed uint64) (*demoSims, error) {
	s := &demoSims{
		shopify: sshopify.New(sshopify.Options{Domain: demoShopDomain, Token: demoShopifyToken, WebhookSecret: demoShopifyHook,
			Currency: currency, Seed: seed,
			// A demo hub that was busy is retried within seconds, not minutes.
			Webhooks: sshopify.WebhookOptions{Attempts: 5, Backoff: 2 * time.Second}}),
		top: top.New(top.Options{AppKey: demoTopAppKey, AppSecret: demoTopSecret, Session: demoTopSession, Seed: seed}),
	}
	shopifyURL, err := s.serve(s.shopify.Handler(), "demo-shopify")
	if err != nil {
		return nil, err
	}
	topURL, err := s.serve(s.top.Handler(), "demo-tmall")
	if err != nil {
		s.close()
		return nil, err
	}
	s.shopifyURL, s.topURL = shopifyURL, top.BaseURL(topURL)
	return s, nil
}

// serve runs api with the stock page beside it on a new loopback port.
func (s *demoSims) serve(api http.Handler, shop string) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	mux := http.NewServeMux()
	mux.Handle("/", api)
	mux.HandleFunc("GET /_demo/stock", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"items": s.stockOf(shop)})
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	s.servers = append(s.servers, srv)
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			panic(err) // a loopback server that stops serving leaves the demo without a platform
		}
	}()
	return "http://" + ln.Addr().String(), nil
}

func (s *demoSims) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, srv := range s.servers {
		_ = srv.Shutdown(ctx)
	}
}

// listingStock is a listing and the quantity its platform shows.
type listingStock struct {
	simListing
	Quantity int64 `json:"quantity"`
}

// stockOf is what each of a shop's listings shows on its platform now.
func (s *demoSims) stockOf(shop string) []listingStock {
	s.mu.Lock()
	ls := append([]simListing(nil), s.listings...)
	s.mu.Unlock()
	out := []listingStock{}
	for _, l := range ls {
		if l.Shop != shop {
			continue
		}
		out = append(out, listingStock{simListing: l, Quantity: s.quantity(l)})
	}
	return out
}

func (s *demoSims) quantity(l simListing) int64 {
	if l.Shop == demoShopifyID {
		v, _ := strconv.ParseInt(l.SKUID, 10, 64)
		return s.shopify.Available(v)
	}
	item, _ := strconv.ParseInt(l.ItemID, 10, 64)
	q, _ := s.top.Quantity(item, l.SKUID)
	return q
}

// list adds a listing on its platform, with nothing in stock until the
// hub pushes.
func (s *demoSims) list(l simListing, productID, itemID int64) simListing {
	if l.Shop == demoShopifyID {
		v := s.shopify.AddVariant(sshopify.Variant{ProductID: productID, SKU: l.SKU})
		l.ItemID, l.SKUID = strconv.FormatInt(v.ProductID, 10), strconv.FormatInt(v.ID, 10)
	} else {
		l.ItemID = strconv.FormatInt(itemID, 10)
		s.top.SetQuantity(itemID, l.SKUID, 0)
	}
	s.mu.Lock()
	s.listings = append(s.listings, l)
	s.mu.Unlock()
	return l
}

// listed returns a copy of every listing.
func (s *demoSims) listed() []simListing {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]simListing(nil), s.listings...)
}
