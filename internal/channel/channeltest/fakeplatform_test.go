package channeltest_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/channel/channeltest"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/sandbox"
)

// The fake platform is the smallest JSON platform with everything the
// suite asks of one: orders paged by an offset cursor, listings with
// compare-and-set, shipments, HMAC-signed webhooks and 429 throttles. It
// exists to test the suite itself.

const (
	fakeToken   = "tok-fake"
	fakeSecret  = "whsec-fake"
	fakePerPage = 3
)

type fakeOrder struct {
	ID       string     `json:"id"`
	Modified int64      `json:"modified"` // unix seconds
	Lines    []fakeLine `json:"lines"`
}

type fakeLine struct {
	ItemID   string `json:"item_id"`
	SKUID    string `json:"sku_id"`
	Quantity int64  `json:"quantity"`
	Price    string `json:"price"` // decimal, major units of CNY
}

type fakeShipment struct {
	Carrier    string `json:"carrier"`
	TrackingNo string `json:"tracking_no"`
}

// fakeHarness is the fake platform's simulator and its channeltest.Harness.
type fakeHarness struct {
	srv    *httptest.Server
	faults *sandbox.Faults
	brk    string // how the connector is broken, for the suite's own tests

	mu        sync.Mutex
	next      int
	orders    map[string]fakeOrder
	listings  map[string]int64
	shipments map[string]fakeShipment
}

func newFakeHarness(t *testing.T, brk string) *fakeHarness {
	h := &fakeHarness{faults: sandbox.NewFaults(1), brk: brk, next: 1000,
		orders: map[string]fakeOrder{}, listings: map[string]int64{}, shipments: map[string]fakeShipment{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /orders", h.list)
	mux.HandleFunc("GET /orders/{id}", h.get)
	mux.HandleFunc("PUT /listings/{item}/{sku}", h.setStock)
	mux.HandleFunc("POST /orders/{id}/shipment", h.ship)
	h.srv = httptest.NewServer(h.faults.Wrap(authed(mux), func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "1")
		writeJSON(w, http.StatusTooManyRequests, map[string]string{"error": "throttled"})
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func authed(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Fake-Token") != fakeToken {
			writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "unauthorized"})
			return
		}
		h.ServeHTTP(w, r)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (h *fakeHarness) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	from, _ := strconv.ParseInt(q.Get("from"), 10, 64)
	to, _ := strconv.ParseInt(q.Get("to"), 10, 64)
	offset, _ := strconv.Atoi(q.Get("cursor"))
	h.mu.Lock()
	var in []fakeOrder
	for _, o := range h.orders {
		if o.Modified >= from && o.Modified < to {
			in = append(in, o)
		}
	}
	h.mu.Unlock()
	slices.SortFunc(in, func(a, b fakeOrder) int { return compareIDs(a.ID, b.ID) })
	page := in[min(offset, len(in)):min(offset+fakePerPage, len(in))]
	next := ""
	if offset+fakePerPage < len(in) {
		next = strconv.Itoa(offset + fakePerPage)
	}
	writeJSON(w, http.StatusOK, map[string]any{"orders": page, "next": next})
}

func compareIDs(a, b string) int {
	x, _ := strconv.Atoi(a)
	y, _ := strconv.Atoi(b)
	return x - y
}

func (h *fakeHarness) get(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	o, ok := h.orders[r.PathValue("id")]
	h.mu.Unlock()
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "not_found"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"order": o})
}

func (h *fakeHarness) setStock(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Quantity int64  `json:"quantity"`
		Expected *int64 `json:"expected"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	key := r.PathValue("item") + "/" + r.PathValue("sku")
	h.mu.Lock()
	defer h.mu.Unlock()
	cur, ok := h.listings[key]
	switch {
	case !ok:
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "not_found"})
	case body.Expected != nil && *body.Expected != cur:
		writeJSON(w, http.StatusConflict, map[string]any{"error": "conflict", "current": cur})
	default:
		h.listings[key] = body.Quantity
		writeJSON(w, http.StatusOK, map[string]int64{"quantity": body.Quantity})
	}
}

func (h *fakeHarness) ship(w http.ResponseWriter, r *http.Request) {
	var s fakeShipment
	if err := json.NewDecoder(r.Body).Decode(&s); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	id := r.PathValue("id")
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.orders[id]; !ok {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "not_found"})
		return
	}
	if _, done := h.shipments[id]; done {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"error": "already_shipped"})
		return
	}
	h.shipments[id] = s
	writeJSON(w, http.StatusCreated, s)
}

// The Harness.

func (h *fakeHarness) Channel() string { return "fakejson" }

func (h *fakeHarness) Config(*testing.T) channel.Config {
	return channel.Config{Shop: "shop-1", Channel: "fakejson", BaseURL: h.srv.URL,
		Settings: map[string]string{"break": h.brk},
		Secrets:  map[string]string{"token": fakeToken, "webhook_secret": fakeSecret}}
}

func (h *fakeHarness) Capabilities() channeltest.Capabilities {
	return channeltest.Capabilities{CompareAndSet: true, Webhooks: true, PageSize: fakePerPage}
}

func (h *fakeHarness) Faults() *sandbox.Faults { return h.faults }

func (h *fakeHarness) PutOrder(t *testing.T, spec channeltest.OrderSpec) string {
	o := fakeOrder{ID: spec.ExternalID, Modified: spec.Modified.Unix()}
	for _, l := range spec.Lines {
		if l.UnitPrice.Currency() != "CNY" {
			t.Fatalf("the fake platform sells in CNY, not %s", l.UnitPrice.Currency())
		}
		o.Lines = append(o.Lines, fakeLine{ItemID: l.ItemID, SKUID: l.SKUID, Quantity: l.Quantity, Price: l.UnitPrice.String()})
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if o.ID == "" {
		h.next++
		o.ID = strconv.Itoa(h.next)
	}
	h.orders[o.ID] = o
	return o.ID
}

func (h *fakeHarness) NewListing(_ *testing.T, quantity int64) channeltest.Listing {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.next++
	l := channeltest.Listing{ItemID: strconv.Itoa(h.next), SKUID: strconv.Itoa(h.next + 500_000)}
	h.listings[l.ItemID+"/"+l.SKUID] = quantity
	return l
}

func (h *fakeHarness) ListingQuantity(t *testing.T, l channeltest.Listing) int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	q, ok := h.listings[l.ItemID+"/"+l.SKUID]
	if !ok {
		t.Fatalf("no listing %+v", l)
	}
	return q
}

func (h *fakeHarness) Shipment(_ *testing.T, id string) (channel.Shipment, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	s, ok := h.shipments[id]
	return channel.Shipment{ExternalID: id, Carrier: s.Carrier, TrackingNo: s.TrackingNo}, ok
}

func (h *fakeHarness) Webhook(t *testing.T, id string) (http.Header, []byte) {
	h.mu.Lock()
	o, ok := h.orders[id]
	h.next++
	delivery := fmt.Sprintf("dlv-%d", h.next)
	h.mu.Unlock()
	if !ok {
		t.Fatalf("no order %s", id)
	}
	body, _ := json.Marshal(o)
	hdr := http.Header{}
	hdr.Set("X-Fake-Topic", "orders/updated")
	hdr.Set("X-Fake-Delivery", delivery)
	hdr.Set("X-Fake-Signature", fakeSign(body))
	return hdr, body
}

func fakeSign(body []byte) string {
	m := hmac.New(sha256.New, []byte(fakeSecret))
	m.Write(body)
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// parsePrice reads a fake price; money.Parse is exact.
func parsePrice(s string) (money.Amount, error) { return money.Parse(s, "CNY") }
