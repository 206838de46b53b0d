package ledger

import (
	"context"
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/group"
)

// Options configure a Ledger.
type Options struct {
	Now      func() time.Time // the clock; time.Now when nil
	MaxBatch int              // most entries one commit may carry; 1 disables grouping; default 256
}

// Ledger is the books: validation in front of the store, and group commit.
type Ledger struct {
	store Store
	now   func() time.Time
	posts *group.Committer[Request, Outcome]
}

// New returns a Ledger over s. Close stops its committer.
func New(s Store, opt Options) *Ledger {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.MaxBatch <= 0 {
		opt.MaxBatch = 256
	}
	return &Ledger{store: s, now: opt.Now, posts: newCommitter(s, opt.Now, opt.MaxBatch)}
}

// Close waits for queued posts to commit and stops accepting new ones.
func (l *Ledger) Close() { l.posts.Close() }

// Result is a posted entry, and whether it was posted before under the same key.
type Result struct {
	Entry    Entry
	Replayed bool
}

// Post validates req and posts it, durably, before returning.
//
// Errors: Invalid (the message names the field), NotFound (an account or the
// reversed entry does not exist), Conflict (the source key was used with
// other content, or the entry was already reversed), Unavailable.
func (l *Ledger) Post(ctx context.Context, req Request) (Result, error) {
	if err := req.Validate(); err != nil {
		return Result{}, err
	}
	o := l.posts.Submit(ctx, req)
	if o.Err != nil {
		return Result{}, o.Err
	}
	return Result{Entry: o.Entry, Replayed: o.Replayed}, nil
}

// Reverse posts the reversal of entry id, in the entry's entity, under
// sourceKey. Errors as Post.
func (l *Ledger) Reverse(ctx context.Context, id int64, sourceKey, description string) (Result, error) {
	if description == "" {
		description = fmt.Sprintf("Reversal of entry %d", id)
	}
	orig, err := l.store.Entry(ctx, id)
	if err != nil {
		return Result{}, err
	}
	return l.Post(ctx, Request{Entity: orig.Entity, SourceKey: sourceKey, Description: description, Reverses: id})
}

// CreateAccount validates and adds an account. Errors: Invalid, Conflict.
func (l *Ledger) CreateAccount(ctx context.Context, a Account) (Account, error) {
	if err := a.Validate(); err != nil {
		return Account{}, err
	}
	a.CreatedAt = l.now().UTC().Truncate(time.Microsecond)
	if err := l.store.CreateAccount(ctx, a); err != nil {
		return Account{}, err
	}
	return a, nil
}

// InstallDefaultChart adds the accounts of DefaultChart that are missing.
func (l *Ledger) InstallDefaultChart(ctx context.Context) error {
	chart := DefaultChart()
	now := l.now().UTC().Truncate(time.Microsecond)
	for i := range chart {
		chart[i].CreatedAt = now
	}
	return l.store.EnsureAccounts(ctx, chart)
}

// Accounts lists the chart of accounts.
func (l *Ledger) Accounts(ctx context.Context) ([]Account, error) { return l.store.Accounts(ctx) }

// Entry returns one entry. Errors: NotFound.
func (l *Ledger) Entry(ctx context.Context, id int64) (Entry, error) { return l.store.Entry(ctx, id) }

// ReversedBy returns the entry that reverses id, or 0 when none does (an
// entry is reversed at most once).
func (l *Ledger) ReversedBy(ctx context.Context, id int64) (int64, error) {
	return l.store.ReversedBy(ctx, id)
}

// Entries pages through one entity's entries in chain order: those with an
// ID after the cursor, at most limit (1–1000). Entity 0 is DefaultEntity.
func (l *Ledger) Entries(ctx context.Context, entity, after int64, limit int) ([]Entry, error) {
	if limit < 1 || limit > 1000 {
		return nil, fault.Invalidf("limit", "limit_invalid", "limit must be between 1 and 1000, not %d", limit)
	}
	if entity == 0 {
		entity = DefaultEntity
	}
	if entity < 0 || entity > MaxEntity {
		return nil, fault.Invalidf("entity", "entity_invalid", "entity must be a legal entity id from 1 to %d, not %d", MaxEntity, entity)
	}
	return l.store.Entries(ctx, entity, after, limit)
}
