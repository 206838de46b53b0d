package ledger

import (
	"context"
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/group"
)

// newCommitter groups concurrent posts into one transaction: while one group
// commits (and fsyncs), the next one gathers. See docs/adr/0005-ledger.md.
func newCommitter(s Store, now func() time.Time, maxBatch int) *group.Committer[Request, Outcome] {
	run := func(ctx context.Context, reqs []Request) ([]Outcome, error) { return s.Post(ctx, reqs, now()) }
	failed := func(err error) Outcome { return Outcome{Err: fmt.Errorf("ledger: post: %w", err)} }
	return group.New(run, failed, maxBatch)
}
