package jobdb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Defaults of Config.
const (
	DefaultWorkers     = 10
	DefaultMaxAttempts = 10
	DefaultBackoff     = time.Second
	DefaultMaxBackoff  = time.Hour
	DefaultPoll        = time.Second
	DefaultTimeout     = time.Minute
)

// Config tunes a node's queue; zero fields take the defaults.
type Config struct {
	// Workers is how many jobs this node runs at once.
	Workers int
	// MaxAttempts is a job's runs before it is discarded, unless its
	// enqueue says otherwise.
	MaxAttempts int
	// Backoff is the wait before the first retry; each next one doubles,
	// up to MaxBackoff, with up to 10% jitter so failures spread out.
	Backoff, MaxBackoff time.Duration
	// Poll is how often an idle node looks for work (River runs poll-only
	// on database/sql: there is no LISTEN connection).
	Poll time.Duration
	// Timeout bounds one run; its context is cancelled after it.
	Timeout time.Duration
	// RescueAfter is how long a job may stay running before it is taken
	// for dead (its node crashed) and retried; it must exceed Timeout.
	// 0 takes Timeout + 1 minute.
	RescueAfter time.Duration
	// Node names this node in River's tables; "" lets River choose.
	Node string
	// Speed is how much faster than the wall the handlers' clock runs: the
	// waits a job.Retry asks for are divided by it. 0 or 1: the wall. Only
	// a test on simulated time sets it (the chaos test runs an hour of
	// retries in a minute).
	Speed float64
	Log   *slog.Logger
}

func (c Config) withDefaults() Config {
	c.Workers = cmpOr(c.Workers, DefaultWorkers)
	c.MaxAttempts = cmpOr(c.MaxAttempts, DefaultMaxAttempts)
	c.Backoff = cmpOr(c.Backoff, DefaultBackoff)
	c.MaxBackoff = cmpOr(c.MaxBackoff, DefaultMaxBackoff)
	c.Poll = cmpOr(c.Poll, DefaultPoll)
	c.Timeout = cmpOr(c.Timeout, DefaultTimeout)
	c.RescueAfter = cmpOr(c.RescueAfter, c.Timeout+time.Minute)
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	return c
}

func cmpOr[T comparable](v, d T) T {
	var zero T
	if v == zero {
		return d
	}
	return v
}

// Queue is one node's job queue: it runs the registered handlers, enqueues
// the periodic kinds (when this node leads), and lists, retries and cancels
// jobs for the API.
type Queue struct {
	db      *store.DB
	client  *river.Client[*sql.Tx]
	metrics *Metrics
	works   bool // has handlers, so Start starts River's client
	started bool
	speed   float64
	// retryAt holds, by job id, the next run a failed attempt's job.Retry
	// asked for, from the worker's return to River's retry policy.
	retryAt sync.Map
}

var _ job.Admin = (*Queue)(nil)

// New builds the queue over db for workers (nil: a queue that runs no
// handler, e.g. for the CLI's list, retry and cancel). It does not start
// it. River's tables must exist (Migrate).
func New(db *store.DB, workers *job.Workers, cfg Config) (*Queue, error) {
	cfg = cfg.withDefaults()
	q := &Queue{db: db, metrics: newMetrics(db), speed: cfg.Speed}
	rc := &river.Config{
		ID:                   cfg.Node,
		Logger:               cfg.Log,
		MaxAttempts:          cfg.MaxAttempts,
		RetryPolicy:          &backoff{base: cfg.Backoff, max: cfg.MaxBackoff, asked: &q.retryAt},
		FetchPollInterval:    cfg.Poll,
		FetchCooldown:        min(cfg.Poll, river.FetchCooldownDefault),
		PollOnly:             true,
		JobTimeout:           cfg.Timeout,
		RescueStuckJobsAfter: cfg.RescueAfter,
	}
	if workers != nil && len(workers.Handlers()) > 0 {
		q.works = true
		rc.Workers = river.NewWorkers()
		for kind, h := range workers.Handlers() {
			// AddWorkerArgs takes the kind from the value, not from the
			// type: every kind shares the type raw.
			river.AddWorkerArgs(rc.Workers, raw{kind: kind}, q.worker(kind, h))
		}
		rc.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.Workers}}
		for name, n := range workers.Queues() {
			rc.Queues[name] = river.QueueConfig{MaxWorkers: n}
		}
		for _, p := range workers.PeriodicKinds() {
			args := p.Args
			if workers.Handlers()[args.Kind()] == nil {
				return nil, fmt.Errorf("jobdb: periodic kind %s has no handler: Register one", args.Kind())
			}
			rc.PeriodicJobs = append(rc.PeriodicJobs, river.NewPeriodicJob(river.PeriodicInterval(p.Interval),
				func() (river.JobArgs, *river.InsertOpts) {
					return args, &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: pendingStates}}
				}, &river.PeriodicJobOpts{RunOnStart: true}))
		}
	}
	c, err := river.NewClient(driver(db.Engine(), db.Writer()), rc)
	if err != nil {
		return nil, fmt.Errorf("jobdb: %w", err)
	}
	q.client = c
	return q, nil
}

