package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/order"
)

// Register adds the job that ingests kept push messages to w, and its queue.
func (h *Hooks) Register(w *job.Workers) {
	w.Queue(HookQueue, hookWorkers)
	registerChannelJob(w, func(ctx context.Context, a processHook) error { return h.Process(ctx, a.RawID) })
}

// Process ingests the push message kept as payload rawID: the orders it
// carries, or the one it names, fetched from the platform. It is safe to
// run again: a processed delivery is left alone, and an order version
// ingested twice is a duplicate. An error means try again later (the
// platform or the hub is unavailable, or the shop's credentials are
// missing); a refusal of the message's content is recorded on the
// delivery and its payload, to be fixed and replayed, and is no error.
func (h *Hooks) Process(ctx context.Context, rawID int64) error {
	d, ev, err := h.delivery(ctx, rawID)
	if err != nil || d.State != channel.DeliveryPending {
		return err
	}
	_, refusal, err := h.ingest(ctx, d, ev)
	if err != nil {
		return err
	}
	return h.finish(ctx, d, refusal)
}

// replay runs kept push message ev again through today's mappings and
// rules, whatever became of it before, and files its delivery's new
// outcome: a message refused for an unmapped listing is taken in once the
// listing is mapped and the message replayed (Orders.Replay). It answers
// with the last order the message carried, or why it was refused now.
func (h *Hooks) replay(ctx context.Context, ev order.RawEvent) Result {
	d, _, err := h.delivery(ctx, ev.ID)
	if err != nil {
		return Result{Err: err}
	}
	last, refusal, err := h.ingest(ctx, d, ev)
	if err == nil {
		err = h.finish(ctx, d, refusal)
	}
	switch {
	case err != nil:
		return Result{Err: err}
	case refusal != nil:
		return Result{Err: refusal}
	}
	return last
}

func (h *Hooks) delivery(ctx context.Context, rawID int64) (d channel.Delivery, ev order.RawEvent, err error) {
	err = h.orders.unit.Read(ctx, func(s Stores) error {
		if d, err = s.Sync.DeliveryByRaw(ctx, rawID); err != nil {
			return err
		}
		evs, err := s.Orders.RawEvents(ctx, order.RawFilter{IDs: []int64{rawID}, Limit: 1})
		if err == nil && len(evs) == 0 {
			err = fmt.Errorf("payload %d of a delivery is gone", rawID)
		}
		if err == nil {
			ev = evs[0]
		}
		return err
	})
	if err != nil {
		return d, ev, fmt.Errorf("app: push message %d: %w", rawID, err)
	}
	return d, ev, nil
}

// ingest takes the delivery's orders in. It returns the last one's result,
// and the refusal of one of them, or an error to retry on.
func (h *Hooks) ingest(ctx context.Context, d channel.Delivery, ev order.RawEvent) (last Result, refusal, err error) {
	_, conn, err := h.connector(ctx, d.Platform, d.Shop)
	if err != nil {
		refusal, err = refusalOr(err)
		return last, refusal, err
	}
	ins, err := h.inputs(ctx, conn, d, ev)
	if err != nil {
		refusal, err = refusalOr(err)
		return last, refusal, err
	}
	for _, in := range ins {
		last = h.orders.Ingest(ctx, in)
		if last.Err == nil {
			continue
		}
		if r, err := refusalOr(last.Err); err != nil || refusal == nil {
			refusal = r
			if err != nil {
				return last, nil, err
			}
		}
	}
	return last, refusal, nil
}

// inputs reads the delivery's order versions: from the kept body, or for
// a message that only names its order, from the platform.
func (h *Hooks) inputs(ctx context.Context, conn channel.Connector, d channel.Delivery, ev order.RawEvent) ([]Input, error) {
	if d.Message.Fetch {
		o, err := conn.FetchOrder(ctx, d.Message.ExternalID)
		if err != nil {
			return nil, err
		}
		return []Input{h.input(d, o, "pull:"+d.Platform, 0)}, nil
	}
	body, err := h.orders.openRaw(ev)
	if err != nil {
		return nil, err
	}
	os, err := conn.ReadWebhook(d.Message, body)
	if err != nil {
		return nil, err
	}
	ins := make([]Input, len(os))
	for i, o := range os {
		o.Raw = body // the version names the kept message it came in
		ins[i] = h.input(d, o, ev.Source, ev.ID)
	}
	return ins, nil
}

func (h *Hooks) input(d channel.Delivery, o channel.Order, source string, rawID int64) Input {
	return Input{Order: o.Order, BuyerID: o.BuyerID, Contact: o.Contact, PaidTotal: o.PaidTotal, Source: source,
		Raw: o.Raw, RawID: rawID, Shop: d.Shop}
}

// finished is a delivery's outcome waiting for its group's transaction.
type finished struct {
	rawID   int64
	refusal error
}

// finish records the delivery's outcome, and a refusal on its payload too,
// in a transaction shared with the other jobs finishing at that moment.
func (h *Hooks) finish(ctx context.Context, d channel.Delivery, refusal error) error {
	return h.finishes.Submit(ctx, finished{rawID: d.RawID, refusal: refusal})
}

func (h *Hooks) finishGroup(ctx context.Context, fs []finished) ([]error, error) {
	err := h.orders.unit.InTx(ctx, func(s Stores) error {
		for _, f := range fs {
			state, code, msg := channel.DeliveryDone, "", ""
			if f.refusal != nil {
				state = channel.DeliveryRefused
				code, msg = outcomeOf(f.refusal)
			}
			if err := s.Sync.FinishDelivery(ctx, f.rawID, state, code); err != nil {
				return err
			}
			if f.refusal != nil {
				if err := s.Orders.SetRawOutcome(ctx, f.rawID, code, msg); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return make([]error, len(fs)), err
}

// refusalOr sorts an error into a refusal of the content, final until
// someone fixes and replays it, or an error worth retrying.
func refusalOr(err error) (refusal, retry error) {
	var ce *channel.Error
	switch {
	case errors.As(err, &ce) && channel.IsRetryable(err):
		return nil, err
	case errors.As(err, &ce) && ce.Kind == channel.Unauthorized:
		return nil, err // the shop's credentials: retried until someone fixes them
	case errors.As(err, &ce):
		return hookFault(err), nil
	case fault.Is(err, fault.Invalid), fault.Is(err, fault.NotFound):
		return err, nil
	case fault.Is(err, fault.Conflict):
		var fe *fault.Error
		if errors.As(err, &fe) && fe.Code == "shop_not_connected" {
			return nil, err
		}
		return err, nil
	}
	return nil, err
}
