// Package orderdb stores orders. Its writes run inside the caller's
// transaction, because an order is only ever written together with its
// stock and its books (internal/app).
package orderdb

import (
	"encoding/json"
	"time"

	"github.com/fnshub/fnshub/internal/order"
)

// Record is an order as stored: the canonical order and what fnshub keeps
// about its processing.
type Record struct {
	order.Order
	Contact      []byte // sealed name, phone and address; nil when none was given
	RawEventID   int64  // the payload of the latest applied version
	AllocSeq     int    // reservation sets made so far
	PaidEntry    int64  // ledger entry ids; 0 while not posted
	RevenueEntry int64
	UndoEntry    int64
	Refunded     int64            // refunded after shipping so far, minor units, VAT included
	RefundedTax  int64            // the output VAT in Refunded
	RefundSeq    int              // partial refunds so far
	ContentHash  string           // fingerprint of the content in effect (app: the version it came from)
	Versions     map[int64]string // versions received so far and their fingerprints (loaded for existing orders)
}

// ReservationRef is the ref every reservation of order id carries.
func ReservationRef(id int64) string { return "order:" + itoa(id) }

// ReservationKey names the n-th reservation set of order id.
func ReservationKey(id int64, n int) string { return "order:" + itoa(id) + ":r" + itoa(int64(n)) }

// Version is one upstream version as received, and what it did.
type Version struct {
	OrderID    int64        `json:"-"`
	Version    int64        `json:"version"`
	Status     order.Status `json:"status"`
	Effect     Effect       `json:"effect"`
	RawEventID int64        `json:"raw_event_id"`
	ReceivedAt time.Time    `json:"received_at"`
	// ContentHash fingerprints what the version said (lines, amounts,
	// contact): '' for versions stored before fingerprints were kept.
	ContentHash string `json:"-"`
}

// Effect is what one version did to its order.
type Effect string

const (
	Created Effect = "created"
	Applied Effect = "applied" // a newer version changed the order
	Held    Effect = "held"    // a newer version whose change could not apply: recorded, the order held
	Stale   Effect = "stale"   // an older version: recorded, changed nothing
)

// Event is one entry of an order's event trail, also the outbox row that
// announces it after commit.
type Event struct {
	ID        int64           `json:"id"`
	Topic     string          `json:"topic"`
	OrderID   int64           `json:"order_id,omitempty"`
	Payload   json.RawMessage `json:"payload"`
	CreatedAt time.Time       `json:"created_at"`
}

// RawEvent is an inbound payload, kept so any projection can be rebuilt.
type RawEvent struct {
	ID         int64
	Source     string
	ReceivedAt time.Time
	Body       []byte
}
