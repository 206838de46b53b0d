package job

import (
	"context"
	"encoding/json"
	"time"
)

// State is where a job is in its life. The names are River's.
type State string

const (
	Available State = "available" // waiting for a free worker
	Scheduled State = "scheduled" // waiting for its time
	Running   State = "running"
	Retryable State = "retryable" // failed, another attempt is scheduled
	Completed State = "completed"
	Cancelled State = "cancelled"
	Discarded State = "discarded" // the dead letter: failed its last attempt
	Pending   State = "pending"
)

// States lists every state, in life order.
func States() []State {
	return []State{Pending, Scheduled, Available, Running, Retryable, Completed, Cancelled, Discarded}
}

// Valid reports whether s is a known state.
func (s State) Valid() bool {
	for _, v := range States() {
		if s == v {
			return true
		}
	}
	return false
}

// Info is a job as listed.
type Info struct {
	ID          int64
	Kind        string
	State       State
	Queue       string
	Attempt     int
	MaxAttempts int
	Args        json.RawMessage
	Errors      []AttemptError // oldest first
	CreatedAt   time.Time
	ScheduledAt time.Time
	AttemptedAt time.Time // zero before the first run
	FinalizedAt time.Time // zero until completed, cancelled or discarded
}

// AttemptError is why one attempt failed.
type AttemptError struct {
	Attempt int
	At      time.Time
	Error   string
}

// Filter selects jobs to list; zero fields match all. Newest first.
type Filter struct {
	State  State
	Kind   string
	Limit  int    // 1–500; 0 takes 50
	Cursor string // a previous page's Next
}

// Page is one page of jobs; Next is "" on the last page.
type Page struct {
	Jobs []Info
	Next string
}

// Admin is what the API and CLI do with jobs. Errors: NotFound for an
// unknown id; Conflict when the job's state forbids the change (the message
// says why: already completed, already queued); Invalid for a bad filter.
type Admin interface {
	List(ctx context.Context, f Filter) (Page, error)
	// Retry puts a failed, discarded, cancelled or scheduled job back to
	// run now.
	Retry(ctx context.Context, id int64) (Info, error)
	// Cancel stops a job that has not finished; a running one is asked
	// to stop (its context is cancelled) and is not retried.
	Cancel(ctx context.Context, id int64) (Info, error)
}
