package shopify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"time"

	chshopify "github.com/fnshub/fnshub/internal/channel/shopify"
)

// WebhookOptions shape delivery. Zero fields take the defaults beside them.
type WebhookOptions struct {
	// Attempts is how many times a delivery is tried: 9, the first and
	// Shopify's 8 retries (since 2024-09).
	Attempts int
	// Backoff is the wait before the first retry, doubling after each: 1
	// minute, which spreads 8 retries over about 4 hours as Shopify does.
	// Tests scale it down.
	Backoff   time.Duration
	Duplicate float64       // the chance a delivery is sent twice, same webhook id
	Reorder   bool          // deliver each flush's events in a shuffled order
	Delay     time.Duration // wait before each delivery's first attempt
	Timeout   time.Duration // 5 s, Shopify's total timeout per attempt
	Client    *http.Client
}

func (o *WebhookOptions) defaults() {
	if o.Attempts == 0 {
		o.Attempts = 9
	}
	if o.Backoff == 0 {
		o.Backoff = time.Minute
	}
	if o.Timeout == 0 {
		o.Timeout = 5 * time.Second
	}
	if o.Client == nil {
		o.Client = &http.Client{}
	}
}

// APIVersion is the version webhooks say they were rendered in.
const APIVersion = "2026-07"

type subscription struct{ topic, url string }

type event struct {
	topic     string
	body      []byte
	eventID   string
	triggered time.Time
}

// Delivery is one attempt to deliver a webhook, and how it was answered.
type Delivery struct {
	Topic     string
	URL       string
	WebhookID string // X-Shopify-Webhook-Id: the same across retries and duplicates
	Attempt   int    // 1 for the first try
	Duplicate bool   // a second copy of a delivery that was sent already
	Status    int    // the answer's status; 0 when there was none
	Err       string // why there was no answer
	Body      []byte
}

// Subscribe sends topic's webhooks to url, as a webhookSubscriptionCreate
// would.
func (s *Shop) Subscribe(topic, url string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.subs = append(s.subs, subscription{topic, url})
}

// Unsubscribe stops sending topic's webhooks, as a webhookSubscriptionDelete
// would; events already queued for it are not sent either.
func (s *Shop) Unsubscribe(topic string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.subs = slices.DeleteFunc(s.subs, func(sub subscription) bool { return sub.topic == topic })
}

// queue snapshots o's REST JSON as topic's payload, as Shopify renders a
// webhook when the change happens, not when it is sent.
func (s *Shop) queue(topic string, o *Order) {
	b, err := json.Marshal(o)
	if err != nil {
		panic(err)
	}
	s.queueBody(topic, b)
}

func (s *Shop) queueRefund(r Refund) {
	b, err := json.Marshal(r)
	if err != nil {
		panic(err)
	}
	s.queueBody("refunds/create", b)
}

func (s *Shop) queueBody(topic string, body []byte) {
	s.webhookCount++
	s.pending = append(s.pending, event{topic: topic, body: body,
		eventID: fmt.Sprintf("%d", 90000000+s.webhookCount), triggered: s.opt.Now().UTC()})
}

// Pending is how many events wait for Flush.
func (s *Shop) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.pending)
}

// Deliveries returns every attempt so far, in the order they were made.
func (s *Shop) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Delivery(nil), s.deliveries...)
}

// Flush delivers the queued events to their subscriptions, retrying each
// until it is answered 2xx or its attempts run out (then it is dropped, as
// Shopify drops it). It returns ctx's error if ctx ends first.
func (s *Shop) Flush(ctx context.Context) error {
	type job struct {
		ev  event
		sub subscription
		id  string
		dup bool
	}
	s.mu.Lock()
	evs := s.pending
	s.pending = nil
	if s.opt.Webhooks.Reorder {
		s.rnd.Shuffle(len(evs), func(i, j int) { evs[i], evs[j] = evs[j], evs[i] })
	}
	var jobs []job
	for _, ev := range evs {
		for _, sub := range s.subs {
			if sub.topic != ev.topic {
				continue
			}
			j := job{ev: ev, sub: sub, id: s.webhookID()}
			jobs = append(jobs, j)
			if s.rnd.Float64() < s.opt.Webhooks.Duplicate {
				j.dup = true
				jobs = append(jobs, j)
			}
		}
	}
	s.mu.Unlock()
	for _, j := range jobs {
		if err := s.deliver(ctx, j.ev, j.sub, j.id, j.dup); err != nil {
			return err
		}
	}
	return nil
}

// Run flushes every interval until ctx ends, for a running demo.
func (s *Shop) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			_ = s.Flush(ctx)
		}
	}
}

func (s *Shop) webhookID() string {
	b := make([]byte, 16)
	for i := range b {
		b[i] = byte(s.rnd.UintN(256))
	}
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// deliver tries one delivery with exponential backoff between attempts.
func (s *Shop) deliver(ctx context.Context, ev event, sub subscription, id string, dup bool) error {
	o := s.opt.Webhooks
	if err := sleep(ctx, o.Delay); err != nil {
		return err
	}
	wait := o.Backoff
	for attempt := 1; attempt <= o.Attempts; attempt++ {
		d := Delivery{Topic: ev.topic, URL: sub.url, WebhookID: id, Attempt: attempt, Duplicate: dup, Body: ev.body}
		d.Status, d.Err = s.post(ctx, ev, sub.url, id)
		s.mu.Lock()
		s.deliveries = append(s.deliveries, d)
		s.mu.Unlock()
		if d.Status >= 200 && d.Status < 300 {
			return nil
		}
		if attempt < o.Attempts {
			if err := sleep(ctx, wait); err != nil {
				return err
			}
			wait *= 2
		}
	}
	return nil
}

// post sends one attempt with every header Shopify sends.
func (s *Shop) post(ctx context.Context, ev event, url, id string) (int, string) {
	ctx, cancel := context.WithTimeout(ctx, s.opt.Webhooks.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(ev.body))
	if err != nil {
		return 0, err.Error()
	}
	req.Header = s.headers(ev, id)
	resp, err := s.opt.Webhooks.Client.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	return resp.StatusCode, ""
}

// headers are every header Shopify sends with a webhook, signed.
func (s *Shop) headers(ev event, id string) http.Header {
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("X-Shopify-Topic", ev.topic)
	h.Set("X-Shopify-Hmac-Sha256", chshopify.Sign([]byte(s.opt.WebhookSecret), ev.body))
	h.Set("X-Shopify-Shop-Domain", s.opt.Domain)
	h.Set("X-Shopify-API-Version", APIVersion)
	h.Set("X-Shopify-Webhook-Id", id)
	h.Set("X-Shopify-Event-Id", ev.eventID)
	h.Set("X-Shopify-Triggered-At", ev.triggered.Format(time.RFC3339Nano))
	return h
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
