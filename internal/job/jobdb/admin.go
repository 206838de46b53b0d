package jobdb

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/job"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// MaxLimit is the most jobs one List page holds.
const MaxLimit = 500

// List lists jobs newest first. Errors: Invalid for an unknown state, a
// limit out of 1–500 or a cursor not from a previous page.
func (q *Queue) List(ctx context.Context, f job.Filter) (job.Page, error) {
	if f.State != "" && !f.State.Valid() {
		return job.Page{}, fault.Invalidf("state", "job_state_invalid", "unknown job state %q; use one of %v", f.State, job.States())
	}
	if f.Limit == 0 {
		f.Limit = 50
	}
	if f.Limit < 1 || f.Limit > MaxLimit {
		return job.Page{}, fault.Invalidf("limit", "limit_invalid", "limit must be 1–%d, not %d", MaxLimit, f.Limit)
	}
	p := river.NewJobListParams().OrderBy(river.JobListOrderByID, river.SortOrderDesc).First(f.Limit + 1)
	if f.State != "" {
		p = p.States(rivertype.JobState(f.State))
	}
	if f.Kind != "" {
		p = p.Kinds(f.Kind)
	}
	if f.Cursor != "" {
		// The cursor is the last id listed: the next page is older.
		before, err := strconv.ParseInt(f.Cursor, 10, 64)
		if err != nil || before < 1 {
			return job.Page{}, fault.Invalidf("cursor", "cursor_invalid", "cursor is not one a previous page returned as next_cursor; start again without it")
		}
		p = p.Where("id < @before", river.NamedArgs{"before": before})
	}
	res, err := q.client.JobList(ctx, p)
	if err != nil {
		return job.Page{}, fmt.Errorf("jobdb: list: %w", err)
	}
	page := job.Page{Jobs: make([]job.Info, 0, min(len(res.Jobs), f.Limit))}
	for i, r := range res.Jobs {
		if i == f.Limit {
			page.Next = strconv.FormatInt(res.Jobs[i-1].ID, 10)
			break
		}
		page.Jobs = append(page.Jobs, info(r))
	}
	return page, nil
}

// retryable are the states Retry accepts: the job failed, was given up,
// was cancelled, or waits for a later time.
var retryable = []rivertype.JobState{rivertype.JobStateRetryable, rivertype.JobStateDiscarded,
	rivertype.JobStateCancelled, rivertype.JobStateScheduled}

// Retry makes a failed, discarded, cancelled or scheduled job available to
// run now, with its attempts so far kept. Errors: NotFound; Conflict when it
// completed (enqueue a new job instead: rerunning would repeat its effect)
// or is already waiting or running.
func (q *Queue) Retry(ctx context.Context, id int64) (job.Info, error) {
	r, err := q.get(ctx, id)
	if err != nil {
		return job.Info{}, err
	}
	if !slices.Contains(retryable, r.State) {
		return job.Info{}, conflict(r, "retried")
	}
	if r, err = q.client.JobRetry(ctx, id); err != nil {
		return job.Info{}, fmt.Errorf("jobdb: retry %d: %w", id, err)
	}
	if r.State != rivertype.JobStateAvailable {
		return job.Info{}, conflict(r, "retried")
	}
	return info(r), nil
}

// Cancel cancels a job that has not finished. A waiting job ends cancelled
// at once; a running one is marked and ends cancelled when its run returns
// an error or is cut off (it ends completed if it succeeds first). Errors:
// NotFound; Conflict when it already completed, was discarded or cancelled.
func (q *Queue) Cancel(ctx context.Context, id int64) (job.Info, error) {
	r, err := q.get(ctx, id)
	if err != nil {
		return job.Info{}, err
	}
	if r.FinalizedAt != nil {
		return job.Info{}, conflict(r, "cancelled")
	}
	if r, err = q.client.JobCancel(ctx, id); err != nil {
		return job.Info{}, fmt.Errorf("jobdb: cancel %d: %w", id, err)
	}
	if r.State != rivertype.JobStateCancelled && r.State != rivertype.JobStateRunning {
		return job.Info{}, conflict(r, "cancelled")
	}
	return info(r), nil
}

func (q *Queue) get(ctx context.Context, id int64) (*rivertype.JobRow, error) {
	r, err := q.client.JobGet(ctx, id)
	if errors.Is(err, river.ErrNotFound) {
		return nil, fault.New(fault.NotFound, "job_not_found", "no job %d; list jobs with GET /api/v1/jobs", id)
	}
	if err != nil {
		return nil, fmt.Errorf("jobdb: job %d: %w", id, err)
	}
	return r, nil
}

// conflict says why a job in its state cannot be retried or cancelled.
func conflict(r *rivertype.JobRow, verb string) error {
	why := map[rivertype.JobState]string{
		rivertype.JobStateCompleted: "it already completed; enqueue a new job to run its work again",
		rivertype.JobStateCancelled: "it is already cancelled",
		rivertype.JobStateDiscarded: "it was already discarded after its last attempt; retry it instead",
		rivertype.JobStateAvailable: "it is already waiting for a worker",
		rivertype.JobStatePending:   "it is already waiting to be queued",
		rivertype.JobStateRunning:   "it is running now; cancel it first, or wait for it to finish",
	}[r.State]
	if why == "" {
		why = "of its state " + string(r.State)
	}
	return fault.New(fault.Conflict, "job_"+string(r.State), "job %d (%s) cannot be %s: %s", r.ID, r.Kind, verb, why)
}

func info(r *rivertype.JobRow) job.Info {
	in := job.Info{ID: r.ID, Kind: r.Kind, State: job.State(r.State), Queue: r.Queue, Attempt: r.Attempt,
		MaxAttempts: r.MaxAttempts, Args: r.EncodedArgs, CreatedAt: r.CreatedAt.UTC(), ScheduledAt: r.ScheduledAt.UTC(),
		AttemptedAt: utc(r.AttemptedAt), FinalizedAt: utc(r.FinalizedAt)}
	for _, e := range r.Errors {
		in.Errors = append(in.Errors, job.AttemptError{Attempt: e.Attempt, At: e.At.UTC(), Error: e.Error})
	}
	return in
}

func utc(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}
