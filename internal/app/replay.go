package app

import (
	"context"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/order"
)

// Decoder reads a kept payload of one source into an order version, with
// the same rules as when it arrives (the API's request decoding, the
// importer's rows). Errors: Invalid, naming the field.
type Decoder func(body []byte) (Input, error)

// MaxReplay is the most payloads one Replay runs again.
const MaxReplay = 1000

// Replayed is what replaying one kept payload did.
type Replayed struct {
	RawID      int64
	Source     string
	ReceivedAt time.Time
	Result     // the order and its effect, or the error it was refused with now
}

// RawEvents lists kept payloads, oldest first; their bodies stay sealed.
func (o *Orders) RawEvents(ctx context.Context, f order.RawFilter) (evs []order.RawEvent, err error) {
	err = o.unit.Read(ctx, func(s Stores) error { evs, err = s.Orders.RawEvents(ctx, f); return err })
	return evs, err
}

// Replay runs kept payloads again through today's code, oldest first, as if
// each had just arrived, naming the kept payload instead of keeping a new
// one: one taken in before is a duplicate and changes nothing, one refused
// before takes effect if today's rules take it (after a mapping or rule
// fix) or is refused again. Replaying twice changes nothing the second
// time. Errors (of the whole call): Invalid (a filter out of bounds).
func (o *Orders) Replay(ctx context.Context, f order.RawFilter) ([]Replayed, error) {
	if f.Limit <= 0 || f.Limit > MaxReplay {
		return nil, fault.Invalidf("limit", "limit_invalid", "replay 1 to %d payloads at a time", MaxReplay)
	}
	evs, err := o.RawEvents(ctx, f)
	if err != nil {
		return nil, err
	}
	out := make([]Replayed, len(evs))
	for i, ev := range evs {
		res := o.replayOne(ctx, ev)
		out[i] = Replayed{RawID: ev.ID, Source: ev.Source, ReceivedAt: ev.ReceivedAt, Result: res}
		if err := o.markOutcome(ctx, ev, res.Err); err != nil {
			return out[:i+1], err
		}
	}
	return out, nil
}

// markOutcome records how a replayed payload was answered now, when that
// differs from before: a payload refused before and taken in now is no
// longer listed as refused.
func (o *Orders) markOutcome(ctx context.Context, ev order.RawEvent, refusal error) error {
	outcome, message := "", ""
	if refusal != nil {
		outcome, message = outcomeOf(refusal)
	}
	if outcome == ev.Outcome && message == ev.OutcomeMessage {
		return nil
	}
	return o.unit.InTx(ctx, func(s Stores) error { return s.Orders.SetRawOutcome(ctx, ev.ID, outcome, message) })
}

func (o *Orders) replayOne(ctx context.Context, ev order.RawEvent) Result {
	if strings.HasPrefix(ev.Source, "hook:") && o.replayHook != nil {
		return o.replayHook(ctx, ev)
	}
	decode := o.opt.Decoders[ev.Source]
	if decode == nil {
		return Result{Err: fault.New(fault.Invalid, "source_unknown", "no decoder reads payloads of source %q", ev.Source)}
	}
	body, err := o.openRaw(ev)
	if err != nil {
		return Result{Err: err}
	}
	in, err := decode(body)
	if err != nil {
		return Result{Err: err}
	}
	in.Source, in.Raw, in.RawID = ev.Source, body, ev.ID
	return o.Ingest(ctx, in)
}

// RawPayload opens kept payload id for a person allowed to read it (GET
// /api/v1/raw-events/{id}, admins): the event and its body as received.
// Errors: NotFound (no such payload), Conflict payload_erased (emptied by
// its buyer's erasure).
func (o *Orders) RawPayload(ctx context.Context, id int64) (order.RawEvent, []byte, error) {
	evs, err := o.RawEvents(ctx, order.RawFilter{IDs: []int64{id}, Limit: 1})
	if err != nil {
		return order.RawEvent{}, nil, err
	}
	if len(evs) == 0 {
		return order.RawEvent{}, nil, fault.New(fault.NotFound, "raw_event_not_found", "no kept payload %d; list them with GET /api/v1/raw-events", id)
	}
	body, err := o.openRaw(evs[0])
	return evs[0], body, err
}