// Start starts working jobs until Stop; a queue without handlers has
// nothing to start.
func (q *Queue) Start(ctx context.Context) error {
	if !q.works {
		return nil
	}
	if err := q.client.Start(ctx); err != nil {
		return fmt.Errorf("jobdb: start: %w", err)
	}
	q.started = true
	return nil
}

// Stop stops fetching, lets running jobs finish until ctx ends, then
// cancels their contexts; a job cut off so is retried (by this node or
// another), not lost.
func (q *Queue) Stop(ctx context.Context) error {
	if !q.started {
		return nil
	}
	q.started = false
	err := q.client.Stop(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		cctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err = q.client.StopAndCancel(cctx)
	}
	if err != nil {
		return fmt.Errorf("jobdb: stop: %w", err)
	}
	return nil
}

// Enqueue inserts a job outside any transaction (the CLI, tests).
func (q *Queue) Enqueue(ctx context.Context, args job.Args, opts *job.Opts) (job.Enqueued, error) {
	return insert(ctx, func(a river.JobArgs, o *river.InsertOpts) (*rivertype.JobInsertResult, error) {
		return q.client.Insert(ctx, a, o)
	}, args, opts)
}

// raw is the args type every handler is registered under: River's typed
// args, with the kind carried by the value, so job.Workers can stay free of
// River. The JSON is read from the job row, not decoded here.
type raw struct{ kind string }

func (r raw) Kind() string                { return r.kind }
func (*raw) UnmarshalJSON(b []byte) error { return nil }

type rawWorker struct {
	river.WorkerDefaults[raw]
	q    *Queue
	kind string
	h    job.Handler
}

func (q *Queue) worker(kind string, h job.Handler) river.Worker[raw] {
	return &rawWorker{q: q, kind: kind, h: h}
}

func (w *rawWorker) Work(ctx context.Context, j *river.Job[raw]) error {
	err := w.h(ctx, job.Job{ID: j.ID, Kind: j.Kind, Attempt: j.Attempt, MaxAttempts: j.MaxAttempts,
		Args: json.RawMessage(j.EncodedArgs)})
	if err == nil {
		return nil
	}
	if r, ok := job.RetryOf(err); ok {
		after := w.q.wall(r.After)
		if r.Free {
			w.q.metrics.postponed(j.Kind)
			return river.JobSnooze(after) // River does not count a snooze as an attempt
		}
		if j.Attempt < j.MaxAttempts { // after the last, River discards it and asks no retry time
			w.q.retryAt.Store(j.ID, time.Now().Add(after))
		}
	}
	w.q.metrics.failed(j.Kind, j.Attempt >= j.MaxAttempts)
	return err
}

// wall is how long a wait of d on the handlers' clock takes on the wall.
func (q *Queue) wall(d time.Duration) time.Duration {
	if q.speed <= 0 {
		return d
	}
	return time.Duration(float64(d) / q.speed)
}

// backoff is exponential: base, 2·base, 4·base … up to max, plus up to 10%;
// a job.Retry's time, where the attempt asked for one, comes first.
type backoff struct {
	base, max time.Duration
	asked     *sync.Map // job id → time.Time
}

func (b *backoff) NextRetry(j *rivertype.JobRow) time.Time {
	if at, ok := b.asked.LoadAndDelete(j.ID); ok {
		return at.(time.Time)
	}
	d := b.base << min(max(j.Attempt-1, 0), 30)
	if d <= 0 || d > b.max {
		d = b.max
	}
	d += time.Duration(rand.Int64N(int64(d/10) + 1))
	return time.Now().Add(d)
}
