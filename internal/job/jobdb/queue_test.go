package jobdb_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/job/jobdb"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/fnshub/fnshub/internal/store/unit"
)

// effect is a test job: its handler records the job's id under a unique key.
type effect struct {
	N int `json:"n"`
}

func (effect) Kind() string { return "test.effect" }

// harness is one engine's database with River's tables and a table where
// handlers record what they did.
type harness struct {
	t  *testing.T
	db *store.DB
	// dups counts runs that found their job's effect already recorded.
	dups atomic.Int64
}

func open(t *testing.T, e storetest.Engine) *harness {
	t.Helper()
	h := &harness{t: t, db: e.Open(t)}
	prepare(t, h)
	return h
}

// prepare migrates River's tables (twice: the second is a no-op) and makes
// the table handlers record their effects in.
func prepare(t *testing.T, h *harness) {
	t.Helper()
	ctx := context.Background()
	if _, err := jobdb.Migrate(ctx, h.db); err != nil {
		t.Fatal(err)
	}
	if applied, err := jobdb.Migrate(ctx, h.db); err != nil || len(applied) != 0 {
		t.Fatalf("second Migrate: applied %v, %v; want none", applied, err)
	}
	if err := h.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `CREATE TABLE job_effects (job_id BIGINT PRIMARY KEY, n BIGINT NOT NULL)`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

// record is a handler's effect: one row per job id.
func (h *harness) record(ctx context.Context, j job.Job, n int) error {
	err := h.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO job_effects (job_id, n) VALUES (?, ?)`, j.ID, n)
		return err
	})
	if err != nil && h.db.UniqueViolation(err) {
		h.dups.Add(1)
		return nil
	}
	return err
}

func (h *harness) effects() int {
	var n int
	if err := h.db.Read(context.Background(), func(tx *store.Tx) error {
		return tx.QueryRow(context.Background(), `SELECT COUNT(*) FROM job_effects`).Scan(&n)
	}); err != nil {
		h.t.Fatal(err)
	}
	return n
}

// fast is a node configuration that polls and retries in milliseconds.
func fast(node string) jobdb.Config {
	return jobdb.Config{Node: node, Poll: 20 * time.Millisecond, Backoff: 20 * time.Millisecond,
		MaxBackoff: 200 * time.Millisecond, Timeout: 5 * time.Second, Workers: 4}
}

func (h *harness) start(w *job.Workers, cfg jobdb.Config) *jobdb.Queue {
	h.t.Helper()
	q, err := jobdb.New(h.db, w, cfg)
	if err != nil {
		h.t.Fatal(err)
	}
	if err := q.Start(context.Background()); err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := q.Stop(ctx); err != nil {
			h.t.Error(err)
		}
	})
	return q
}

func (h *harness) effectWorkers() *job.Workers {
	w := job.NewWorkers()
	job.Register(w, func(ctx context.Context, j job.Job, a effect) error { return h.record(ctx, j, a.N) })
	return w
}

// eventually polls cond for up to 20 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	eventuallyWithin(t, 20*time.Second, what, cond)
}

func eventuallyWithin(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(d); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func state(t *testing.T, q *jobdb.Queue, id int64) job.Info {
	t.Helper()
	page, err := q.List(context.Background(), job.Filter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range page.Jobs {
		if in.ID == id {
			return in
		}
	}
	t.Fatalf("job %d not listed", id)
	return job.Info{}
}

func kindOf(err error) fault.Kind {
	var fe *fault.Error
	if errors.As(err, &fe) {
		return fe.Kind
	}
	return fault.Internal
}

func each(t *testing.T, fn func(t *testing.T, h *harness)) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			fn(t, open(t, e))
		})
	}
}

func TestQueue_EnqueueInTransaction(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		q := h.start(h.effectWorkers(), fast("a"))
		rollback := errors.New("roll back")
		u := unit.New(h.db) // through the seam a use case sees
		err := u.InTx(ctx, func(s app.Stores) error {
			if _, err := s.Jobs.Enqueue(ctx, effect{N: 1}, nil); err != nil {
				return err
			}
			return rollback
		})
		if !errors.Is(err, rollback) {
			t.Fatal(err)
		}
		var id int64
		if err := u.InTx(ctx, func(s app.Stores) error {
			e, err := s.Jobs.Enqueue(ctx, effect{N: 2}, nil)
			id = e.ID
			return err
		}); err != nil {
			t.Fatal(err)
		}
		eventually(t, "the committed job to complete", func() bool { return state(t, q, id).State == job.Completed })
		page, err := q.List(ctx, job.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Jobs) != 1 || h.effects() != 1 {
			t.Fatalf("jobs %+v, effects %d: want only the committed job, run once", page.Jobs, h.effects())
		}
		var args effect
		if err := json.Unmarshal(page.Jobs[0].Args, &args); err != nil || args.N != 2 {
			t.Fatalf("args %s, %v", page.Jobs[0].Args, err)
		}
	})
}

func TestQueue_RetryBackoffDeadLetterAndRetryFromAdmin(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		var fail atomic.Bool
		fail.Store(true)
		w := job.NewWorkers()
		job.Register(w, func(ctx context.Context, j job.Job, a effect) error {
			if fail.Load() {
				return fmt.Errorf("attempt %d fails", j.Attempt)
			}
			return h.record(ctx, j, a.N)
		})
		q := h.start(w, fast("a"))
		e, err := q.Enqueue(ctx, effect{N: 1}, &job.Opts{MaxAttempts: 3})
		if err != nil {
			t.Fatal(err)
		}
		eventually(t, "the job to be discarded", func() bool { return state(t, q, e.ID).State == job.Discarded })
		in := state(t, q, e.ID)
		if in.Attempt != 3 || len(in.Errors) != 3 || in.Errors[2].Error != "attempt 3 fails" {
			t.Fatalf("discarded job %+v: want 3 attempts with their errors", in)
		}
		// Backoff: 20 ms, then 40 ms, each at least that long after the failure.
		for i, want := range []time.Duration{20 * time.Millisecond, 40 * time.Millisecond} {
			if gap := in.Errors[i+1].At.Sub(in.Errors[i].At); gap < want {
				t.Errorf("retry %d came %v after the failure; want ≥ %v", i+1, gap, want)
			}
		}
		page, err := q.List(ctx, job.Filter{State: job.Discarded, Kind: "test.effect"})
		if err != nil || len(page.Jobs) != 1 {
			t.Fatalf("discarded list %+v, %v", page, err)
		}

		fail.Store(false)
		got, err := q.Retry(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != job.Available {
			t.Fatalf("retried job is %s, want available", got.State)
		}
		eventually(t, "the retried job to complete", func() bool { return state(t, q, e.ID).State == job.Completed })
		if h.effects() != 1 {
			t.Fatalf("effects %d, want 1", h.effects())
		}
		if _, err := q.Retry(ctx, e.ID); kindOf(err) != fault.Conflict {
			t.Fatalf("retry of a completed job: %v, want a conflict", err)
		}
		if _, err := q.Retry(ctx, e.ID+1000); kindOf(err) != fault.NotFound {
			t.Fatalf("retry of an unknown job: %v, want not found", err)
		}
	})
}

func TestQueue_Cancel(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		q := h.start(h.effectWorkers(), fast("a"))
		later, err := q.Enqueue(ctx, effect{N: 1}, &job.Opts{At: time.Now().Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if s := state(t, q, later.ID).State; s != job.Scheduled {
			t.Fatalf("a job for later is %s, want scheduled", s)
		}
		got, err := q.Cancel(ctx, later.ID)
		if err != nil || got.State != job.Cancelled {
			t.Fatalf("cancel: %+v, %v", got, err)
		}
		if _, err := q.Cancel(ctx, later.ID); kindOf(err) != fault.Conflict {
			t.Fatalf("second cancel: %v, want a conflict", err)
		}
		now, err := q.Enqueue(ctx, effect{N: 2}, nil)
		if err != nil {
			t.Fatal(err)
		}
		eventually(t, "the job to complete", func() bool { return state(t, q, now.ID).State == job.Completed })
		if _, err := q.Cancel(ctx, now.ID); kindOf(err) != fault.Conflict {
			t.Fatalf("cancel of a completed job: %v, want a conflict", err)
		}
		// A cancelled job can be retried, and then runs.
		if _, err := q.Retry(ctx, later.ID); err != nil {
			t.Fatal(err)
		}
		eventually(t, "the retried job to complete", func() bool { return state(t, q, later.ID).State == job.Completed })
		if h.effects() != 2 {
			t.Fatalf("effects %d, want 2", h.effects())
		}
	})
}

type tick struct{}

func (tick) Kind() string { return "test.tick" }

func TestQueue_PeriodicRunsRepeatedly(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		var runs atomic.Int64
		w := job.NewWorkers()
		job.Register(w, func(ctx context.Context, j job.Job, _ tick) error { runs.Add(1); return nil })
		w.Every(100*time.Millisecond, tick{})
		h.start(w, fast("a"))
		eventually(t, "three periodic runs", func() bool { return runs.Load() >= 3 })
	})
}

func TestQueue_UniqueSkipsAPendingTwin(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		q, err := jobdb.New(h.db, nil, fast("a")) // not started: jobs stay waiting
		if err != nil {
			t.Fatal(err)
		}
		a, err := q.Enqueue(ctx, effect{N: 1}, &job.Opts{Unique: true})
		if err != nil {
			t.Fatal(err)
		}
		b, err := q.Enqueue(ctx, effect{N: 1}, &job.Opts{Unique: true})
		if err != nil || !b.Skipped || b.ID != a.ID {
			t.Fatalf("twin enqueue %+v, %v: want skipped as %d", b, err, a.ID)
		}
		c, err := q.Enqueue(ctx, effect{N: 2}, &job.Opts{Unique: true})
		if err != nil || c.Skipped {
			t.Fatalf("other args %+v, %v: want a new job", c, err)
		}
	})
}

func TestQueue_ListPages(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		q, err := jobdb.New(h.db, nil, fast("a"))
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for i := range 5 {
			e, err := q.Enqueue(ctx, effect{N: i}, nil)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, e.ID)
		}
		var got []int64
		f := job.Filter{Limit: 2}
		for pages := 0; ; pages++ {
			page, err := q.List(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, in := range page.Jobs {
				got = append(got, in.ID)
			}
			if page.Next == "" {
				if pages != 2 {
					t.Fatalf("%d pages, want 3", pages+1)
				}
				break
			}
			f.Cursor = page.Next
		}
		if fmt.Sprint(got) != fmt.Sprint([]int64{ids[4], ids[3], ids[2], ids[1], ids[0]}) {
			t.Fatalf("listed %v, want %v newest first", got, ids)
		}
		for _, bad := range []job.Filter{{State: "done"}, {Limit: 501}, {Cursor: "nonsense"}} {
			if _, err := q.List(ctx, bad); kindOf(err) != fault.Invalid {
				t.Errorf("List(%+v): %v, want invalid", bad, err)
			}
		}
	})
}

// Two nodes on one database share the work: every job runs, none twice.
func TestQueue_TwoNodesShareWork(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		var byNode [2]atomic.Int64
		for i, node := range []string{"a", "b"} {
			w := job.NewWorkers()
			job.Register(w, func(ctx context.Context, j job.Job, a effect) error {
				byNode[i].Add(1)
				return h.record(ctx, j, a.N)
			})
			h.start(w, fast(node))
		}
		const jobs = 200
		for i := 0; i < jobs; i += 50 {
			if err := h.db.InTx(ctx, func(tx *store.Tx) error {
				for n := i; n < i+50; n++ {
					if _, err := jobdb.Bind(tx).Enqueue(ctx, effect{N: n}, nil); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
		// SQLite works a job in three synchronous commits on the one writer
		// (fetch, effect, completion): under -race on a busy machine, slow.
		eventuallyWithin(t, 2*time.Minute, "every job's effect", func() bool { return h.effects() == jobs })
		if d := h.dups.Load(); d != 0 {
			t.Fatalf("%d jobs ran twice", d)
		}
		if a, b := byNode[0].Load(), byNode[1].Load(); a+b != jobs || a == 0 || b == 0 {
			t.Fatalf("node a ran %d, b %d: want both to share %d", a, b, jobs)
		}
	})
}

// A job cut off mid-run by its node stopping is retried by another node.
func TestQueue_JobCutOffIsRetriedElsewhere(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		started := make(chan struct{})
		var once sync.Once
		wa := job.NewWorkers()
		job.Register(wa, func(ctx context.Context, j job.Job, a effect) error {
			once.Do(func() { close(started) })
			<-ctx.Done() // never finishes by itself
			return ctx.Err()
		})
		qa, err := jobdb.New(h.db, wa, fast("a"))
		if err != nil {
			t.Fatal(err)
		}
		if err := qa.Start(ctx); err != nil {
			t.Fatal(err)
		}
		e, err := qa.Enqueue(ctx, effect{N: 7}, nil)
		if err != nil {
			t.Fatal(err)
		}
		<-started
		stopCtx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
		defer cancel()
		if err := qa.Stop(stopCtx); err != nil {
			t.Fatal(err)
		}
		if s := state(t, qa, e.ID).State; s != job.Available && s != job.Retryable {
			t.Fatalf("the cut-off job is %s, want waiting for a retry", s)
		}
		var byB atomic.Int64
		wb := job.NewWorkers()
		job.Register(wb, func(ctx context.Context, j job.Job, a effect) error {
			byB.Add(1)
			return h.record(ctx, j, a.N)
		})
		qb := h.start(wb, fast("b"))
		eventually(t, "node b to finish the job", func() bool { return state(t, qb, e.ID).State == job.Completed })
		if byB.Load() != 1 || h.effects() != 1 {
			t.Fatalf("node b ran it %d times, effects %d: want once", byB.Load(), h.effects())
		}
	})
}

// Producers writing and enqueueing in their transactions while two nodes
// work the jobs (each run a write of its own) never meet a busy database:
// on SQLite all of it shares the one writer connection.
func TestQueue_EnqueueUnderWriteLoad(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		h.start(h.effectWorkers(), fast("a"))
		h.start(h.effectWorkers(), fast("b"))
		if err := h.db.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, `CREATE TABLE load_rows (id BIGINT PRIMARY KEY)`)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		const producers, each = 16, 25
		var wg sync.WaitGroup
		errs := make(chan error, producers)
		for p := range producers {
			wg.Go(func() {
				for i := range each {
					n := p*each + i
					err := h.db.InTx(ctx, func(tx *store.Tx) error {
						if _, err := tx.Exec(ctx, `INSERT INTO load_rows (id) VALUES (?)`, n); err != nil {
							return err
						}
						_, err := jobdb.Bind(tx).Enqueue(ctx, effect{N: n}, nil)
						return err
					})
					if err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		eventuallyWithin(t, 2*time.Minute, "every job's effect", func() bool { return h.effects() == producers*each })
		if d := h.dups.Load(); d != 0 {
			t.Fatalf("%d jobs ran twice", d)
		}
	})
}

// Cancelling a running job marks it; when its run fails it ends cancelled,
// not retried.
func TestQueue_CancelARunningJob(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		running := make(chan struct{})
		var once sync.Once
		w := job.NewWorkers()
		job.Register(w, func(ctx context.Context, j job.Job, a effect) error {
			once.Do(func() { close(running) })
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(time.Second):
				return errors.New("gave up")
			}
		})
		q := h.start(w, fast("a"))
		e, err := q.Enqueue(ctx, effect{N: 1}, nil)
		if err != nil {
			t.Fatal(err)
		}
		<-running
		got, err := q.Cancel(ctx, e.ID)
		if err != nil || got.State != job.Running {
			t.Fatalf("cancel of a running job: %+v, %v; want it marked, still running", got, err)
		}
		eventually(t, "the job to end cancelled", func() bool { return state(t, q, e.ID).State == job.Cancelled })
		if in := state(t, q, e.ID); in.Attempt != 1 {
			t.Fatalf("cancelled job %+v: want no second attempt", in)
		}
	})
}

// blocker is a job that holds its worker until released.
type blocker struct{}

func (blocker) Kind() string { return "test.blocker" }

// TestQueue_OwnQueueIsNotHeldUpByTheDefault: a job in a queue of its own
// runs while every worker of the default queue is busy.
func TestQueue_OwnQueueIsNotHeldUpByTheDefault(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		release := make(chan struct{})
		defer close(release)
		w := h.effectWorkers()
		job.Register(w, func(ctx context.Context, _ job.Job, _ blocker) error {
			select {
			case <-release:
			case <-ctx.Done():
			}
			return nil
		})
		w.Queue("side", 2)
		cfg := fast("n1")
		cfg.Workers = 1
		q := h.start(w, cfg)
		ctx := context.Background()
		if _, err := q.Enqueue(ctx, blocker{}, nil); err != nil {
			t.Fatal(err)
		}
		eventually(t, "the blocker running", func() bool {
			page, err := q.List(ctx, job.Filter{State: job.Running})
			return err == nil && len(page.Jobs) == 1
		})
		side, err := q.Enqueue(ctx, effect{N: 1}, &job.Opts{Queue: "side"})
		if err != nil {
			t.Fatal(err)
		}
		eventually(t, "the side queue's job done", func() bool { return h.effects() == 1 })
		if in := state(t, q, side.ID); in.Queue != "side" {
			t.Fatalf("the job ran in queue %q", in.Queue)
		}
	})
}

// TestQueue_EnqueueManyInTransaction: jobs inserted together commit with
// their transaction, or not at all, and each runs once.
func TestQueue_EnqueueManyInTransaction(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		q := h.start(h.effectWorkers(), fast("a"))
		u := unit.New(h.db)
		rollback := errors.New("roll back")
		batch := func(from int) []job.Args {
			return []job.Args{effect{N: from}, effect{N: from + 1}, effect{N: from + 2}}
		}
		err := u.InTx(ctx, func(s app.Stores) error {
			if _, err := s.Jobs.EnqueueMany(ctx, batch(1), nil); err != nil {
				return err
			}
			return rollback
		})
		if !errors.Is(err, rollback) {
			t.Fatal(err)
		}
		var got []job.Enqueued
		if err := u.InTx(ctx, func(s app.Stores) (err error) {
			got, err = s.Jobs.EnqueueMany(ctx, batch(10), &job.Opts{MaxAttempts: 2})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 || got[0].ID == got[1].ID {
			t.Fatalf("enqueued %+v", got)
		}
		eventually(t, "the three jobs done", func() bool { return h.effects() == 3 })
		for _, e := range got {
			if in := state(t, q, e.ID); in.MaxAttempts != 2 {
				t.Fatalf("job %d: max attempts %d, want the opts' 2", e.ID, in.MaxAttempts)
			}
		}
		if page, _ := q.List(ctx, job.Filter{}); len(page.Jobs) != 3 {
			t.Fatalf("%d jobs, want only the committed three", len(page.Jobs))
		}
	})
}
