package job

import (
	"errors"
	"time"
)

// Retry is a handler's error that says when the job should run next,
// instead of the queue's backoff. A handler that knows more than the queue
// does (a platform asked it to come back in ten minutes; the outage it met
// warrants a longer wait than a database hiccup) returns one.
type Retry struct {
	Err error
	// After is the least wait before the next run.
	After time.Duration
	// Free says the run did no work — the call it needed was not made,
	// because a platform's ban or an open breaker refused it on this side
	// — so the run does not count as one of the job's attempts: a job
	// waiting out a long ban is not discarded for having waited.
	Free bool
}

func (r *Retry) Error() string { return r.Err.Error() }
func (r *Retry) Unwrap() error { return r.Err }

// RetryAfter fails the attempt and asks for the next one no sooner than d.
func RetryAfter(err error, d time.Duration) error {
	if err == nil {
		return nil
	}
	return &Retry{Err: err, After: d}
}

// Postpone runs the job again after d without counting this run as an
// attempt: err says why nothing could be done now.
func Postpone(err error, d time.Duration) error {
	if err == nil {
		return nil
	}
	return &Retry{Err: err, After: d, Free: true}
}

// RetryOf returns the Retry err carries, if any.
func RetryOf(err error) (*Retry, bool) {
	var r *Retry
	ok := errors.As(err, &r)
	return r, ok
}
