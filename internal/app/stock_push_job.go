package app

import (
	"context"
	"errors"
	"time"

	"github.com/fnshub/fnshub/internal/job"
)

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

// hand gives a failed listing to the job queue, which retries it under the
// sync engine's rules (channelRetry) and keeps it as a dead letter after
// the last attempt.
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
	job.Register(w, func(ctx context.Context, j job.Job, a pushListingArgs) error {
		err := channelRetry(j.Attempt, p.retry(ctx, a))
		if discards(j, err) {
			p.release(a)
		}
		return err
	})
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

// release gives a listing whose job is about to become a dead letter back
// to the pusher, so the next change of its stock, or the resync, pushes it
// again rather than waiting on a job that will not run.
func (p *StockPush) release(a pushListingArgs) {
	p.mu.Lock()
	defer p.mu.Unlock()
	st := p.state[listingKey{a.Shop, a.ItemID, a.SKUID}]
	if st == nil {
		return
	}
	st.handed = false
	if sp := p.pushers[a.Shop]; sp != nil && !st.due.IsZero() {
		sp.wake() // a change gathered while the job owned it
	}
}

// discards reports whether the queue discards j after this run's err: it
// failed its last attempt, and did not merely put the job off.
func discards(j job.Job, err error) bool {
	if r, ok := job.RetryOf(err); err == nil || (ok && r.Free) {
		return false
	}
	return j.Attempt >= j.MaxAttempts
}
