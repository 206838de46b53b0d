// Package job owns fnshub's background work as the rest of the hub sees it:
// typed job arguments, the handlers registered for each kind, periodic
// kinds, the enqueuer a use case calls inside its transaction, and the
// view of jobs the API and CLI list, retry and cancel. It imports no
// driver: internal/job/jobdb runs the queue on River over either engine
// (docs/adr/0022-job-queue.md).
package job

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Args are a job's arguments. They are stored as JSON (encoding/json of the
// value), so keep them small: ids, not whole records. Kind names the
// handler; it is stored with every job and must never be renamed.
type Args interface{ Kind() string }

// Opts tune one enqueue; the zero value (or nil) takes the defaults.
type Opts struct {
	// MaxAttempts is how many runs the job gets before it is discarded
	// (the dead letter); 0 takes the queue's default.
	MaxAttempts int
	// At delays the first run; the zero time runs it as soon as a worker
	// is free.
	At time.Time
	// Unique skips the enqueue while a job of the same kind and the same
	// args is still waiting, running or retrying (Enqueue then reports
	// Skipped), so a burst of causes queues one job.
	Unique bool
	// Queue names the queue the job waits in ("": the default queue). A
	// queue of its own, with its workers (Workers.Queue), keeps a flood of
	// one kind of work from holding up the rest.
	Queue string
}

// Enqueued is what an enqueue did.
type Enqueued struct {
	ID int64
	// Skipped tells a Unique enqueue that found its twin still pending; ID
	// is then the twin's.
	Skipped bool
}

// TxStore enqueues jobs inside the caller's write transaction: the job
// exists only if the transaction commits (app.Stores.Jobs).
type TxStore interface {
	// Enqueue inserts a job for args. Errors: Invalid when args do not
	// encode as JSON or have no kind.
	Enqueue(ctx context.Context, args Args, opts *Opts) (Enqueued, error)
	// EnqueueMany inserts a job for each of args, all with opts, in one
	// statement where the engine allows: a group of causes costs one insert.
	EnqueueMany(ctx context.Context, args []Args, opts *Opts) ([]Enqueued, error)
}

// Job is one run of a job, handed to its handler.
type Job struct {
	ID          int64
	Kind        string
	Attempt     int // 1 on the first run
	MaxAttempts int
	Args        json.RawMessage
}

// Handler does a job's work. A nil return completes the job; an error
// schedules another attempt with backoff (or when a Retry says), or
// discards the job after its last attempt. A job may run more than once (a node that dies mid-run leaves it
// to be rescued), so a handler's effect must be idempotent, keyed by Job.ID
// or by its own business key. ctx is cancelled when the queue stops.
type Handler func(ctx context.Context, j Job) error

// Periodic is a kind enqueued every Interval by one node of the cluster
// (the leader), at most one waiting or running at a time.
type Periodic struct {
	Interval time.Duration
	Args     Args
}

// Workers is the set of handlers a queue runs, and its periodic kinds.
// Packages register theirs before the queue starts.
type Workers struct {
	handlers map[string]Handler
	periodic []Periodic
	queues   map[string]int
}

// NewWorkers returns an empty set.
func NewWorkers() *Workers { return &Workers{handlers: map[string]Handler{}, queues: map[string]int{}} }

// Queue declares a queue besides the default one, worked by up to workers
// jobs at once on each node.
func (w *Workers) Queue(name string, workers int) {
	if name == "" || workers < 1 {
		panic("job: Queue needs a name and at least one worker")
	}
	w.queues[name] = workers
}

// Queues returns the declared queues and their workers.
func (w *Workers) Queues() map[string]int { return w.queues }

// Handle registers h for kind. Registering a kind twice is a bug and panics.
func (w *Workers) Handle(kind string, h Handler) {
	if kind == "" || h == nil {
		panic("job: Handle needs a kind and a handler")
	}
	if _, dup := w.handlers[kind]; dup {
		panic(fmt.Sprintf("job: kind %q registered twice", kind))
	}
	w.handlers[kind] = h
}

// Register registers fn for T's kind, decoding each job's args into a T.
// Args that no longer decode fail the attempt (and end discarded).
func Register[T Args](w *Workers, fn func(ctx context.Context, j Job, args T) error) {
	var zero T
	w.Handle(zero.Kind(), func(ctx context.Context, j Job) error {
		var args T
		if err := json.Unmarshal(j.Args, &args); err != nil {
			return fmt.Errorf("job %d (%s): decode args: %w", j.ID, j.Kind, err)
		}
		return fn(ctx, j, args)
	})
}

// Every makes args' kind periodic: a job with args is enqueued every
// interval (and once at start). The kind needs a handler too.
func (w *Workers) Every(interval time.Duration, args Args) {
	if interval <= 0 {
		panic("job: Every needs a positive interval")
	}
	w.periodic = append(w.periodic, Periodic{Interval: interval, Args: args})
}

// Handlers returns the registered handlers by kind.
func (w *Workers) Handlers() map[string]Handler { return w.handlers }

// PeriodicKinds returns the periodic registrations.
func (w *Workers) PeriodicKinds() []Periodic { return w.periodic }
