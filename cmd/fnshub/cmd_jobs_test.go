package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/job/jobdb"
	"github.com/fnshub/fnshub/internal/store/sqlite"
)

type later struct{}

func (later) Kind() string { return "test.later" }

func TestCLI_JobsListCancelRetry(t *testing.T) {
	c := newCLI(t)
	c.mustRun("", "migrate")
	db, err := sqlite.Open(c.env["FNSHUB_DATA"])
	if err != nil {
		t.Fatal(err)
	}
	q, err := jobdb.New(db, nil, jobdb.Config{})
	if err != nil {
		t.Fatal(err)
	}
	e, err := q.Enqueue(context.Background(), later{}, &job.Opts{At: time.Now().Add(time.Hour)})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	id := fmt.Sprint(e.ID)
	if out := c.mustRun("", "jobs", "list", "--state", "scheduled"); !strings.Contains(out, id+"   test.later  scheduled  0/10") {
		t.Fatalf("jobs list:\n%s", out)
	}
	if out := c.mustRun("", "jobs", "cancel", id); !strings.Contains(out, "job "+id+" (test.later) cancelled: now cancelled") {
		t.Fatalf("jobs cancel: %s", out)
	}
	if code, _, errw := c.run(context.Background(), "", "jobs", "cancel", id); code != exitFailed || !strings.Contains(errw, "already cancelled") {
		t.Fatalf("second cancel: exit %d %s", code, errw)
	}
	if out := c.mustRun("", "jobs", "retry", id); !strings.Contains(out, "retried: now available") {
		t.Fatalf("jobs retry: %s", out)
	}
	for _, args := range [][]string{{"jobs", "retry"}, {"jobs", "retry", "x"}, {"jobs", "list", id}, {"jobs"}} {
		if code, _, errw := c.run(context.Background(), "", args...); code != exitUsage {
			t.Errorf("fnshub %s: exit %d %s, want a usage error", strings.Join(args, " "), code, errw)
		}
	}
	if code, _, errw := c.run(context.Background(), "", "jobs", "list", "--state", "done"); code != exitFailed || !strings.Contains(errw, "unknown job state") {
		t.Errorf("bad state: exit %d %s", code, errw)
	}
}

// serve answers the jobs API and shows the queue in /metrics.
func TestCLI_ServeServesJobs(t *testing.T) {
	c := newCLI(t)
	c.mustRun("", "migrate")
	c.mustRun("a long enough password\n", "user", "add", "--name", "ops", "--role", "operations", "--password-stdin")
	token := strings.TrimSpace(c.mustRun("", "token", "create", "--user", "ops"))
	db, err := sqlite.Open(c.env["FNSHUB_DATA"])
	if err != nil {
		t.Fatal(err)
	}
	q, err := jobdb.New(db, nil, jobdb.Config{})
	if err == nil {
		_, err = q.Enqueue(context.Background(), later{}, &job.Opts{At: time.Now().Add(time.Hour)})
	}
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	c.env["FNSHUB_ADDR"] = "127.0.0.1:18947"
	c.env["FNSHUB_WORKERS"] = "3"
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { code, _, _ := c.run(ctx, "", "serve"); done <- code }()
	if body := getWhenUp(t, "http://127.0.0.1:18947/api/v1/jobs", token); !strings.HasPrefix(body, "200 ") || !strings.Contains(body, `"kind":"test.later"`) {
		t.Fatalf("jobs over HTTP: %s", body)
	}
	if body := getWhenUp(t, "http://127.0.0.1:18947/metrics", ""); !strings.Contains(body, `fnshub_jobs{kind="test.later",state="scheduled"} 1`) {
		t.Fatalf("metrics lack the queue:\n%s", body)
	} else if !strings.Contains(body, "fnshub_outbox_pending ") || !strings.Contains(body, "fnshub_outbox_oldest_pending_seconds ") {
		t.Fatalf("metrics lack the outbox backlog:\n%s", body)
	}
	stop()
	select {
	case code := <-done:
		if code != exitOK {
			t.Fatalf("serve exited %d after shutdown", code)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop on cancel")
	}
}
