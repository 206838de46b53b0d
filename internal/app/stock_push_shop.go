package app

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
)

// shopPusher pushes one shop's due listings, one write at a time: one
// listing per write, or a round's listings in one call when the shop's
// connector writes many (channel.BatchStockPusher).
type shopPusher struct {
	p      *StockPush
	shop   string
	signal chan struct{}
	// flight is held for each push of the shop, by its loop and by the job
	// queue's retries alike: one write in flight per shop, so per listing.
	flight sync.Mutex
	health PushHealth
	// conn is the shop's connector, kept from one push to the next so its
	// caches last (Shopify's variant → inventory item); dropped after a
	// failed push and when the shop changes, so new credentials are used.
	conn channel.Connector
	// perRound bounds the listings a round takes (p.perRound); 0: all.
	perRound int
	// handedSome: a listing may have been handed to the job queue since
	// the last reclaim.
	handedSome bool
}

// PushHealth is how a shop's stock pushes are going.
type PushHealth struct {
	Pushes     int64     `json:"pushes"`   // writes the platform took
	Failures   int64     `json:"failures"` // writes that failed and went to the job queue
	Pending    int       `json:"pending"`  // listings waiting to be pushed
	Handed     int       `json:"handed"`   // listings the job queue is retrying
	LastPushAt time.Time `json:"last_push_at,omitzero"`
	LastError  string    `json:"last_error,omitempty"`
}

// pusher returns shop's pusher, starting it the first time. p.mu must be
// held.
func (p *StockPush) pusher(ctx context.Context, shop string) *shopPusher {
	sp := p.pushers[shop]
	if sp == nil {
		sp = &shopPusher{p: p, shop: shop, signal: make(chan struct{}, 1)}
		if platform, ok := p.conns.Puller(p.index.shops[shop]); ok {
			sp.perRound = p.perRound(platform)
		}
		p.pushers[shop] = sp
		go sp.loop(ctx)
	}
	return sp
}

func (sp *shopPusher) wake() {
	select {
	case sp.signal <- struct{}{}:
	default:
	}
}

func (sp *shopPusher) loop(ctx context.Context) {
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		wait := time.Hour
		if next := sp.pushDue(ctx); !next.IsZero() {
			wait = max(time.Until(next), 0)
		}
		timer.Reset(wait)
		select {
		case <-ctx.Done():
			return
		case <-sp.signal:
		case <-timer.C:
		}
	}
}

// pushDue pushes the listings whose time has come and returns when the
// next one is due (zero: none).
func (sp *shopPusher) pushDue(ctx context.Context) time.Time {
	sp.flight.Lock()
	defer sp.flight.Unlock()
	if !sp.p.anyDue(sp.shop, time.Now()) {
		return sp.p.nextDue(sp.shop) // nothing to write: the connector is not built for it
	}
	if sb, ok := sp.batcher(ctx); ok {
		// One call carries the round: as many of the most urgent as it
		// takes, however few calls the rate limit allows.
		sp.p.pushBatch(ctx, sp, sb, sp.p.takeDue(sp.shop, time.Now(), sb.b.MaxStockBatch()))
		return sp.p.nextDue(sp.shop)
	}
	keys := sp.p.takeDue(sp.shop, time.Now(), sp.perRound)
	var read freshRead
	for i, k := range keys {
		err := sp.p.pushListing(ctx, sp, k, &read, keys[i:])
		var re readError
		if errors.As(err, &re) {
			sp.p.remark(keys[i:], time.Now().Add(sp.p.opt.Retry))
			break
		}
		if err != nil {
			sp.p.hand(ctx, sp, k, err)
		}
	}
	return sp.p.nextDue(sp.shop)
}

func (p *StockPush) nextDue(shop string) time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	var next time.Time
	for _, k := range p.index.byShop[shop] {
		if st := p.state[k]; st != nil && !st.handed && !st.due.IsZero() && (next.IsZero() || st.due.Before(next)) {
			next = st.due
		}
	}
	return next
}

func (p *StockPush) remark(keys []listingKey, at time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, k := range keys {
		p.mark(k, at)
	}
}

// pushListing writes what listing k may show, unless the platform is known
// to show it already. The value comes from read, read again when it is
// older than the window — after waiting for the shop's turn to call — so
// a write never carries a stale value however long the shop's rate limit
// makes a round (ahead: the round's listings from k on, read together). A
// platform that compares finds the value it holds in a mismatch; the
// write is then made once more against that value, since the target is
// ours to set. sp.flight must be held. Errors: readError when what the
// shop may publish could not be read; the connector's otherwise.
func (p *StockPush) pushListing(ctx context.Context, sp *shopPusher, k listingKey, read *freshRead, ahead []listingKey) error {
	p.mu.Lock()
	l, ok := p.index.listings[k]
	sh := p.index.shops[k.Shop]
	st := p.stateOf(k)
	pushed, known := st.pushed, st.known
	p.mu.Unlock()
	if !ok {
		return nil
	}
	target, err := p.targetOf(ctx, sh.ID, l, read, ahead)
	if err != nil || (known && pushed == target) {
		return err
	}
	platform, _ := p.conns.Puller(sh)
	conn, err := sp.connector(ctx, sh, platform)
	if err != nil {
		return err
	}
	if p.waitTurn(ctx, sh.ID, platform) {
		if target, err = p.targetOf(ctx, sh.ID, l, read, ahead); err != nil || (known && pushed == target) {
			return err
		}
	}
	push := channel.StockPush{ExternalItemID: k.ItemID, ExternalSKUID: k.SKUID, Quantity: target}
	if known {
		push.Expected = &pushed
	}
	res, err := conn.PushStock(ctx, push)
	var ce *channel.Error
	if errors.As(err, &ce) && ce.Kind == channel.Conflict && ce.Current != nil {
		// The compare took calls of its own: read again after the turn.
		p.waitTurn(ctx, sh.ID, platform)
		read.published = nil
		if push.Quantity, err = p.targetOf(ctx, sh.ID, l, read, ahead); err != nil {
			return err
		}
		push.Expected = ce.Current
		res, err = conn.PushStock(ctx, push)
	}
	if err != nil {
		if !channel.IsRetryable(err) {
			sp.dropConnector() // perhaps new credentials or settings; an outage keeps the connector and what it learnt
		}
		return err
	}
	p.mu.Lock()
	st.pushed, st.known = res.Quantity, true
	sp.health.Pushes++
	sp.health.LastPushAt, sp.health.LastError = time.Now().UTC(), ""
	p.reclaim(sp)
	p.mu.Unlock()
	return nil
}

// Health returns how shop's pushes are going.
func (p *StockPush) Health(shop string) PushHealth {
	p.mu.Lock()
	defer p.mu.Unlock()
	sp := p.pushers[shop]
	if sp == nil || p.index == nil {
		return PushHealth{}
	}
	h := sp.health
	for _, k := range p.index.byShop[shop] {
		if st := p.state[k]; st != nil {
			if st.handed {
				h.Handed++
			} else if !st.due.IsZero() {
				h.Pending++
			}
		}
	}
	return h
}
