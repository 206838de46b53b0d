package order

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// Record is an order as fnshub keeps it: the canonical order and what
// fnshub records about its processing.
type Record struct {
	Order
	Contact      []byte // sealed name, phone and address; nil when none was given
	RawEventID   int64  // the payload of the latest applied version
	AllocSeq     int    // reservation sets made so far
	PaidEntry    int64  // ledger entry ids; 0 while not posted
	RevenueEntry int64
	UndoEntry    int64
	Refunded     int64          // refunded after shipping so far, minor units, VAT included
	RefundedTax  int64          // the output VAT in Refunded
	RefundSeq    int            // partial refunds so far
	ContentHash  string         // fingerprint of the content in effect (app: the version it came from)
	Versions     map[int64]Seen // versions received so far, as they were sent (loaded for existing orders)
	// Moves are the status changes made since the record was loaded or
	// created (MoveTo); not stored.
	Moves []Transition
}

// Seen is a version as it was received: the fingerprint of its content
// and the status it was sent with. The status is not part of the content
// (the hub moves an order's status on), but the same version sent again
// with another status is not a duplicate.
type Seen struct {
	Hash   string
	Status Status
}

// ReservationRef is the ref every reservation of order id carries.
func ReservationRef(id ID) string { return "order:" + itoa(int64(id)) }

// ReservationKey names the n-th reservation set of order id.
func ReservationKey(id ID, n int) string { return "order:" + itoa(int64(id)) + ":r" + itoa(int64(n)) }

// ReservationOrder is the order a reservation id was made for: a
// ReservationKey, then anything (the line); false for any other id.
func ReservationOrder(id string) (ID, bool) {
	rest, ok := strings.CutPrefix(id, "order:")
	if !ok {
		return 0, false
	}
	n, _, ok := strings.Cut(rest, ":r")
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseInt(n, 10, 64)
	if err != nil || v <= 0 {
		return 0, false
	}
	return ID(v), true
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// Version is one upstream version as received, and what it did.
type Version struct {
	OrderID    ID            `json:"-"`
	Version    int64         `json:"version"`
	Status     Status        `json:"status"`
	Effect     VersionEffect `json:"effect"`
	RawEventID int64         `json:"raw_event_id"`
	ReceivedAt time.Time     `json:"received_at"`
	// ContentHash fingerprints what the version said (lines, amounts,
	// contact): '' for versions stored before fingerprints were kept.
	ContentHash string `json:"-"`
}

// VersionEffect is what one version did to its order.
type VersionEffect string

const (
	VersionCreated VersionEffect = "created"
	VersionApplied VersionEffect = "applied" // a newer version changed the order
	VersionHeld    VersionEffect = "held"    // a newer version whose change could not apply: recorded, the order held
	VersionStale   VersionEffect = "stale"   // an older version: recorded, changed nothing
)

// Event is one entry of an order's event trail, also the outbox row that
// announces it after commit.
type Event struct {
	ID        int64           `json:"id"`
	Topic     Topic           `json:"topic"`
	OrderID   ID              `json:"order_id,omitempty"`
	Payload   json.RawMessage `json:"payload"`
	CreatedAt time.Time       `json:"created_at"`
}

// RawEvent is an inbound payload, kept so any projection can be rebuilt
// by replaying it (docs/adr/0021-raw-events-and-replay.md).
type RawEvent struct {
	ID         int64             `json:"id"`
	Source     string            `json:"source"` // "api", "import", later "hook:<platform>"
	ReceivedAt time.Time         `json:"received_at"`
	Headers    map[string]string `json:"headers"`   // as received, credentials left out
	OrderKey   string            `json:"order_key"` // the natural key the payload named and its body is sealed to; "" for none
	Body       []byte            `json:"-"`         // sealed: it holds the buyer's contact
	// Outcome is "" when ingestion took the payload in (a version names
	// it), else the code of the error it was refused with.
	Outcome        string `json:"outcome"`
	OutcomeMessage string `json:"outcome_message,omitempty"`
}

// RawFilter selects kept payloads, oldest first. Zero fields do not
// filter; IDs, when given, select those alone.
type RawFilter struct {
	IDs      []int64
	Source   string
	From, To time.Time // received at, half-open [From, To)
	Refused  bool      // only payloads that were refused
	After    int64     // cursor: payloads with a greater id
	Limit    int
}

// Action is an order action done under an Idempotency-Key, and the order
// as it left it.
type Action struct {
	Key         string
	OrderID     ID
	Name        string // approve, ship, refund …
	RequestHash string // of the action's name and parameters
	Result      *Record
	CreatedAt   time.Time
}

// Filter selects orders for a list. Zero fields do not filter.
type Filter struct {
	Shop, SKU, BuyerRef string
	Shops               []string // only orders of these shops (a user's scope); none: every shop
	ExternalID          string   // the channel's order number, in every shop and channel
	Status              Status
	Hold                HoldReason // held for this reason (a shipped order may carry a hold too)
	From, To            time.Time  // created at, half-open [From, To)
	Before              ID         // cursor: orders with a smaller id
	Limit               int
}
