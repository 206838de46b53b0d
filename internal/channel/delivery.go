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

// Watermark is how far a shop's orders have been pulled: every order the
// platform changed before PulledTo has been seen. Pulls start an overlap
// before it, so an order the platform indexed late is still found.
type Watermark struct {
	Shop      string
	Platform  string
	PulledTo  time.Time
	LastRunAt time.Time // the last pull that finished, well or not
	LastError string    // why the last pull failed; "" when it succeeded
	Orders    int64     // orders the pulls have read, all told
	// LastSuccessAt is when the last pull that succeeded finished; zero
	// before the first.
	LastSuccessAt time.Time
}

// SyncStore keeps what the sync engine knows of the channels inside the
// caller's transaction.
type SyncStore interface {
	DeliveryStore
	HealthStore
	// Watermark returns the shop's watermark; ok is false before its first pull.
	Watermark(ctx context.Context, shop string) (w Watermark, ok bool, err error)
	// SaveWatermark stores w, replacing the shop's.
	SaveWatermark(ctx context.Context, w Watermark) error
}

// DeliveryStore keeps deliveries inside the caller's transaction.
type DeliveryStore interface {
	// RecordDeliveries inserts ds in one statement and says, for each,
	// whether it was new: false, changing nothing, when the shop's
	// platform sent a delivery with this id before (an earlier one of ds
	// included).
	RecordDeliveries(ctx context.Context, ds []Delivery) ([]bool, error)
	// DeliveryByRaw returns the delivery kept as payload rawID.
	// Errors: NotFound.
	DeliveryByRaw(ctx context.Context, rawID int64) (Delivery, error)
	// FinishDelivery records how a delivery's processing ended.
	FinishDelivery(ctx context.Context, rawID int64, state DeliveryState, outcome string) error
}
