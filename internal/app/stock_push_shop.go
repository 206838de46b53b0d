package app

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/job"
)

// shopPusher pushes one shop's due listings, one at a time.
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

// takeDue clears and returns the shop's listings due by now that the job
// queue does not own: all of them, or, with limit > 0, the limit most
// urgent. A listing's urgency is the changes it gathered times how long
// it has been due, so under a rate limit the listings that sell most are
// written most often, and one that sells little still has its turn.
func (p *StockPush) takeDue(shop string, now time.Time, limit int) []listingKey {
	p.mu.Lock()
	defer p.mu.Unlock()
	var keys []listingKey
	for _, k := range p.index.byShop[shop] {
		if st := p.state[k]; st != nil && !st.handed && !st.due.IsZero() && !st.due.After(now) {
			keys = append(keys, k)
		}
	}
	if limit > 0 && len(keys) > limit {
		keys = p.mostUrgent(keys, now, limit)
	}
	for _, k := range keys {
		st := p.state[k]
		st.due, st.changes = time.Time{}, 0
	}
	return keys
}

// mostUrgent returns the limit most urgent of keys, most urgent first.
// p.mu must be held.
func (p *StockPush) mostUrgent(keys []listingKey, now time.Time, limit int) []listingKey {
	type ranked struct {
		k       listingKey
		urgency float64
	}
	urgency := func(k listingKey) float64 {
		st := p.state[k]
		return float64(st.changes) * (now.Sub(st.due) + time.Millisecond).Seconds()
	}
	if limit == 1 { // the usual round under a rate limit: one pass, no sort
		best, most := 0, urgency(keys[0])
		for i, k := range keys[1:] {
			if u := urgency(k); u > most {
				best, most = i+1, u
			}
		}
		return []listingKey{keys[best]}
	}
	rs := make([]ranked, len(keys))
	for i, k := range keys {
		rs[i] = ranked{k, urgency(k)}
	}
	slices.SortStableFunc(rs, func(a, b ranked) int { return cmp.Compare(b.urgency, a.urgency) })
	out := keys[:limit]
	for i := range out {
		out[i] = rs[i].k
	}
	return out
}

// perRound is how many listings of a shop one round takes: as many as its
// platform's rate limit lets through in a window (at least one), so a
// round ends soon and the next one picks the most urgent again; all of
// them on a platform without a limit.
func (p *StockPush) perRound(platform string) int {
	pl, ok := channel.ByName(platform)
	if !ok || pl.Limits.Rate <= 0 {
		return 0
	}
	return max(1, int(pl.Limits.Rate*p.opt.Window.Seconds()))
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

// reclaim takes back the listings of sp's shop the job queue holds once a
// write of the shop went through: the platform is back, so they are
// pushed at the shop's rate now rather than at each job's next backoff,
// which after a long outage is as long again. A job that runs later finds
// its listing showing what it should and writes nothing; one that fails
// again finds its job still queued and stays with the pusher. p.mu must be
// held.
func (p *StockPush) reclaim(sp *shopPusher) {
	if !sp.handedSome {
		return
	}
	sp.handedSome = false
	now := time.Now()
	for _, k := range p.index.byShop[sp.shop] {
		if st := p.state[k]; st != nil && st.handed {
			st.handed = false
			p.mark(k, now)
		}
	}
}

// pushListingArgs is the job that retries a listing's failed push.
type pushListingArgs struct {
	Shop   string `json:"shop"`
	ItemID string `json:"item_id"`
	SKUID  string `json:"sku_id"`
}

func (pushListingArgs) Kind() string { return "stock.push" }

// resyncArgs pushes every listing whose platform may show another value.
type resyncArgs struct{}

func (resyncArgs) Kind() string { return "stock.resync" }

// resyncEvery is how often every listing is checked against what it may
// show, in case a change was missed (a node restarted before its push).
const resyncEvery = 5 * time.Minute

// hand gives a failed listing to the job queue, which retries it with
// backoff and keeps it as a dead letter after the last attempt.
func (p *StockPush) hand(ctx context.Context, sp *shopPusher, k listingKey, cause error) {
	p.mu.Lock()
	st := p.stateOf(k)
	st.handed, sp.handedSome = true, true
	sp.health.Failures++
	sp.health.LastError = channelMessage(cause)
	p.mu.Unlock()
	var twin bool
	err := p.unit.InTx(ctx, func(s Stores) error {
		r, err := s.Jobs.Enqueue(ctx, pushListingArgs{Shop: k.Shop, ItemID: k.ItemID, SKUID: k.SKUID},
			&job.Opts{Unique: true, MaxAttempts: channelAttempts})
		twin = r.Skipped
		return err
	})
	// Not enqueued, or its twin is still finishing (a job that has just
	// succeeded stays "running" until the queue records it): keep it
	// here and try again shortly.
	if err != nil || twin {
		p.mu.Lock()
		st.handed = false
		p.mark(k, time.Now().Add(p.opt.Retry))
		p.mu.Unlock()
	}
}

// Register adds the stock push jobs to w.
func (p *StockPush) Register(w *job.Workers) {
	job.Register(w, func(ctx context.Context, _ job.Job, a pushListingArgs) error { return p.retry(ctx, a) })
	job.Register(w, func(context.Context, job.Job, resyncArgs) error { p.All(); return nil })
	w.Every(resyncEvery, resyncArgs{})
}

// retry is the job queue's attempt at a handed listing. On success the
// listing is the pusher's again, and a change gathered meanwhile is pushed.
func (p *StockPush) retry(ctx context.Context, a pushListingArgs) error {
	k := listingKey{a.Shop, a.ItemID, a.SKUID}
	p.mu.Lock()
	if p.index == nil {
		p.mu.Unlock()
		return errors.New("app: the stock pusher has not started")
	}
	sp := p.pushers[a.Shop]
	p.mu.Unlock()
	if sp == nil {
		return nil // the shop no longer takes stock: nothing to push
	}
	sp.flight.Lock()
	defer sp.flight.Unlock()
	if err := p.pushListing(ctx, sp, k, &freshRead{}, []listingKey{k}); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if st := p.state[k]; st != nil {
		st.handed = false
		if !st.due.IsZero() {
			sp.wake()
		}
	}
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
