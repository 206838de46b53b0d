package app

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/group"
	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/shop"
)

// Connectors builds the connector a shop's platform is reached with.
type Connectors interface {
	// Connector returns shop sh's connector for the named platform.
	// Errors: NotFound (no such platform, or it does not serve the
	// shop's channel), Conflict (the shop lacks a credential it needs).
	Connector(ctx context.Context, sh shop.Shop, platform string) (channel.Connector, error)
	// Puller names the platform a shop's orders are pulled from; ok is
	// false for a shop no connector pulls (generic, or no connector yet).
	Puller(sh shop.Shop) (platform string, ok bool)
}

// Hooks receives the channels' push messages: it keeps each one durably
// and answers, and a job ingests it after (docs/adr/0032-webhook-intake.md).
type Hooks struct {
	orders *Orders
	shops  *shop.Service
	conns  Connectors
	// keeps stores messages arriving together in one transaction, so a
	// storm of webhooks costs one commit per group, not one each; finishes
	// does the same for their outcomes.
	keeps    *group.Committer[*keptHook, keepResult]
	finishes *group.Committer[finished, error]
}

// NewHooks returns the webhook use cases. Close stops its committer.
func NewHooks(orders *Orders, shops *shop.Service, conns Connectors) *Hooks {
	h := &Hooks{orders: orders, shops: shops, conns: conns}
	h.keeps = group.New(h.keepGroup, func(err error) keepResult { return keepResult{err: err} }, 256)
	h.finishes = group.New(h.finishGroup, func(err error) error { return err }, 256)
	orders.replayHook = h.replay
	return h
}

// Close lets queued messages commit and stops taking new ones.
func (h *Hooks) Close() {
	h.keeps.Close()
	h.finishes.Close()
}

// Hook is one push message as it arrived at /hooks/{platform}/{shop}.
type Hook struct {
	Platform, Shop string
	Header         http.Header
	Body           []byte
}

// HookAnswer says what receiving a push message did.
type HookAnswer struct {
	Outcome    HookOutcome
	DeliveryID string
	RawID      int64 // the kept payload
}

// HookOutcome is what a received push message did.
type HookOutcome string

const (
	HookAccepted  HookOutcome = "accepted"  // kept; a job ingests it
	HookDuplicate HookOutcome = "duplicate" // this delivery came before: nothing changed
	HookIgnored   HookOutcome = "ignored"   // verified, but of a topic fnshub does not take: kept, nothing else
)

// processHook is the job that ingests one kept push message.
type processHook struct {
	RawID int64 `json:"raw_id"`
}

func (processHook) Kind() string { return "hook.process" }

// The push messages' jobs wait in a queue of their own, worked by many at
// once on each node: each job mostly waits for its order's group commit,
// so many running together make large groups, and a storm of webhooks does
// not hold up the hub's other jobs.
const (
	HookQueue   = "hooks" // the queue push messages' jobs wait in
	hookWorkers = 64
)

// Receive verifies a push message and keeps it with its delivery record
// and the job that will ingest it, in one transaction: once Receive
// answers, the message is durable. A message that fails verification is
// kept as refused, and the error says why.
//
// Errors: NotFound (unknown shop or platform), Unauthorized (the
// signature does not verify), Conflict (the shop lacks the credential),
// Invalid (a body the platform's format does not allow), Unavailable.
func (h *Hooks) Receive(ctx context.Context, in Hook) (HookAnswer, error) {
	sh, conn, err := h.connector(ctx, in.Platform, in.Shop)
	if err != nil {
		return HookAnswer{}, h.refuse(ctx, in, order.Key{}, err)
	}
	m, err := conn.VerifyWebhook(in.Header, in.Body)
	key := order.Key{Channel: sh.Channel, Shop: sh.ID, ExternalID: m.ExternalID}
	if channel.KindOf(err) == channel.Rejected {
		return h.keepIgnored(ctx, in, key, err)
	}
	if err != nil {
		return HookAnswer{}, h.refuse(ctx, in, key, hookFault(err))
	}
	return h.keep(ctx, in, sh, key, m)
}

func (h *Hooks) connector(ctx context.Context, platform, shopID string) (shop.Shop, channel.Connector, error) {
	sh, err := h.shops.Lookup(ctx, shopID)
	if fault.Is(err, fault.NotFound) {
		return sh, nil, fault.New(fault.NotFound, "shop_not_found",
			"no shop %s: add it (fnshub shop add or POST /api/v1/shops) and give it its webhook secret", shopID)
	}
	if err != nil {
		return sh, nil, err
	}
	conn, err := h.conns.Connector(ctx, sh, platform)
	return sh, conn, err
}

// keptHook is a verified message waiting for its group's transaction.
type keptHook struct {
	ev order.RawEvent
	d  channel.Delivery
}

type keepResult struct {
	ans HookAnswer
	err error
}

