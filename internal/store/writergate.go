package store

import (
	"context"
	"slices"
	"sync"
)

// writerGate hands SQLite's one writer connection to the write
// transactions waiting for it, those marked urgent first. A webhook's
// acknowledgement waits for its transaction; the ingestion groups, outbox
// marks and job finishes queued beside it do not wait for anyone, so the
// acknowledgement should not queue behind all of them, only behind the one
// transaction that holds the writer. PostgreSQL has no single writer and
// no gate. The job queue's own transactions (River, on Writer()) pass
// outside it and meet the gated ones at the connection.
type writerGate struct {
	mu             sync.Mutex
	held           bool
	urgent, normal []chan struct{}
}

// acquire waits for the writer, or for ctx to end.
func (g *writerGate) acquire(ctx context.Context, urgent bool) error {
	g.mu.Lock()
	if !g.held {
		g.held = true
		g.mu.Unlock()
		return nil
	}
	turn := make(chan struct{})
	if urgent {
		g.urgent = append(g.urgent, turn)
	} else {
		g.normal = append(g.normal, turn)
	}
	g.mu.Unlock()
	select {
	case <-turn:
		return nil
	case <-ctx.Done():
		g.mu.Lock()
		waiting := slices.Contains(g.urgent, turn) || slices.Contains(g.normal, turn)
		g.urgent = slices.DeleteFunc(g.urgent, func(c chan struct{}) bool { return c == turn })
		g.normal = slices.DeleteFunc(g.normal, func(c chan struct{}) bool { return c == turn })
		g.mu.Unlock()
		if !waiting { // handed the writer as ctx ended: hand it on
			g.release()
		}
		return ctx.Err()
	}
}

// release hands the writer to the next waiter, urgent ones first.
func (g *writerGate) release() {
	g.mu.Lock()
	defer g.mu.Unlock()
	var next chan struct{}
	switch {
	case len(g.urgent) > 0:
		next, g.urgent = g.urgent[0], g.urgent[1:]
	case len(g.normal) > 0:
		next, g.normal = g.normal[0], g.normal[1:]
	default:
		g.held = false
		return
	}
	close(next)
}

type urgentKey struct{}

// Urgent marks ctx's write transactions as someone waiting on them (a
// webhook's acknowledgement): on SQLite they take the writer before the
// queued ones that are not.
func Urgent(ctx context.Context) context.Context { return context.WithValue(ctx, urgentKey{}, true) }

func isUrgent(ctx context.Context) bool { u, _ := ctx.Value(urgentKey{}).(bool); return u }
