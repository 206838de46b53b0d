package jobdb_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/job"
)

// TestQueue_RetryAfterOutwaitsTheBackoff: an attempt that fails with
// job.RetryAfter is run again no sooner than it asked, though the queue's
// own backoff is milliseconds; Speed divides the wait.
func TestQueue_RetryAfterOutwaitsTheBackoff(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		var mu sync.Mutex
		var runs []time.Time
		w := job.NewWorkers()
		job.Register(w, func(ctx context.Context, j job.Job, a effect) error {
			mu.Lock()
			runs = append(runs, time.Now())
			mu.Unlock()
			if j.Attempt == 1 {
				return job.RetryAfter(errors.New("the platform is down"), 30*time.Second) // 300 ms at Speed 100
			}
			return h.record(ctx, j, a.N)
		})
		cfg := fast("a")
		cfg.Speed = 100
		q := h.start(w, cfg)
		e, err := q.Enqueue(ctx, effect{N: 1}, &job.Opts{MaxAttempts: 3})
		if err != nil {
			t.Fatal(err)
		}
		eventually(t, "the job to complete", func() bool { return state(t, q, e.ID).State == job.Completed })
		mu.Lock()
		defer mu.Unlock()
		if len(runs) != 2 || state(t, q, e.ID).Attempt != 2 {
			t.Fatalf("%d runs, attempt %d: want 2 and 2", len(runs), state(t, q, e.ID).Attempt)
		}
		if gap := runs[1].Sub(runs[0]); gap < 300*time.Millisecond {
			t.Fatalf("the retry came %v after the failure; the handler asked for 30 s at 100× (300 ms), the backoff is 20 ms", gap)
		}
	})
}

// TestQueue_PostponedRunsAreNotAttempts: a job that can do nothing yet
// postpones itself more times than it has attempts, and still completes;
// its postponements record no error.
func TestQueue_PostponedRunsAreNotAttempts(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		var mu sync.Mutex
		postponed := 0
		w := job.NewWorkers()
		job.Register(w, func(ctx context.Context, j job.Job, a effect) error {
			mu.Lock()
			defer mu.Unlock()
			if postponed < 5 {
				postponed++
				return job.Postpone(errors.New("the shop is banned for a while"), 10*time.Millisecond)
			}
			return h.record(ctx, j, a.N)
		})
		q := h.start(w, fast("a"))
		e, err := q.Enqueue(ctx, effect{N: 1}, &job.Opts{MaxAttempts: 2})
		if err != nil {
			t.Fatal(err)
		}
		eventually(t, "the job to complete", func() bool { return state(t, q, e.ID).State == job.Completed })
		in := state(t, q, e.ID)
		if in.Attempt != 1 || len(in.Errors) != 0 || h.effects() != 1 {
			t.Fatalf("job %+v after 5 postponements, %d effects: want attempt 1, no errors, 1 effect", in, h.effects())
		}
	})
}
