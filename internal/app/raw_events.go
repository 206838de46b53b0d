package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/order"
)

// Payload is an inbound payload as it arrived, before anything was read
// from it.
type Payload struct {
	Source  string              // "api", "import", later "hook:<platform>"
	Headers map[string][]string // as http.Header; kept without credentials (keptHeaders)
	Body    []byte
	Key     order.Key // the order it names, when that could be read; zero otherwise
}

// Keep stores a payload that was refused before ingestion could take it
// (it did not decode, or broke a rule of the edge), with why, so it is kept
// and can be replayed after a fix (docs/adr/0021-raw-events-and-replay.md).
// It returns the kept payload's id.
func (o *Orders) Keep(ctx context.Context, p Payload, refusal error) (int64, error) {
	ev, err := o.sealRaw(p.Source, p.Key, keptHeaders(p.Headers), p.Body)
	if err != nil {
		return 0, err
	}
	ev.Outcome, ev.OutcomeMessage = outcomeOf(refusal)
	err = o.unit.InTx(ctx, func(s Stores) error { return o.insertRaw(ctx, s, &ev) })
	if err != nil {
		return 0, fmt.Errorf("app: keep a refused %s payload: %w", p.Source, err)
	}
	return ev.ID, nil
}

// insertRaw stores ev under a new id, which it sets.
func (o *Orders) insertRaw(ctx context.Context, s Stores, ev *order.RawEvent) error {
	ids, err := s.Orders.NextIDs(ctx, "raw_events", 1)
	if err != nil {
		return err
	}
	ev.ID = ids[0]
	return s.Orders.InsertRawEvents(ctx, []order.RawEvent{*ev})
}

// keepRefused keeps the payload of an input that ingestion refused, unless
// it is kept already (a replay) or its group's transaction kept it. A
// failure to keep it is joined to the refusal: the caller must not answer
// as if the payload were safe.
func (o *Orders) keepRefused(ctx context.Context, in Input, kept bool, refusal error) error {
	if kept || in.RawID != 0 {
		return refusal
	}
	p := Payload{Source: in.Source, Headers: in.Headers, Body: in.Raw, Key: in.Order.Key()}
	if _, err := o.Keep(context.WithoutCancel(ctx), p, refusal); err != nil {
		return errors.Join(refusal, err)
	}
	return refusal
}

// sealRaw seals body bound to the order key it names, as the payload holds
// the buyer's contact.
func (o *Orders) sealRaw(source string, key order.Key, headers map[string]string, body []byte) (order.RawEvent, error) {
	ev := order.RawEvent{Source: source, ReceivedAt: o.clock(), Headers: headers}
	if key != (order.Key{}) {
		ev.OrderKey = key.String()
	}
	sealed, err := o.keys.Seal(body, []byte("raw:"+ev.OrderKey))
	if err != nil {
		return ev, fmt.Errorf("app: seal a %s payload: %w", source, err)
	}
	ev.Body = sealed
	return ev, nil
}

// outcomeOf is how a refusal is recorded: its code and message, or only
// "internal" for an error that is not the caller's (its text may say
// anything and is logged, not kept).
func outcomeOf(err error) (code, message string) {
	var fe *fault.Error
	if !errors.As(err, &fe) || fe.Kind == fault.Internal {
		return "internal", "the hub failed to process it; replay it once fixed"
	}
	if fe.Code == "" {
		return fe.Kind.String(), fe.Message
	}
	return fe.Code, fe.Message
}

// secretHeaders are never kept with a payload.
var secretHeaders = []string{"Authorization", "Cookie", "Proxy-Authorization", "X-Api-Key"}

// keptHeaders are the headers kept with a payload: the first value of each,
// credentials left out.
func keptHeaders(h map[string][]string) map[string]string {
	out := make(map[string]string, len(h))
	for name, vs := range h {
		if len(vs) == 0 || isSecretHeader(name) {
			continue
		}
		out[name] = vs[0]
	}
	return out
}

func isSecretHeader(name string) bool {
	for _, s := range secretHeaders {
		if strings.EqualFold(name, s) {
			return true
		}
	}
	return false
}
