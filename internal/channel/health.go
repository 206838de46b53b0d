package channel

import (
	"context"
	"time"
)

// DeliveryCounts are a shop's push messages received since some time, by
// where they are in their processing.
type DeliveryCounts struct {
	Received int // all of them
	Pending  int // still waiting for their job
	Refused  int // refused by ingestion
}

// PendingDeliveries are the push messages of one shop still waiting for
// their job, however old.
type PendingDeliveries struct {
	Count  int
	Oldest time.Time // when the oldest was received; zero when none
}

// HealthMark is the last status the health check saw of a shop, kept so a
// change is announced once.
type HealthMark struct {
	Shop      string
	Status    string    // ok, degraded, down
	Reasons   []string  // the codes of why it is not ok
	ChangedAt time.Time // when the status became this one
}

// Announcement is an event about a shop written to the outbox with the
// mark that records its cause.
type Announcement struct {
	Topic   string
	Payload []byte
}

// HealthStore reads what the health of the shops' connectors is made of,
// and keeps the last status seen, inside the caller's transaction.
type HealthStore interface {
	// Watermarks returns every shop's watermark.
	Watermarks(ctx context.Context) ([]Watermark, error)
	// DeliveryCounts counts shop's deliveries received at or after since.
	DeliveryCounts(ctx context.Context, shop string, since time.Time) (DeliveryCounts, error)
	// PendingDeliveries returns the waiting deliveries of every shop that
	// has any, by shop.
	PendingDeliveries(ctx context.Context) (map[string]PendingDeliveries, error)
	// HealthMarks returns the last status seen of every shop checked, by shop.
	HealthMarks(ctx context.Context) (map[string]HealthMark, error)
	// SaveHealthMark stores m, replacing the shop's, and appends the
	// announcements to the outbox (aggregate "shop:<id>"), all in the
	// caller's transaction.
	SaveHealthMark(ctx context.Context, m HealthMark, ann ...Announcement) error
}
