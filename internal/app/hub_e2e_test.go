package app_test

// What the end-to-end tests share: a hub whose shops hold real
// credentials (sealed secrets, settings, api_base_url) and whose
// connectors are the real ones, built by app.NewShopConnectors from those
// shops, talking over loopback to the platforms' simulators.

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/catalog"
	_ "github.com/fnshub/fnshub/internal/channel/shopify" // registers shopify, as cmd/fnshub does
	_ "github.com/fnshub/fnshub/internal/channel/taobao"  // registers taobao and tmall
	"github.com/fnshub/fnshub/internal/httpapi"
	"github.com/fnshub/fnshub/internal/job/jobdb"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/pii"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// wired is a hub with its sync engine: connectors from shop credentials,
// webhook intake, and (when served) the real HTTP handler in front of it.
type wired struct {
	*hub
	conns *app.ShopConnectors
	hooks *app.Hooks
}

func newWired(t testing.TB, open storetest.Opener) *wired {
	t.Helper()
	h := newHub(t, open, app.OrderOptions{})
	_, err := jobdb.Migrate(ctx, h.db)
	must(t, err)
	keys, err := pii.NewKeyring(pii.Key{ID: "master-1", Secret: []byte((rand.Text() + rand.Text())[:pii.KeySize])})
	must(t, err)
	h.shops.WithKeys(keys) // shop secrets are sealed under the master key, as in production
	w := &wired{hub: h, conns: app.NewShopConnectors(h.shops, decodeJSON)}
	w.hooks = app.NewHooks(h.orders, h.shops, w.conns)
	t.Cleanup(w.hooks.Close)
	return w
}

// connect adds a shop with its platform settings, sealed secrets and an
// api_base_url at a simulator.
func (w *wired) connect(t testing.TB, sh shop.Shop, secrets map[string]string) {
	t.Helper()
	_, err := w.shops.CreateWithSecrets(ctx, sh, secrets)
	must(t, err)
}

func (w *wired) list(t testing.TB, l catalog.Listing) {
	t.Helper()
	_, err := w.cat.PutListing(ctx, l)
	must(t, err)
}

// order is the shop's order with external id ext, failing t if there is
// not exactly one.
func (w *wired) order(t *testing.T, shopID, ext string) *order.Record {
	t.Helper()
	recs, err := w.orders.List(ctx, orderListAll())
	must(t, err)
	var found []*order.Record
	for _, r := range recs {
		if r.Shop == shopID && r.ExternalID == ext {
			found = append(found, r)
		}
	}
	if len(found) != 1 {
		t.Fatalf("shop %s has %d orders %s, want 1", shopID, len(found), ext)
	}
	rec, err := w.orders.Get(ctx, found[0].ID)
	must(t, err)
	return rec
}

// served is the hub's HTTP API on loopback, noting every webhook answer.
type served struct {
	url string

	mu       sync.Mutex
	accepted []int64 // raw ids of the deliveries the hub kept for processing
	statuses []int
	down     int // the next deliveries answered 503, as a hub restarting would
}

// serve starts the hub's real handler (httpapi.New with Hooks).
func (w *wired) serve(t *testing.T) *served {
	t.Helper()
	api := httpapi.New(httpapi.Deps{Orders: w.orders, Hooks: w.hooks, Shops: w.shops, Catalog: w.cat, Stock: w.stock, DB: w.db})
	s := &served{}
	next := api.Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		if s.down > 0 {
			s.down--
			s.statuses = append(s.statuses, http.StatusServiceUnavailable)
			s.mu.Unlock()
			http.Error(rw, "restarting", http.StatusServiceUnavailable)
			return
		}
		s.mu.Unlock()
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		s.note(rec)
		for k, v := range rec.Header() {
			rw.Header()[k] = v
		}
		rw.WriteHeader(rec.Code)
		_, _ = rw.Write(rec.Body.Bytes())
	}))
	t.Cleanup(srv.Close)
	s.url = srv.URL
	return s
}

func (s *served) note(rec *httptest.ResponseRecorder) {
	var ans struct {
		Status string `json:"status"`
		RawID  int64  `json:"raw_event_id"`
	}
	_ = json.NewDecoder(bytes.NewReader(rec.Body.Bytes())).Decode(&ans)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.statuses = append(s.statuses, rec.Code)
	if ans.Status == string(app.HookAccepted) && ans.RawID != 0 {
		s.accepted = append(s.accepted, ans.RawID)
	}
}

// failNext answers the next n requests 503, as a hub restarting would.
func (s *served) failNext(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = n
}

// takeAccepted returns the raw ids accepted since the last call.
func (s *served) takeAccepted() []int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := s.accepted
	s.accepted = nil
	return ids
}

// process runs the hook.process job of each accepted delivery, as the
// queue would.
func (w *wired) process(t *testing.T, ids []int64) {
	t.Helper()
	for _, id := range ids {
		must(t, w.hooks.Process(ctx, id))
	}
}

// newLoopback serves a simulator on loopback and returns its URL.
func newLoopback(t testing.TB, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}
