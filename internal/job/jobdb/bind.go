package jobdb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// inserters are River clients without a pool, one per engine: they only
// insert inside a caller's transaction. They hold no state but their
// configuration, so the process shares them.
var inserters = struct {
	sync.Mutex
	m map[store.Engine]*river.Client[*sql.Tx]
}{m: map[store.Engine]*river.Client[*sql.Tx]{}}

func inserter(engine store.Engine) (*river.Client[*sql.Tx], error) {
	inserters.Lock()
	defer inserters.Unlock()
	if c := inserters.m[engine]; c != nil {
		return c, nil
	}
	c, err := river.NewClient(driver(engine, nil), &river.Config{MaxAttempts: DefaultMaxAttempts})
	if err != nil {
		return nil, fmt.Errorf("jobdb: inserter: %w", err)
	}
	inserters.m[engine] = c
	return c, nil
}

// Bind returns the job enqueuer bound to tx: what it enqueues commits with
// tx or not at all.
func Bind(tx *store.Tx) job.TxStore { return txStore{tx} }

type txStore struct{ tx *store.Tx }

func (s txStore) Enqueue(ctx context.Context, args job.Args, opts *job.Opts) (job.Enqueued, error) {
	c, err := inserter(s.tx.Dialect().Engine())
	if err != nil {
		return job.Enqueued{}, err
	}
	return insert(ctx, func(a river.JobArgs, o *river.InsertOpts) (*rivertype.JobInsertResult, error) {
		return c.InsertTx(ctx, s.tx.SQL(), a, o)
	}, args, opts)
}

func (s txStore) EnqueueMany(ctx context.Context, args []job.Args, opts *job.Opts) ([]job.Enqueued, error) {
	if len(args) == 0 {
		return nil, nil
	}
	c, err := inserter(s.tx.Dialect().Engine())
	if err != nil {
		return nil, err
	}
	params := make([]river.InsertManyParams, len(args))
	for i, a := range args {
		if a == nil || a.Kind() == "" {
			return nil, fault.Invalidf("kind", "job_kind_missing", "a job needs args with a kind")
		}
		params[i] = river.InsertManyParams{Args: a, InsertOpts: insertOpts(opts)}
	}
	res, err := c.InsertManyTx(ctx, s.tx.SQL(), params)
	if err != nil {
		return nil, fmt.Errorf("jobdb: enqueue %d %s jobs: %w", len(args), args[0].Kind(), err)
	}
	out := make([]job.Enqueued, len(res))
	for i, r := range res {
		out[i] = job.Enqueued{ID: r.Job.ID, Skipped: r.UniqueSkippedAsDuplicate}
	}
	return out, nil
}

// insert validates args and turns opts into River's.
func insert(ctx context.Context, do func(river.JobArgs, *river.InsertOpts) (*rivertype.JobInsertResult, error), args job.Args, opts *job.Opts) (job.Enqueued, error) {
	if args == nil || args.Kind() == "" {
		return job.Enqueued{}, fault.Invalidf("kind", "job_kind_missing", "a job needs args with a kind")
	}
	res, err := do(args, insertOpts(opts))
	if err != nil {
		var ue *json.UnsupportedTypeError
		if errors.As(err, &ue) {
			return job.Enqueued{}, fault.Invalidf("args", "job_args_invalid", "job %s: args do not encode as JSON: %v", args.Kind(), err)
		}
		return job.Enqueued{}, fmt.Errorf("jobdb: enqueue %s: %w", args.Kind(), err)
	}
	return job.Enqueued{ID: res.Job.ID, Skipped: res.UniqueSkippedAsDuplicate}, nil
}

// pendingStates are the states a Unique job's twin blocks in: waiting,
// running or retrying, not finished.
var pendingStates = []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStatePending,
	rivertype.JobStateRetryable, rivertype.JobStateRunning, rivertype.JobStateScheduled}

func insertOpts(o *job.Opts) *river.InsertOpts {
	if o == nil {
		return nil
	}
	ro := &river.InsertOpts{MaxAttempts: o.MaxAttempts, ScheduledAt: o.At, Queue: o.Queue}
	if o.Unique {
		ro.UniqueOpts = river.UniqueOpts{ByArgs: true, ByState: pendingStates}
	}
	return ro
}
