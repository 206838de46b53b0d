// Package eventtest is the conformance suite every event.Bus must pass:
// at least once, in order per aggregate, each id seen by a subscriber, and
// — for a bus that dedupes — a re-sent batch kept once.
package eventtest

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/event"
)

// Rig is one bus under test and a way to read what it delivered.
type Rig struct {
	Bus event.Bus
	// Received waits until at least n events arrived (or the deadline) and
	// returns every delivery so far, repeats included, in arrival order.
	Received func(t *testing.T, n int) []event.Event
	// Dedupes says the bus itself drops a re-sent id (JetStream's duplicate
	// window); otherwise the subscriber sees the repeat and dedupes.
	Dedupes bool
}

// Exercise runs the suite; newRig returns a fresh bus for each subtest.
func Exercise(t *testing.T, newRig func(t *testing.T) Rig) {
	t.Run("delivers each event once per publish, in order per aggregate", func(t *testing.T) {
		r := newRig(t)
		evs := batch(1, 30)
		publish(t, r.Bus, evs)
		got := r.Received(t, len(evs))
		if ids(got) == nil || !slices.Equal(ids(got), ids(evs)) {
			t.Fatalf("received %v, want %v", ids(got), ids(evs))
		}
		inOrder(t, got)
		same(t, got, evs)
	})
	t.Run("a batch published again after a failure reaches the subscriber at least once per id", func(t *testing.T) {
		r := newRig(t)
		first := batch(1, 10)
		publish(t, r.Bus, first)
		// The relay could not mark the batch delivered: it sends the same
		// events again, with newer ones behind them.
		again := append(batch(1, 10), batch(11, 20)...)
		publish(t, r.Bus, again)
		want := 20
		if !r.Dedupes {
			want = 30
		}
		got := r.Received(t, want)
		if seen := distinct(got); !slices.Equal(seen, ids(again)) {
			t.Fatalf("distinct ids %v, want %v", seen, ids(again))
		}
		if r.Dedupes && len(got) != 20 {
			t.Fatalf("a deduping bus delivered %d messages for 20 ids: %v", len(got), ids(got))
		}
		if len(got) != want {
			t.Fatalf("delivered %d, want %d", len(got), want)
		}
		inOrder(t, firstSeen(got))
	})
	t.Run("an empty batch is no error", func(t *testing.T) {
		publish(t, newRig(t).Bus, nil)
	})
}

// batch makes events from..to over three aggregates and two shops, the
// shops' names holding the characters a subject must escape.
func batch(from, to int64) []event.Event {
	var out []event.Event
	topics := []string{"order.ingested", "stock.changed", "order.refunded_part"}
	shops := []string{"tmall.cn*1", "天猫 旗舰店", ""}
	for id := from; id <= to; id++ {
		k := id % 3
		p, _ := json.Marshal(map[string]any{"n": id})
		out = append(out, event.Event{ID: id, Topic: topics[k], Version: event.Version, Aggregate: fmt.Sprintf("agg:%d", k),
			Shop: shops[k], OccurredAt: time.UnixMicro(1_700_000_000_000_000 + id).UTC(), Payload: p})
	}
	return out
}

func publish(t *testing.T, b event.Bus, evs []event.Event) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := b.Publish(ctx, evs); err != nil {
		t.Fatalf("publish %d events: %v", len(evs), err)
	}
}

func ids(evs []event.Event) []int64 {
	var out []int64
	for _, e := range evs {
		out = append(out, e.ID)
	}
	return out
}

func distinct(evs []event.Event) []int64 {
	out := ids(firstSeen(evs))
	slices.Sort(out)
	return out
}

func firstSeen(evs []event.Event) []event.Event {
	seen := map[int64]bool{}
	var out []event.Event
	for _, e := range evs {
		if !seen[e.ID] {
			seen[e.ID] = true
			out = append(out, e)
		}
	}
	return out
}

// inOrder fails when an aggregate's events arrived out of id order.
func inOrder(t *testing.T, evs []event.Event) {
	t.Helper()
	last := map[string]int64{}
	for _, e := range evs {
		if e.ID <= last[e.Aggregate] {
			t.Fatalf("aggregate %s: event %d after %d", e.Aggregate, e.ID, last[e.Aggregate])
		}
		last[e.Aggregate] = e.ID
	}
}

// same fails when a delivered event differs from the one published.
func same(t *testing.T, got, want []event.Event) {
	t.Helper()
	for i := range want {
		g, w := got[i], want[i]
		if g.Topic != w.Topic || g.Shop != w.Shop || g.Aggregate != w.Aggregate || g.Version != w.Version ||
			!g.OccurredAt.Equal(w.OccurredAt) || string(g.Payload) != string(w.Payload) {
			t.Fatalf("event %d arrived as %+v, want %+v", w.ID, g, w)
		}
	}
}
