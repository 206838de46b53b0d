package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/fnshub/fnshub/internal/config"
	"github.com/fnshub/fnshub/internal/event"
	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/job/jobdb"
)

// The outbox's periodic jobs (docs/adr/0023-outbox-relay-and-events.md).
// Each is unique: while one waits or runs, the leader enqueues no twin.
type (
	relayArgs struct{} // deliver what is undelivered, every relayEvery
	pruneArgs struct{} // delete delivered events past the retention, every minute
)

func (relayArgs) Kind() string { return "outbox.relay" }
func (pruneArgs) Kind() string { return "outbox.prune" }

// relayEvery is how often the outbox is relayed; a run delivers up to
// relayBatches batches of 1000 and leaves the rest to the next.
const (
	relayEvery   = time.Second
	relayBatches = 20
	relayFollow  = 10 * time.Millisecond // serve's own loop (event.Relay.Follow)
	// jobPoll is how often an idle node looks for jobs. A webhook's job is
	// picked up within it, and jobs fetched often come in small bursts that
	// hold the writer less at a time: at 500 webhooks/s, 100 ms rather than
	// River's 1 s halved the acknowledgement's p50 and p99 (BENCHMARKS.md).
	jobPoll = 100 * time.Millisecond
)

// jobWorkers is every background job kind the hub runs, and its periodic
// ones. Packages with background work register here.
func jobWorkers(relay *event.Relay, h *hub) *job.Workers {
	w := job.NewWorkers()
	h.hooks.Register(w)
	h.pulls.Register(w)
	h.push.Register(w)
	h.shipments.Register(w)
	h.health.Register(w)
	h.vouchers.Register(w) // the daily ERP push (ADR 0047)
	h.settlementPulls.Register(w)
	h.reconcile.Register(w) // the shop's payouts reconciled after each import (ADR 0063)
	job.Register(w, func(ctx context.Context, _ job.Job, _ relayArgs) error {
		_, err := relay.Drain(ctx, relayBatches)
		return err
	})
	job.Register(w, func(ctx context.Context, _ job.Job, _ pruneArgs) error {
		_, err := relay.PruneAll(ctx)
		return err
	})
	w.Every(relayEvery, relayArgs{})
	w.Every(time.Minute, pruneArgs{})
	return w
}

// startJobs builds this node's job queue and starts working it; the caller
// stops it on shutdown. Nodes on one PostgreSQL share the work.
func startJobs(ctx context.Context, h *hub, cfg config.Config, log *slog.Logger, relay *event.Relay) (*jobdb.Queue, error) {
	q, err := jobdb.New(h.db, jobWorkers(relay, h), jobdb.Config{Workers: cfg.Workers, Log: riverLog(log), Poll: jobPoll})
	if err != nil {
		return nil, err
	}
	if err := q.Start(ctx); err != nil {
		return nil, err
	}
	return q, nil
}

// riverLog passes on River's warnings and errors only: at info it logs
// every leadership change and maintenance run.
func riverLog(log *slog.Logger) *slog.Logger {
	return slog.New(levelAtLeast{log.Handler(), slog.LevelWarn}).With("component", "jobs")
}

type levelAtLeast struct {
	slog.Handler
	min slog.Level
}

func (l levelAtLeast) Enabled(ctx context.Context, lv slog.Level) bool {
	return lv >= l.min && l.Handler.Enabled(ctx, lv)
}

func (l levelAtLeast) WithAttrs(a []slog.Attr) slog.Handler {
	return levelAtLeast{l.Handler.WithAttrs(a), l.min}
}

func (l levelAtLeast) WithGroup(g string) slog.Handler {
	return levelAtLeast{l.Handler.WithGroup(g), l.min}
}
