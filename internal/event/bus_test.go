package event_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/fnshub/fnshub/internal/event"
	"github.com/fnshub/fnshub/internal/event/eventtest"
)

func TestLocal(t *testing.T) {
	eventtest.Exercise(t, func(t *testing.T) eventtest.Rig {
		bus := event.NewLocal()
		var mu sync.Mutex
		var got []event.Event
		bus.Subscribe("*", func(_ context.Context, e event.Event) error {
			mu.Lock()
			defer mu.Unlock()
			got = append(got, e)
			return nil
		})
		return eventtest.Rig{Bus: bus, Received: func(*testing.T, int) []event.Event {
			mu.Lock()
			defer mu.Unlock()
			return append([]event.Event(nil), got...)
		}}
	})
}

func TestLocal_SubscriberErrorFailsThePublish(t *testing.T) {
	bus := event.NewLocal()
	var seen []int64
	fail := true
	bus.Subscribe("order.ingested", func(_ context.Context, e event.Event) error {
		seen = append(seen, e.ID)
		if e.ID == 2 && fail {
			return errors.New("consumer down")
		}
		return nil
	})
	bus.Subscribe("order.shipped", func(context.Context, event.Event) error { t.Fatal("wrong topic delivered"); return nil })
	evs := []event.Event{{ID: 1, Topic: "order.ingested"}, {ID: 2, Topic: "order.ingested"}, {ID: 3, Topic: "order.ingested"}}
	if err := bus.Publish(context.Background(), evs); err == nil {
		t.Fatal("a failing subscriber did not fail the publish")
	}
	fail = false
	if err := bus.Publish(context.Background(), evs); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(seen) != "[1 2 1 2 3]" {
		t.Fatalf("subscriber saw %v, want [1 2 1 2 3] (stopped at the failure, then all again)", seen)
	}
}

// natsURL is the NATS server the tests use (JetStream on). It must be
// there: a bus test that skips would hide a broken publish path.
func natsURL() string {
	if u := os.Getenv("FNSHUB_TEST_NATS_URL"); u != "" {
		return u
	}
	return "nats://127.0.0.1:4222"
}

// openNATS opens the bus on a stream and subject prefix of the test's own,
// deleted when it ends.
func openNATS(t *testing.T) *event.NATS {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	name := fmt.Sprintf("T%d", time.Now().UnixNano())
	bus, err := event.OpenNATS(ctx, event.NATSConfig{URL: natsURL(), Stream: "FNSHUB_" + name, Prefix: "fnshubtest." + name})
	if err != nil {
		t.Fatalf("NATS with JetStream must run at %s (set FNSHUB_TEST_NATS_URL): %v", natsURL(), err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := bus.JetStream().DeleteStream(ctx, bus.Config().Stream); err != nil {
			t.Errorf("delete stream: %v", err)
		}
		_ = bus.Close()
	})
	return bus
}

// received reads the whole stream in order, waiting until it holds at
// least n messages, then reading on until it is empty, so repeats show.
func received(t *testing.T, bus *event.NATS, n int) []event.Event {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := bus.JetStream().OrderedConsumer(ctx, bus.Config().Stream, jetstream.OrderedConsumerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	var out []event.Event
	for ctx.Err() == nil {
		batch, err := c.Fetch(100, jetstream.FetchMaxWait(300*time.Millisecond))
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		for m := range batch.Messages() {
			e, err := event.Decode(m.Data())
			if err != nil {
				t.Fatal(err)
			}
			if want := event.Subject(bus.Config().Prefix, e); m.Subject() != want {
				t.Fatalf("event %d on subject %s, want %s", e.ID, m.Subject(), want)
			}
			if id := m.Headers().Get(jetstream.MsgIDHeader); id != fmt.Sprint(e.ID) {
				t.Fatalf("event %d has Nats-Msg-Id %q", e.ID, id)
			}
			out = append(out, e)
			got++
		}
		if got == 0 && len(out) >= n {
			break
		}
	}
	return out
}

func TestNATS(t *testing.T) {
	eventtest.Exercise(t, func(t *testing.T) eventtest.Rig {
		bus := openNATS(t)
		return eventtest.Rig{Bus: bus, Dedupes: true, Received: func(t *testing.T, n int) []event.Event { return received(t, bus, n) }}
	})
}

func TestNATS_ReopenKeepsTheStream(t *testing.T) {
	bus := openNATS(t)
	ctx := context.Background()
	if err := bus.Publish(ctx, []event.Event{{ID: 7, Topic: "order.ingested", Shop: "s"}}); err != nil {
		t.Fatal(err)
	}
	again, err := event.OpenNATS(ctx, bus.Config())
	if err != nil {
		t.Fatalf("opening an existing stream again: %v", err)
	}
	defer again.Close()
	// The duplicate window survives the reopen: the id is dropped.
	if err := again.Publish(ctx, []event.Event{{ID: 7, Topic: "order.ingested", Shop: "s"}}); err != nil {
		t.Fatal(err)
	}
	if got := received(t, bus, 1); len(got) != 1 {
		t.Fatalf("stream holds %d messages for one id", len(got))
	}
}

// An event counts as delivered only once the stream acknowledged it: with
// the stream gone, Publish fails.
func TestNATS_PublishWithoutAcknowledgementFails(t *testing.T) {
	bus := openNATS(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := bus.JetStream().DeleteStream(ctx, bus.Config().Stream); err != nil {
		t.Fatal(err)
	}
	if err := bus.Publish(ctx, []event.Event{{ID: 1, Topic: "order.ingested"}}); err == nil {
		t.Fatal("publish to a deleted stream succeeded")
	}
	// Put it back for the cleanup.
	back, err := event.OpenNATS(ctx, bus.Config())
	if err != nil {
		t.Fatal(err)
	}
	_ = back.Close()
}
