// Package group commits concurrent requests together: a committer goroutine
// takes every request waiting, runs them as one transaction, and answers
// each caller only after that transaction is durable. One fsync then covers
// the whole group (docs/adr/0005-ledger.md).
package group

import (
	"context"
	"sync"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
)

// Run handles a group in one transaction and returns one result per request,
// in order. A request that fails on its own reports that in its result; an
// error return means the transaction failed and nothing was written.
type Run[Req, Res any] func(ctx context.Context, reqs []Req) ([]Res, error)

// Committer groups calls to a Run.
type Committer[Req, Res any] struct {
	run      Run[Req, Res]
	failed   func(error) Res // the result for a request whose transaction failed
	maxBatch int
	linger   time.Duration
	last     int // the size of the group committed last
	behind   int // how many requests were queued when it committed
	calls    chan *call[Req, Res]
	stopped  chan struct{}
	mu       sync.RWMutex // guards closed against sends on a closed channel
	closed   bool
}

type call[Req, Res any] struct {
	req  Req
	done chan Res
}

// New starts a committer of groups of at most maxBatch requests that takes
// only the requests already waiting.
func New[Req, Res any](run Run[Req, Res], failed func(error) Res, maxBatch int) *Committer[Req, Res] {
	return NewLinger(run, failed, maxBatch, 0)
}

// NewLinger starts a committer whose groups, when it is busy, may wait up
// to linger for the callers its last group answered: they tend to come back
// with their next request at once, and one larger group costs less per
// request than two smaller ones. An idle committer never waits.
func NewLinger[Req, Res any](run Run[Req, Res], failed func(error) Res, maxBatch int, linger time.Duration) *Committer[Req, Res] {
	c := &Committer[Req, Res]{run: run, failed: failed, maxBatch: max(maxBatch, 1), linger: max(linger, 0),
		calls: make(chan *call[Req, Res], 4*max(maxBatch, 1)), stopped: make(chan struct{})}
	go c.loop()
	return c
}

// Submit queues req and waits for its result. ctx bounds only the wait for
// a place in the queue: once queued, the request's fate is decided by its
// group and the caller hears it, so an error always means nothing changed.
func (c *Committer[Req, Res]) Submit(ctx context.Context, req Req) Res {
	k := &call[Req, Res]{req: req, done: make(chan Res, 1)}
	c.mu.RLock()
	if c.closed {
		c.mu.RUnlock()
		return c.failed(fault.New(fault.Unavailable, "shutting_down", "the hub is shutting down; retry after restart or on another node"))
	}
	select {
	case c.calls <- k:
		c.mu.RUnlock()
	case <-ctx.Done():
		c.mu.RUnlock()
		return c.failed(ctx.Err())
	}
	return <-k.done
}

// Close lets queued requests commit, then stops the committer.
func (c *Committer[Req, Res]) Close() {
	c.mu.Lock()
	if !c.closed {
		c.closed = true
		close(c.calls)
	}
	c.mu.Unlock()
	<-c.stopped
}

func (c *Committer[Req, Res]) loop() {
	defer close(c.stopped)
	batch := make([]*call[Req, Res], 0, c.maxBatch)
	for first := range c.calls {
		batch = c.gather(append(batch[:0], first))
		batch = c.wait(batch)
		c.last = len(batch)
		c.commit(batch)
	}
}

// gather takes whatever else is already waiting, without waiting for more:
// under load groups grow by themselves, when idle a request commits alone.
func (c *Committer[Req, Res]) gather(batch []*call[Req, Res]) []*call[Req, Res] {
	for len(batch) < c.maxBatch {
		select {
		case k, ok := <-c.calls:
			if !ok {
				return batch
			}
			batch = append(batch, k)
		default:
			return batch
		}
	}
	return batch
}

// wait lingers for more requests while the group is smaller than the last
// one plus those that were queued behind it as it committed: the callers
// the last group answered are likely preparing their next request. It stops
// at that size, at maxBatch or after linger, whichever comes first. After a
// lone request with none behind it (idle) it does not wait at all.
func (c *Committer[Req, Res]) wait(batch []*call[Req, Res]) []*call[Req, Res] {
	want := min(c.maxBatch, c.last+c.behind)
	if c.linger == 0 || len(batch) >= want {
		return batch
	}
	t := time.NewTimer(c.linger)
	defer t.Stop()
	for len(batch) < want {
		select {
		case k, ok := <-c.calls:
			if !ok {
				return batch
			}
			batch = append(batch, k)
		case <-t.C:
			return batch
		}
	}
	return batch
}

// commit runs the group. If the transaction itself fails, each request is
// retried alone, so one poisonous request cannot fail its neighbours.
func (c *Committer[Req, Res]) commit(batch []*call[Req, Res]) {
	reqs := make([]Req, len(batch))
	for i, k := range batch {
		reqs[i] = k.req
	}
	// The group outlives any one caller's context: others are waiting on it.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	results, err := c.run(ctx, reqs)
	c.behind = len(c.calls)
	if err != nil && len(batch) > 1 {
		for _, k := range batch {
			c.commit([]*call[Req, Res]{k})
		}
		return
	}
	for i, k := range batch {
		if err != nil {
			k.done <- c.failed(err)
			continue
		}
		k.done <- results[i]
	}
}
