// Package event owns what leaves the hub after commit: the envelope of an
// outbox event, the Bus it is published to (in process, NATS JetStream),
// and the Relay that moves outbox events onto the buses at least once, in
// order per aggregate (docs/adr/0023-outbox-relay-and-events.md).
package event

import (
	"context"
	"encoding/json"
	"time"
)

// Version is the envelope and payload version of every topic today; a
// topic whose payload changes incompatibly gets a new version (and schema,
// docs/events/<topic>.v<N>.json), never a changed one.
const Version = 1

// Event is one outbox event as it is published. ID is the outbox row's id
// and the dedupe key: a consumer (and JetStream's duplicate window) drops
// an id it has seen.
type Event struct {
	ID         int64           `json:"id"`
	Topic      string          `json:"topic"`
	Version    int             `json:"version"`
	Aggregate  string          `json:"aggregate"` // "order:<id>", "stock:<sku>@<warehouse>": events of one aggregate leave in id order
	Shop       string          `json:"shop"`      // the order's shop; "" when the event is about no shop
	OccurredAt time.Time       `json:"occurred_at"`
	Payload    json.RawMessage `json:"payload"`
}

// Bus publishes events. Publish returns nil only when every event of the
// batch is delivered (acknowledged by the broker, or handled by every
// in-process subscriber); on an error any part of the batch may have been
// delivered, and the caller publishes it again, so delivery is at least
// once and consumers dedupe by Event.ID. A batch is published in its order.
type Bus interface {
	Publish(ctx context.Context, evs []Event) error
}

// Decode reads an envelope as Bus implementations send it.
func Decode(b []byte) (Event, error) {
	var e Event
	err := json.Unmarshal(b, &e)
	return e, err
}
