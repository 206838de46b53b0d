package job_test

import (
	"context"
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/job"
)

// relayArgs is a periodic job's args: nothing to say but its kind.
type relayArgs struct{}

func (relayArgs) Kind() string { return "outbox.relay" }

// deliver stands for the outbox relay's Deliver(ctx, limit).
func deliver(ctx context.Context, limit int) (int, error) { return 0, nil }

// A periodic kind is a handler and an interval. The leader enqueues it at
// start and then every second, one at a time; an error retries it with
// backoff like any job.
func ExampleWorkers_Every() {
	w := job.NewWorkers()
	job.Register(w, func(ctx context.Context, j job.Job, _ relayArgs) error {
		_, err := deliver(ctx, 500)
		return err
	})
	w.Every(time.Second, relayArgs{})
	for _, p := range w.PeriodicKinds() {
		fmt.Println(p.Args.Kind(), p.Interval)
	}
	// Output: outbox.relay 1s
}
