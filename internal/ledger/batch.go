package ledger

import (
	"context"
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/group"
)

// postLinger bounds how long a busy committer holds a group open.
const postLinger = time.Millisecond

// newCommitter groups concurrent posts into one transaction: while one group
// commits (and fsyncs), the next one gathers. See docs/adr/0005-ledger.md.
// A busy committer lingers up to postLinger for the posters its last group
// answered, as ingestion's does (docs/adr/0012-order-ingestion.md): fuller
// groups won back what entities and dimensions cost per entry
// (BENCHMARKS.md, issue 7).
func newCommitter(s Store, now func() time.Time, maxBatch int) *group.Committer[Request, Outcome] {
	run := func(ctx context.Context, reqs []Request) ([]Outcome, error) { return s.Post(ctx, reqs, now()) }
	failed := func(err error) Outcome { return Outcome{Err: fmt.Errorf("ledger: post: %w", err)} }
	return group.NewLinger(run, failed, maxBatch, postLinger)
}
