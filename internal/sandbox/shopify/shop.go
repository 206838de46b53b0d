// Package shopify is a simulated Shopify store: the GraphQL Admin API the
// connector (internal/channel/shopify) speaks, over real HTTP, holding its
// own orders, inventory and fulfillment orders, and sending webhooks as
// Shopify does — signed, retried with backoff, and on request duplicated,
// reordered and delayed. Faults (internal/sandbox) are injected in front
// of the API; Shopify's throttle is a 429 with Retry-After, and a cost
// bucket answers THROTTLED when the calculated query cost runs out.
//
// It executes exactly the operations the connector sends, chosen by
// operation name with their variables decoded by encoding/json; it is not
// a GraphQL engine.
package shopify

import (
	"bytes"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/fnshub/fnshub/internal/sandbox"
)

// Options configure a simulated store. Zero fields take the defaults
// named beside them.
type Options struct {
	Domain        string           // "sandbox.myshopify.com"
	Token         string           // "shpat_sandbox"; the X-Shopify-Access-Token it accepts
	WebhookSecret string           // "sandbox-secret"; signs webhooks
	Currency      string           // "USD"
	LocationID    int64            // 1001; the primary location
	Zone          *time.Location   // the shop's time zone for timestamps; UTC−5
	Now           func() time.Time // time.Now
	MaxCost       float64          // 1000; the cost bucket's size
	RestoreRate   float64          // 100 points a second
	Seed          uint64           // makes duplicates, reordering and faults repeatable
	// BeforeOperation, if set, runs before each API operation is answered,
	// with its name: a test changes the store there to race the connector.
	BeforeOperation func(name string)
	Webhooks        WebhookOptions
}

func (o *Options) defaults() {
	if o.Domain == "" {
		o.Domain = "sandbox.myshopify.com"
	}
	if o.Token == "" {
		o.Token = "shpat_sandbox"
	}
	if o.WebhookSecret == "" {
		o.WebhookSecret = "sandbox-secret"
	}
	if o.Currency == "" {
		o.Currency = "USD"
	}
	if o.LocationID == 0 {
		o.LocationID = 1001
	}
	if o.Zone == nil {
		o.Zone = time.FixedZone("EST", -5*3600)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.MaxCost == 0 {
		o.MaxCost = 1000
	}
	if o.RestoreRate == 0 {
		o.RestoreRate = 100
	}
	o.Webhooks.defaults()
}

// Shop is one simulated store. It is safe for concurrent use.
type Shop struct {
	opt    Options
	faults *sandbox.Faults

	mu           sync.Mutex
	next         int64
	orders       map[int64]*Order
	fos          map[int64][]*fulfillmentOrder // by order id
	variants     map[int64]*Variant
	items        map[int64]map[int64]int64 // inventory item → location → available
	idem         map[string]string         // idempotency key → its request's variables
	bucket       bucket
	subs         []subscription
	pending      []event
	deliveries   []Delivery
	rnd          *rand.Rand
	webhookCount int64
	payouts      []Payout // in the order they were put
	txns         []BalanceTransaction
}

// New returns an empty store.
func New(opt Options) *Shop {
	opt.defaults()
	s := &Shop{
		opt: opt, faults: sandbox.NewFaults(opt.Seed), next: 450789469000,
		orders: map[int64]*Order{}, fos: map[int64][]*fulfillmentOrder{},
		variants: map[int64]*Variant{}, items: map[int64]map[int64]int64{}, idem: map[string]string{},
		rnd: rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x5f3759df)),
	}
	s.bucket = bucket{max: opt.MaxCost, rate: opt.RestoreRate, available: opt.MaxCost, at: opt.Now()}
	return s
}

// Domain is the shop's myshopify domain, its webhooks' X-Shopify-Shop-Domain.
func (s *Shop) Domain() string { return s.opt.Domain }

// Token is the access token the API accepts.
func (s *Shop) Token() string { return s.opt.Token }

// WebhookSecret is the secret its webhooks are signed with.
func (s *Shop) WebhookSecret() string { return s.opt.WebhookSecret }

// LocationID is the primary location's id.
func (s *Shop) LocationID() int64 { return s.opt.LocationID }

// Faults is the injector in front of the API.
func (s *Shop) Faults() *sandbox.Faults { return s.faults }

// Handler serves the Admin API: POST /admin/api/{version}/graphql.json,
// and the Shopify Payments payouts and balance transactions (REST, paged
// with Link headers), behind the fault injector.
func (s *Shop) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /admin/api/{version}/graphql.json", s.serveGraphQL)
	mux.HandleFunc("GET /admin/api/{version}/shopify_payments/payouts.json", s.servePayouts)
	mux.HandleFunc("GET /admin/api/{version}/shopify_payments/balance/transactions.json", s.serveTransactions)
	return readBody(s.faults.Wrap(mux, throttled429))
}

// readBody reads the request body before the faults see it. net/http
// notices a client hanging up only once the body has been read to its
// end, so without this a Hang would outlive the client's timeout and hold
// the server's Close.
func readBody(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 4<<20))
		if err != nil {
			http.Error(w, "bad request body", http.StatusBadRequest)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		h.ServeHTTP(w, r)
	})
}

// throttled429 is Shopify's rate-limit answer.
func throttled429(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Retry-After", "2.0")
	writeJSON(w, http.StatusTooManyRequests, map[string]string{"errors": "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service."})
}

// id hands out the store's next object id.
func (s *Shop) id() int64 {
	s.next++
	return s.next
}

// stamp is now in the shop's zone, as Shopify writes REST timestamps.
func (s *Shop) stamp() string {
	return s.opt.Now().In(s.opt.Zone).Format(time.RFC3339)
}
