package httpapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/job/jobdb"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/prometheus/client_golang/prometheus"
)

type flaky struct {
	Order int `json:"order"`
}

func (flaky) Kind() string { return "test.flaky" }

// A job that fails every attempt ends discarded, is listed as such, is
// retried from the API and then runs; retrying or cancelling what already
// finished answers 409 saying why.
func TestAPI_JobsListRetryCancel(t *testing.T) {
	ctx := context.Background()
	db := storetest.SQLite(t)
	if _, err := jobdb.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	var fail atomic.Bool
	fail.Store(true)
	w := job.NewWorkers()
	job.Register(w, func(ctx context.Context, j job.Job, a flaky) error {
		if fail.Load() {
			return errors.New("the platform is down")
		}
		return nil
	})
	q, err := jobdb.New(db, w, jobdb.Config{Poll: 20 * time.Millisecond, Backoff: 10 * time.Millisecond, MaxBackoff: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = q.Stop(context.Background()) })
	x := newAPIWith(t, db, func(d *Deps) { d.Jobs = q })

	failing, err := q.Enqueue(ctx, flaky{Order: 1}, &job.Opts{MaxAttempts: 2})
	if err != nil {
		t.Fatal(err)
	}
	later, err := q.Enqueue(ctx, flaky{Order: 2}, &job.Opts{At: time.Now().Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	jobState := func(id int64) string {
		for _, it := range x.mustDo(auth.Operations, "GET", "/api/v1/jobs?kind=test.flaky", "")["items"].([]any) {
			if it := it.(map[string]any); int64(it["id"].(float64)) == id {
				return it["state"].(string)
			}
		}
		return "missing"
	}
	waitState(t, func() string { return jobState(failing.ID) }, "discarded")
	dead := x.mustDo(auth.Operations, "GET", "/api/v1/jobs?state=discarded", "")["items"].([]any)
	if len(dead) != 1 || len(dead[0].(map[string]any)["errors"].([]any)) != 2 {
		t.Fatalf("dead letters = %v: want the one job with its two errors", dead)
	}

	fail.Store(false)
	retried := x.mustDo(auth.Operations, "POST", fmt.Sprintf("/api/v1/jobs/%d/retry", failing.ID), "")
	if retried["result"] != "retried" {
		t.Fatalf("retry answered %v", retried)
	}
	waitState(t, func() string { return jobState(failing.ID) }, "completed")
	status, _, body := x.do(auth.Operations, "POST", fmt.Sprintf("/api/v1/jobs/%d/retry", failing.ID), "")
	if status != http.StatusConflict || errorCode(body) != "job_completed" || !strings.Contains(fmt.Sprint(body["error"]), "already completed") {
		t.Fatalf("retry of a completed job: %d %v", status, body)
	}
	status, _, body = x.do(auth.Operations, "POST", fmt.Sprintf("/api/v1/jobs/%d/cancel", failing.ID), "")
	if status != http.StatusConflict || errorCode(body) != "job_completed" {
		t.Fatalf("cancel of a completed job: %d %v", status, body)
	}

	cancelled := x.mustDo(auth.Admin, "POST", fmt.Sprintf("/api/v1/jobs/%d/cancel", later.ID), "")
	if cancelled["result"] != "cancelled" || cancelled["job"].(map[string]any)["state"] != "cancelled" {
		t.Fatalf("cancel answered %v", cancelled)
	}
	if status, _, body := x.do(auth.Admin, "POST", fmt.Sprintf("/api/v1/jobs/%d/cancel", later.ID), ""); status != http.StatusConflict {
		t.Fatalf("second cancel: %d %v", status, body)
	}

	for _, c := range []struct {
		role   auth.Role
		path   string
		status int
		code   string
	}{
		{auth.Operations, "/api/v1/jobs?state=done", http.StatusBadRequest, "job_state_invalid"},
		{auth.Operations, "/api/v1/jobs?limit=501", http.StatusBadRequest, "limit_invalid"},
		{auth.Operations, "/api/v1/jobs?cursor=x", http.StatusBadRequest, "cursor_invalid"},
		{auth.Finance, "/api/v1/jobs", http.StatusForbidden, ""},
		{auth.Viewer, "/api/v1/jobs", http.StatusForbidden, ""},
	} {
		if status, _, body := x.do(c.role, "GET", c.path, ""); status != c.status || (c.code != "" && errorCode(body) != c.code) {
			t.Errorf("%s GET %s: %d %v, want %d %s", c.role, c.path, status, body, c.status, c.code)
		}
	}
	if status, _, body := x.do(auth.Operations, "POST", "/api/v1/jobs/999999/retry", ""); status != http.StatusNotFound || errorCode(body) != "job_not_found" {
		t.Fatalf("retry of an unknown job: %d %v", status, body)
	}

	page := x.mustDo(auth.Operations, "GET", "/api/v1/jobs?limit=1", "")
	if len(page["items"].([]any)) != 1 || page["next_cursor"] == "" {
		t.Fatalf("first page = %v", page)
	}
	next := x.mustDo(auth.Operations, "GET", "/api/v1/jobs?limit=1&cursor="+page["next_cursor"].(string), "")
	if len(next["items"].([]any)) != 1 || next["next_cursor"] != "" {
		t.Fatalf("second page = %v", next)
	}
}

// The queue's depth per state and kind, and its failures, are in /metrics.
func TestAPI_JobMetrics(t *testing.T) {
	ctx := context.Background()
	db := storetest.SQLite(t)
	if _, err := jobdb.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	w := job.NewWorkers()
	job.Register(w, func(ctx context.Context, j job.Job, a flaky) error { return errors.New("no") })
	q, err := jobdb.New(db, w, jobdb.Config{Poll: 20 * time.Millisecond, Backoff: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = q.Stop(context.Background()) })
	x := newAPIWith(t, db, func(d *Deps) {
		d.Jobs = q
		d.Registry = newRegistry(q.Metrics())
	})
	if _, err := q.Enqueue(ctx, flaky{}, &job.Opts{MaxAttempts: 2}); err != nil {
		t.Fatal(err)
	}
	if _, err := q.Enqueue(ctx, flaky{}, &job.Opts{At: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	want := []string{`fnshub_jobs{kind="test.flaky",state="discarded"} 1`, `fnshub_jobs{kind="test.flaky",state="scheduled"} 1`,
		`fnshub_job_failures_total{kind="test.flaky",outcome="retry"} 1`, `fnshub_job_failures_total{kind="test.flaky",outcome="discarded"} 1`}
	waitState(t, func() string {
		resp, err := x.srv.Client().Get(x.srv.URL + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		for _, w := range want {
			if !strings.Contains(string(b), w) {
				return "missing " + w + " in\n" + string(b)
			}
		}
		return "ok"
	}, "ok")
}

func waitState(t *testing.T, get func() string, want string) {
	t.Helper()
	got := ""
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(30 * time.Millisecond) {
		if got = get(); got == want {
			return
		}
	}
	t.Fatalf("still %q, want %q", got, want)
}

func newRegistry(cs ...prometheus.Collector) *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(cs...)
	return reg
}

func TestAPI_JobsWithoutAQueueAnswer503(t *testing.T) {
	x := newAPI(t)
	if status, _, body := x.do(auth.Admin, "GET", "/api/v1/jobs", ""); status != http.StatusServiceUnavailable || errorCode(body) != "jobs_unavailable" {
		t.Fatalf("jobs without a queue: %d %v", status, body)
	}
}
