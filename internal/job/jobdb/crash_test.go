package jobdb_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/job/jobdb"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/postgres"
	"github.com/fnshub/fnshub/internal/store/sqlite"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// The crashing node runs in a child process of the test binary, named by
// these variables: it takes the job and exits mid-run, as a killed process
// would, leaving the job running in the database.
const (
	crashEngine = "FNSHUB_JOBTEST_CRASH_ENGINE"
	crashDSN    = "FNSHUB_JOBTEST_CRASH_DSN"
)

func openDSN(ctx context.Context, engine, dsn string) (*store.DB, error) {
	if engine == "postgres" {
		return postgres.Open(ctx, dsn, 4)
	}
	return sqlite.Open(dsn)
}

// TestMain runs the crashing node instead of the tests when the variables
// name its database.
func TestMain(m *testing.M) {
	if engine := os.Getenv(crashEngine); engine != "" {
		crashNode(engine, os.Getenv(crashDSN))
	}
	os.Exit(m.Run())
}

// crashNode takes the job and exits mid-run with status 3: nothing of the
// attempt is recorded. Any other exit is a failure of the setup.
func crashNode(engine, dsn string) {
	ctx := context.Background()
	db, err := openDSN(ctx, engine, dsn)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	w := job.NewWorkers()
	job.Register(w, func(ctx context.Context, j job.Job, a effect) error {
		os.Exit(3)
		return nil
	})
	q, err := jobdb.New(db, w, fast("crashing"))
	if err == nil {
		err = q.Start(ctx)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	time.Sleep(time.Minute)
	fmt.Fprintln(os.Stderr, "the job never ran")
	os.Exit(1)
}

// A job whose node died mid-run stays running until it has been running
// longer than RescueAfter; then it is retried elsewhere, and runs once to
// effect.
func TestQueue_JobOfACrashedNodeIsRescued(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db, dsn := namedDB(t, e.Name)
			h := &harness{t: t, db: db}
			prepare(t, h)
			q, err := jobdb.New(db, nil, fast("enqueuer"))
			if err != nil {
				t.Fatal(err)
			}
			stuck, err := q.Enqueue(ctx, effect{N: 1}, nil)
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(os.Args[0])
			cmd.Env = append(os.Environ(), crashEngine+"="+e.Name, crashDSN+"="+dsn)
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 3 {
				t.Fatalf("crashing node: %v\n%s", err, out)
			}
			if s := state(t, q, stuck.ID).State; s != job.Running {
				t.Fatalf("the crashed node's job is %s, want still running", s)
			}
			cfg := fast("rescuer")
			cfg.Timeout, cfg.RescueAfter = 500*time.Millisecond, time.Second
			time.Sleep(cfg.RescueAfter) // the rescuer looks at start, then every 30 s
			h.start(h.effectWorkers(), cfg)
			eventuallyWithin(t, time.Minute, "the rescued job to complete", func() bool { return state(t, q, stuck.ID).State == job.Completed })
			if in := state(t, q, stuck.ID); in.Attempt != 2 || h.effects() != 1 {
				t.Fatalf("job %+v, effects %d: want done on the second attempt, once", in, h.effects())
			}
		})
	}
}

// namedDB opens a migrated database that another process can open too:
// a SQLite directory, or the URL of a scratch PostgreSQL database.
func namedDB(t *testing.T, engine string) (*store.DB, string) {
	t.Helper()
	ctx := context.Background()
	if engine == "sqlite" {
		dir := t.TempDir()
		db, err := sqlite.Open(dir)
		if err == nil {
			_, err = db.Migrate(ctx)
		}
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db, dir
	}
	db, dbURL, drop, err := postgres.OpenScratchURL(ctx, os.Getenv(storetest.PostgresURLVar), "t", 8)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	return db, dbURL
}