// keep stores the payload, its delivery and its job; a delivery seen
// before keeps the payload only, as a duplicate.
func (h *Hooks) keep(ctx context.Context, in Hook, sh shop.Shop, key order.Key, m channel.Message) (HookAnswer, error) {
	ev, err := h.orders.sealRaw(hookSource(in.Platform), key, keptHeaders(in.Header), in.Body)
	if err != nil {
		return HookAnswer{}, err
	}
	d := channel.Delivery{Shop: sh.ID, Platform: in.Platform, Message: m, ReceivedAt: ev.ReceivedAt}
	res := h.keeps.Submit(ctx, &keptHook{ev: ev, d: d})
	if res.err != nil {
		return HookAnswer{}, fmt.Errorf("app: keep a %s push message for shop %s: %w", in.Platform, sh.ID, res.err)
	}
	return res.ans, nil
}

// keepGroup stores a group of messages in one transaction: their payloads,
// their deliveries, and a job for each delivery not seen before, all
// inserted at once.
func (h *Hooks) keepGroup(ctx context.Context, ks []*keptHook) ([]keepResult, error) {
	out := make([]keepResult, len(ks))
	// The platform waits for this commit, the rest of the hub's writes
	// do not: it goes first.
	err := h.orders.unit.InTx(Urgent(ctx), func(s Stores) error {
		ids, err := s.Orders.NextIDs(ctx, "raw_events", len(ks))
		if err != nil {
			return err
		}
		evs := make([]order.RawEvent, len(ks))
		for i, k := range ks {
			k.ev.ID, k.d.RawID = ids[i], ids[i]
			evs[i] = k.ev
		}
		if err := s.Orders.InsertRawEvents(ctx, evs); err != nil {
			return err
		}
		jobs, err := h.record(ctx, s, ks, out)
		if err != nil {
			return err
		}
		_, err = s.Jobs.EnqueueMany(ctx, jobs, &job.Opts{MaxAttempts: channelAttempts, Queue: HookQueue})
		return err
	})
	return out, err
}

// record files the group's deliveries at once and answers each message:
// accepted, with the job that will ingest it, or a duplicate of an earlier
// delivery, its payload marked so.
func (h *Hooks) record(ctx context.Context, s Stores, ks []*keptHook, out []keepResult) ([]job.Args, error) {
	ds := make([]channel.Delivery, len(ks))
	for i, k := range ks {
		ds[i] = k.d
	}
	fresh, err := s.Sync.RecordDeliveries(ctx, ds)
	if err != nil {
		return nil, err
	}
	var jobs []job.Args
	for i, k := range ks {
		out[i].ans = HookAnswer{Outcome: HookAccepted, DeliveryID: k.d.Message.ID, RawID: k.ev.ID}
		if fresh[i] {
			jobs = append(jobs, processHook{RawID: k.ev.ID})
			continue
		}
		out[i].ans.Outcome = HookDuplicate
		if err := s.Orders.SetRawOutcome(ctx, k.ev.ID, "duplicate_delivery", "delivery "+k.d.Message.ID+" was received before"); err != nil {
			return nil, err
		}
	}
	return jobs, nil
}

// keepIgnored keeps a verified message of a topic fnshub does not take.
func (h *Hooks) keepIgnored(ctx context.Context, in Hook, key order.Key, why error) (HookAnswer, error) {
	id, err := h.orders.Keep(ctx, Payload{Source: hookSource(in.Platform), Headers: in.Header, Body: in.Body, Key: key},
		fault.New(fault.Invalid, "topic_ignored", "%s", channelMessage(why)))
	if err != nil {
		return HookAnswer{}, err
	}
	return HookAnswer{Outcome: HookIgnored, RawID: id}, nil
}

// refuse keeps a message refused before it could be kept as a delivery,
// and returns the refusal (or, when it cannot be kept, Unavailable, so the
// platform sends it again).
func (h *Hooks) refuse(ctx context.Context, in Hook, key order.Key, refusal error) error {
	if _, err := h.orders.Keep(context.WithoutCancel(ctx), Payload{Source: hookSource(in.Platform), Headers: in.Header,
		Body: in.Body, Key: key}, refusal); err != nil {
		return fault.New(fault.Unavailable, "payload_not_kept", "the push message could not be stored; send it again")
	}
	return refusal
}

func hookSource(platform string) string { return "hook:" + platform }

// hookFault turns a connector's verdict on a message into the error the
// platform is answered with.
func hookFault(err error) error {
	var ce *channel.Error
	if !errors.As(err, &ce) {
		return err // Invalid from the body's decoding, naming the field
	}
	switch ce.Kind {
	case channel.BadSignature:
		return &fault.Error{Kind: fault.Unauthorized, Code: "signature_invalid", Message: ce.Message}
	case channel.Unauthorized:
		return &fault.Error{Kind: fault.Conflict, Code: "shop_not_connected", Message: ce.Message}
	}
	return &fault.Error{Kind: fault.Invalid, Code: "message_invalid", Message: ce.Message}
}

func channelMessage(err error) string {
	var ce *channel.Error
	if errors.As(err, &ce) && ce.Message != "" {
		return ce.Message
	}
	return err.Error()
}
