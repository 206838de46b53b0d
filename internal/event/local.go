package event

import (
	"context"
	"fmt"
	"slices"
	"sync"
)

// Handler handles one event in process. An error fails the Publish it came
// from, so the relay sends the batch again: a handler sees an id at least
// once and must treat a repeat as done.
type Handler func(ctx context.Context, e Event) error

// Local is the in-process bus: the hub's own consumers (the stock push
// later) subscribe by topic. Publish calls each subscriber of an event's
// topic in turn, in batch order, and stops at the first error. Subscribe
// at start: a handler must not subscribe (Publish holds the table).
type Local struct {
	mu   sync.RWMutex
	subs map[string][]Handler
}

var _ Bus = (*Local)(nil)

// NewLocal returns an in-process bus with no subscribers.
func NewLocal() *Local { return &Local{subs: map[string][]Handler{}} }

// Subscribe calls h for every event of topic published from now on; "*"
// subscribes to every topic.
func (l *Local) Subscribe(topic string, h Handler) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.subs[topic] = append(l.subs[topic], h)
}

// Publish hands each event to its topic's subscribers and those of "*".
func (l *Local) Publish(ctx context.Context, evs []Event) error {
	l.mu.RLock()
	defer l.mu.RUnlock()
	for _, e := range evs {
		for _, h := range slices.Concat(l.subs[e.Topic], l.subs["*"]) {
			if err := h(ctx, e); err != nil {
				return fmt.Errorf("event: local subscriber of %s, event %d: %w", e.Topic, e.ID, err)
			}
		}
	}
	return nil
}
