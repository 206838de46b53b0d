package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/event"
	"github.com/fnshub/fnshub/internal/event/eventdb"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// eventTopics is every topic the hub emits: order's table and stock.changed.
func eventTopics() []string {
	var out []string
	for _, t := range order.Topics() {
		out = append(out, string(t))
	}
	return append(out, inventory.TopicStockChanged, app.TopicShopDegraded, app.TopicShopRecovered)
}

// healthTopic: the health check's topics are driven by
// shop_health_test.go, not by the order lifecycle.
func healthTopic(topic string) bool {
	return topic == app.TopicShopDegraded || topic == app.TopicShopRecovered
}

const eventsDir = "../../docs/events"

// schemas compiles docs/events: the envelope and one schema per topic.
// It fails on a topic without a schema and on a schema of no topic.
func schemas(t *testing.T) map[string]*jsonschema.Schema {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(eventsDir, "*.json"))
	must(t, err)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	ids := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		must(t, err)
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		must(t, err)
		id, _ := doc.(map[string]any)["$id"].(string)
		if !strings.HasSuffix(id, "/"+filepath.Base(f)) {
			t.Fatalf("%s: $id %q does not end in its file name (name.v<version>.json)", f, id)
		}
		must(t, c.AddResource(id, doc))
		ids[strings.TrimSuffix(filepath.Base(f), ".json")] = id
	}
	out := map[string]*jsonschema.Schema{}
	for _, topic := range eventTopics() {
		id, ok := ids[topic+".v1"]
		if !ok {
			t.Errorf("topic %s has no schema: add docs/events/%s.v1.json", topic, topic)
			continue
		}
		s, err := c.Compile(id)
		must(t, err)
		out[topic] = s
	}
	for name := range ids {
		if topic, _, _ := strings.Cut(name, ".v"); name != "envelope.v1" && !slices.Contains(eventTopics(), topic) {
			t.Errorf("docs/events/%s.json describes no topic the hub emits", name)
		}
	}
	return out
}

// TestEvents_MatchTheirSchemas drives every ingestion and action path,
// relays the outbox through the in-process bus and validates every event
// as delivered against docs/events.
func TestEvents_MatchTheirSchemas(t *testing.T) {
	sch := schemas(t)
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			lc := &lifecycle{t: t, h: newHub(t, e.Open, app.OrderOptions{}), seen: map[order.Transition]bool{}}
			lc.drive()
			got := relayAll(t, lc.h)
			seen := map[string]int{}
			for _, ev := range got {
				seen[ev.Topic]++
				b, err := json.Marshal(ev)
				must(t, err)
				inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
				must(t, err)
				s := sch[ev.Topic]
				if s == nil {
					t.Errorf("event %d: topic %q has no schema", ev.ID, ev.Topic)
					continue
				}
				if err := s.Validate(inst); err != nil {
					t.Errorf("event %d (%s) does not match its schema: %v\n%s", ev.ID, ev.Topic, err, b)
				}
				if strings.HasPrefix(ev.Aggregate, "order:") && ev.Shop != "S1" {
					t.Errorf("event %d (%s) of an order of shop S1 names shop %q", ev.ID, ev.Topic, ev.Shop)
				}
			}
			for _, topic := range eventTopics() {
				if seen[topic] == 0 && !healthTopic(topic) {
					t.Errorf("no path emitted %s", topic)
				}
			}
			lastLevelsAreTheLevels(t, lc.h, got)
		})
	}
}

// relayAll delivers the whole outbox to an in-process bus and returns what
// its subscriber saw.
func relayAll(t *testing.T, h *hub) []event.Event {
	t.Helper()
	bus := event.NewLocal()
	var got []event.Event
	bus.Subscribe("*", func(_ context.Context, e event.Event) error { got = append(got, e); return nil })
	r := &event.Relay{Outbox: eventdb.New(h.db), Buses: []event.Bus{bus}, Holder: "test"}
	for {
		n, err := r.Deliver(ctx, 100)
		must(t, err)
		if n == 0 {
			return got
		}
	}
}

// lastLevelsAreTheLevels: a consumer that keeps the last stock.changed of
// each level holds every level as the database does.
func lastLevelsAreTheLevels(t *testing.T, h *hub, evs []event.Event) {
	t.Helper()
	last := map[string]inventory.LevelChanged{}
	for _, e := range evs {
		if e.Topic != inventory.TopicStockChanged {
			continue
		}
		var c inventory.LevelChanged
		must(t, json.Unmarshal(e.Payload, &c))
		if e.Aggregate != inventory.Aggregate(c.SKU, c.Warehouse) {
			t.Errorf("stock.changed %d for %s@%s has aggregate %s", e.ID, c.SKU, c.Warehouse, e.Aggregate)
		}
		last[e.Aggregate] = c
	}
	levels, err := h.stock.Levels(ctx)
	must(t, err)
	for _, l := range levels {
		if got, want := last[inventory.Aggregate(l.SKU, l.Warehouse)], l.Changed(); got != want {
			t.Errorf("last stock.changed of %s@%s is %+v, the level is %+v", l.SKU, l.Warehouse, got, want)
		}
	}
	if len(last) != len(levels) {
		t.Errorf("stock.changed named %d levels, there are %d", len(last), len(levels))
	}
}

// TestStockChanged_OnePerLevelPerTransaction: an order whose lines reserve
// one level twice emits one stock.changed for it, with the level after.
func TestStockChanged_OnePerLevelPerTransaction(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			h := newHub(t, e.Open, app.OrderOptions{})
			h.receive(t, "po-1", "TEA-250", "SH", 20)
			h.receive(t, "po-2", "CUP", "SH", 10)
			before := len(relayAll(t, h))
			if before != 2 {
				t.Fatalf("two receipts emitted %d events, want one stock.changed each", before)
			}
			// GIFT is 2 TEA-250 and a CUP; with a TEA-250 line that is three
			// reservations on two levels.
			h.ingest(t, paid("G1", 1, "GIFT", "TEA-250"))
			var changed []inventory.LevelChanged
			for _, ev := range relayAll(t, h) {
				if ev.Topic == inventory.TopicStockChanged {
					var c inventory.LevelChanged
					must(t, json.Unmarshal(ev.Payload, &c))
					changed = append(changed, c)
				}
			}
			slices.SortFunc(changed, func(a, b inventory.LevelChanged) int { return strings.Compare(a.SKU, b.SKU) })
			want := []inventory.LevelChanged{
				{SKU: "CUP", Warehouse: "SH", OnHand: 10, Reserved: 1, Available: 9},
				{SKU: "TEA-250", Warehouse: "SH", OnHand: 20, Reserved: 3, Available: 17},
			}
			if !slices.Equal(changed, want) {
				t.Fatalf("stock.changed of the order: %+v, want %+v", changed, want)
			}
		})
	}
}
