package channeltest

import (
	"net/http"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/sandbox"
)

// Harness is what a platform's test gives the suite: its simulator, set up
// and inspected in the platform's own terms, and a shop pointed at it.
// Methods that set up or read the simulator fail t themselves.
type Harness interface {
	// Channel is the shop channel kind the connector is registered under
	// ("shopify", "tmall"); the suite builds every connector with
	// channel.Lookup(Channel()).New, as the hub does.
	Channel() string
	// Config is a shop on the simulator: BaseURL at it, and the settings
	// and secrets it accepts. The suite sets HTTP to a client of its own.
	Config(t *testing.T) channel.Config
	// Capabilities says what the platform offers.
	Capabilities() Capabilities
	// Faults is the simulator's fault injector.
	Faults() *sandbox.Faults

	// PutOrder creates an order, paid and awaiting shipment, or updates the
	// one o.ExternalID names; it returns the order's external id.
	PutOrder(t *testing.T, o OrderSpec) string
	// NewListing creates a listing showing quantity and returns its ids.
	NewListing(t *testing.T, quantity int64) Listing
	// ListingQuantity is the quantity a listing shows now.
	ListingQuantity(t *testing.T, l Listing) int64
	// Shipment is the shipment the simulator holds for an order, if any.
	Shipment(t *testing.T, externalID string) (channel.Shipment, bool)
	// Webhook is a push message about an order, with its headers signed as
	// the platform signs them. Called only if Capabilities().Webhooks.
	Webhook(t *testing.T, externalID string) (http.Header, []byte)
}

// Capabilities are the ways platforms differ that the suite must know.
type Capabilities struct {
	// CompareAndSet: PushStock honours Expected. Without it the Conflict
	// subtest is skipped, saying so.
	CompareAndSet bool
	// Webhooks: the platform pushes signed messages over HTTP. Without it
	// (TOP's TMC is a websocket) the webhook subtest is skipped, saying so.
	Webhooks bool
	// PageSize is how many orders a page of the connector's pull holds;
	// the suite makes more than two pages' worth. 0: 10.
	PageSize int
	// Carrier is a carrier code the platform takes; "": "SF".
	Carrier string
	// Currency is the currency of the simulator's orders; "": CNY.
	Currency money.Currency
}

// OrderSpec is an order to put on the simulator.
type OrderSpec struct {
	ExternalID string    // "" for a new order
	Modified   time.Time // the platform's modification time, whole seconds
	Lines      []LineSpec
}

// LineSpec is one line of an order, by the platform's listing ids.
type LineSpec struct {
	ItemID, SKUID string // the platform's product/item and variant/SKU ids
	Quantity      int64
	UnitPrice     money.Amount
}

// Listing names a listing on the simulator in the platform's ids, as a
// StockPush does.
type Listing struct {
	ItemID, SKUID, Location string
}

func (c Capabilities) withDefaults() Capabilities {
	if c.PageSize <= 0 {
		c.PageSize = 10
	}
	if c.Carrier == "" {
		c.Carrier = "SF"
	}
	if c.Currency == "" {
		c.Currency = "CNY"
	}
	return c
}
