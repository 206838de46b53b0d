package event

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// Outbox is what the relay needs of the outbox table (eventdb implements
// it on both engines).
type Outbox interface {
	// Claim takes or renews the relay lease for holder until until, unless
	// another holder's lease runs past now; it reports whether holder has it.
	Claim(ctx context.Context, holder string, now, until time.Time) (bool, error)
	// Pending returns up to limit undelivered events, oldest (lowest id) first.
	Pending(ctx context.Context, limit int) ([]Event, error)
	// MarkDelivered records ids as delivered at at.
	MarkDelivered(ctx context.Context, ids []int64, at time.Time) error
	// Prune deletes up to limit delivered events created before before,
	// oldest first, and returns how many it deleted.
	Prune(ctx context.Context, before time.Time, limit int) (int, error)
}

// Relay moves outbox events onto buses: at least once, in id order (so in
// order per aggregate), marked delivered only after every bus acknowledged
// them. One relay in a deployment holds the lease at a time; the others'
// Deliver does nothing until it lapses, so several nodes may run one each.
type Relay struct {
	Outbox    Outbox
	Buses     []Bus
	Holder    string        // this node's name in the lease; must differ between nodes
	Lease     time.Duration // how long a claim holds; default 30s. Publishing a batch must take less.
	Retention time.Duration // delivered events are kept this long (the order event trail); default 30 days
	Now       func() time.Time
	Log       *slog.Logger

	mu        sync.Mutex // one Deliver at a time per Relay
	heldUntil time.Time  // the lease this relay last claimed runs to here
}

// Defaults of Relay's zero fields.
const (
	DefaultLease     = 30 * time.Second
	DefaultRetention = 30 * 24 * time.Hour
)

func (r *Relay) now() time.Time {
	if r.Now == nil {
		return time.Now()
	}
	return r.Now()
}

func (r *Relay) lease() time.Duration {
	if r.Lease <= 0 {
		return DefaultLease
	}
	return r.Lease
}

// Deliver publishes up to limit undelivered events, oldest first, to every
// bus, then marks them delivered. It returns 0 and no error when another
// node holds the lease. A failed publish leaves the batch undelivered for
// the next run (buses that took it see it again: consumers dedupe by id).
func (r *Relay) Deliver(ctx context.Context, limit int) (int, error) {
	if r.Holder == "" {
		return 0, errors.New("event: a relay needs a holder name, unique to its node")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	start := r.now()
	// Renew the lease only once half of it is gone: no other holder can
	// take it before it ends, and a busy relay then spends one write
	// transaction per batch (the mark), not two.
	if start.After(r.heldUntil.Add(-r.lease() / 2)) {
		until := start.Add(r.lease())
		ok, err := r.Outbox.Claim(ctx, r.Holder, start, until)
		if err != nil || !ok {
			r.heldUntil = time.Time{}
			return 0, err
		}
		r.heldUntil = until
	}
	evs, err := r.Outbox.Pending(ctx, limit)
	if err != nil || len(evs) == 0 {
		return 0, err
	}
	// Publishing must end inside the lease, or another node could start on
	// the same events while these are still going out.
	pctx, cancel := context.WithDeadline(ctx, r.heldUntil)
	defer cancel()
	for _, b := range r.Buses {
		if err := b.Publish(pctx, evs); err != nil {
			return 0, fmt.Errorf("event: relay %d events from %d: %w", len(evs), evs[0].ID, err)
		}
	}
	ids := make([]int64, len(evs))
	for i, e := range evs {
		ids[i] = e.ID
	}
	if err := r.Outbox.MarkDelivered(ctx, ids, r.now()); err != nil {
		return 0, err
	}
	return len(evs), nil
}

// Prune deletes events delivered and older than the retention, in
// batches of limit, and returns how many it deleted.
func (r *Relay) Prune(ctx context.Context, limit int) (int, error) {
	keep := r.Retention
	if keep <= 0 {
		keep = DefaultRetention
	}
	return r.Outbox.Prune(ctx, r.now().Add(-keep), limit)
}

// Drain delivers batches of 1000 until the outbox is empty, or for at most
// maxBatches, and returns how many it delivered. The job queue runs it as
// the periodic job outbox.relay (cmd/fnshub/jobs.go); an error leaves the
// rest for the next run.
func (r *Relay) Drain(ctx context.Context, maxBatches int) (int, error) {
	return drain(ctx, 1000, maxBatches, r.Deliver)
}

// PruneAll deletes, in batches of 5000, every event delivered and past the
// retention, and returns how many it deleted (the periodic job
// outbox.prune).
func (r *Relay) PruneAll(ctx context.Context) (int, error) {
	return drain(ctx, 5000, -1, r.Prune)
}

// drain calls step with batch until it does less than a full batch, fails,
// or has run max times (max < 0: no bound).
func drain(ctx context.Context, batch, max int, step func(context.Context, int) (int, error)) (int, error) {
	total := 0
	for i := 0; max < 0 || i < max; i++ {
		n, err := step(ctx, batch)
		total += n
		if err != nil || n < batch {
			return total, err
		}
	}
	return total, nil
}

// Follow drains the outbox every interval until ctx ends, so events leave
// within about that long of their commit (stock changes reach the
// platforms fast) instead of at the periodic job's next run. While another
// node holds the lease it tries only once a second. failed is told of
// each error; the next round tries again.
func (r *Relay) Follow(ctx context.Context, interval time.Duration, failed func(error)) {
	t := time.NewTimer(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if _, err := r.Drain(ctx, 20); err != nil && ctx.Err() == nil {
			failed(err)
		}
		wait := interval
		if !r.holding() {
			wait = max(interval, time.Second)
		}
		t.Reset(wait)
	}
}

// holding reports whether this relay holds the lease now.
func (r *Relay) holding() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.now().Before(r.heldUntil)
}
