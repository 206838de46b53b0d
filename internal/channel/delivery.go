package channel

import (
	"context"
	"time"
)

// Delivery is a push message a shop's platform sent, kept from the moment
// it was verified until a job has processed it. (shop, Message.ID) is
// unique: a platform's retry or duplicate of a delivery is recognised and
// changes nothing.
type Delivery struct {
	Shop       string
	Platform   string // the connector's name: "shopify", "generic"
	Message    Message
	RawID      int64 // the kept payload (raw_events)
	ReceivedAt time.Time
	State      DeliveryState
	Outcome    string // why it was refused: the error code
}

// DeliveryState is where a delivery is in its processing.
type DeliveryState string

const (
	DeliveryPending DeliveryState = "pending" // kept; its job has not finished
	DeliveryDone    DeliveryState = "done"    // its orders were ingested (or were duplicates)
	DeliveryRefused DeliveryState = "refused" // ingestion refused it; Outcome says why, the payload can be replayed
)

// DeliveryStore keeps deliveries inside the caller's transaction.
type DeliveryStore interface {
	// RecordDelivery inserts d. It returns false, changing nothing, when
	// the shop's platform sent a delivery with this id before.
	RecordDelivery(ctx context.Context, d Delivery) (bool, error)
	// DeliveryByRaw returns the delivery kept as payload rawID.
	// Errors: NotFound.
	DeliveryByRaw(ctx context.Context, rawID int64) (Delivery, error)
	// FinishDelivery records how a delivery's processing ended.
	FinishDelivery(ctx context.Context, rawID int64, state DeliveryState, outcome string) error
}
