// Package channel is the contract every sales-channel connector keeps, the
// registry that builds a shop's connector, and the HTTP client they share
// (DESIGN.md §2 N, docs/adr/0028-connector-contract-and-client.md).
//
// A connector speaks one platform's wire format for one shop: it pulls and
// fetches orders, verifies and reads push messages, pushes stock and
// shipments, and maps the platform's order to the canonical order.
// Connectors never touch the database: the sync engine (internal/app and
// the jobs) keeps raw payloads, watermarks and results, and retries.
package channel

import (
	"context"
	"net/http"
	"time"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/pii"
)

// Connector is one platform's client bound to one shop's credentials.
// Every method that calls the platform returns an *Error, so the caller can
// tell a throttle from an outage from a refusal (IsRetryable, RetryAfter).
type Connector interface {
	// PullOrders returns one page of the orders changed within w. cursor is
	// "" for the first page and Page.Next for the next; a connector whose
	// platform pages backwards (TOP) hides that behind the same cursor.
	// Every order of the window is returned by some page, in any order.
	PullOrders(ctx context.Context, w Window, cursor string) (Page, error)

	// FetchOrder returns one order, for a push message that only names it
	// and for reconciliation. An order the platform does not know is an
	// *Error of kind NotFound.
	FetchOrder(ctx context.Context, externalID string) (Order, error)

	// VerifyWebhook checks that a push message came from the platform for
	// this shop (signature over the raw body, constant-time) and reads its
	// envelope. It does no I/O, so a receiver may call it before answering.
	// Errors: *Error of kind BadSignature (answer 401) or Rejected (a
	// message fnshub cannot take, e.g. an unknown topic).
	VerifyWebhook(h http.Header, body []byte) (Message, error)

	// ReadWebhook maps a verified message to the orders it carries. A
	// message that only names an order (TOP's TMC) returns none and sets
	// Message.Fetch; the caller then calls FetchOrder.
	ReadWebhook(m Message, body []byte) ([]Order, error)

	// PushStock sets the quantity a listing shows. With Expected set, the
	// platform's compare-and-set is used where it has one, and a mismatch is
	// an *Error of kind Conflict carrying the platform's current quantity.
	// A connector whose platform writes many listings in one call also
	// offers BatchStockPusher (batch.go); PushStock stays for one listing.
	PushStock(ctx context.Context, s StockPush) (StockResult, error)

	// PushShipment writes a shipment (carrier and tracking) back to the
	// order. Pushing the same shipment again is not an error: a platform
	// that says it is shipped already answers nil.
	PushShipment(ctx context.Context, s Shipment) error
}

// Receivers is what the connector of a platform that masks buyers'
// contacts (TOP's OAID) offers for printing a shipping label: the receiver
// in plain text, opened by the platform from what the order's payload
// holds. The caller prints it and drops it; it is never stored open.
type Receivers interface {
	// Receiver opens the receiver of order externalID from raw, the
	// platform payload of the version in effect. ok is false when raw
	// carries nothing to open: the contact the order holds is as sent.
	Receiver(ctx context.Context, externalID string, raw []byte) (c pii.Contact, ok bool, err error)
}

// Window is a span of platform modification time, [From, To). Callers
// overlap windows; connectors split a window the platform caps (TOP: one
// day) into the pieces it allows.
type Window struct{ From, To time.Time }

// Page is one page of pulled orders.
type Page struct {
	Orders []Order
	Next   string // "" on the last page
}

// Order is a platform order mapped to the canonical order, with what
// ingestion needs besides it (the fields of app.Input a channel provides).
type Order struct {
	Order     order.Order   // Channel, Shop, ExternalID and Version set; lines by the platform's ids or SKU code
	BuyerID   string        // the platform's buyer id (OAID, open_uid, customer id); only its pseudonym is kept
	Contact   *pii.Contact  // as the platform sent it: masked or ciphertext on Chinese platforms, never decrypted here
	PaidTotal *money.Amount // what the platform says the buyer paid, checked against the lines
	Raw       []byte        // this order's JSON exactly as the platform sent it
}

// Message is a verified push message's envelope.
type Message struct {
	ID         string    // the platform's delivery id: the dedupe key (X-Shopify-Webhook-Id …)
	Topic      string    // the platform's topic, e.g. "orders/updated"
	ExternalID string    // the order it concerns, when the envelope says
	SentAt     time.Time // when the platform says it sent or triggered it; zero if it does not
	Fetch      bool      // the message only names the order: FetchOrder it
}

// StockPush is one listing's quantity to publish.
type StockPush struct {
	ExternalItemID string // the platform's product/item id (num_iid, product id)
	ExternalSKUID  string // its variant/SKU id where the listing has one
	Location       string // the platform's location/warehouse id where it has them (Shopify location)
	Quantity       int64  // what the listing should show, ≥ 0
	Expected       *int64 // the quantity believed to be there now, for compare-and-set; nil: set blindly
}

// StockResult is what the platform holds after a push.
type StockResult struct {
	Quantity int64 // as the platform reports it, or Quantity pushed when it reports nothing
}

// Shipment is an order's shipment to write back.
type Shipment struct {
	ExternalID string         // the platform's order id
	Carrier    string         // fnshub's carrier code (SF, YTO …); the connector maps it to the platform's
	TrackingNo string         // 运单号
	Lines      []ShipmentLine // empty: the whole order
}

// ShipmentLine is part of an order in a split shipment.
type ShipmentLine struct {
	ExternalLineID string // the platform's line id (oid, line item id)
	Quantity       int64
}
