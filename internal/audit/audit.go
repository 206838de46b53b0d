// Package audit owns the audit log: who did what, when, through which door
// (a session, a token, the command line or the system itself), kept
// append-only and hash-chained so that a changed, removed or inserted row
// is found by Verify (docs/adr/0040-audit-log.md).
package audit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
)

// Via is how the actor reached fnshub.
type Via string

// The ways in.
const (
	ViaSession Via = "session"
	ViaToken   Via = "token"
	ViaCLI     Via = "cli"
	ViaSystem  Via = "system"
)

// Record is what is recorded of one action. Detail is a JSON object that
// callers have already stripped of secrets and personal data (Redact).
type Record struct {
	At     time.Time
	Actor  string // the user's name, or the operating-system user on the command line
	Role   string
	Via    Via
	Action string // "POST /api/v1/orders/{id}/hold", "cli user add"
	Target string // "order 12"
	Detail json.RawMessage
	Status int // the HTTP status answered; 0 outside HTTP
}

// Entry is a Record at its place in the chain.
type Entry struct {
	Seq int64
	Record
	PrevHash []byte
	Hash     []byte
}

// Filter selects entries, newest first; Before is the keyset cursor (the
// seq below which to continue).
type Filter struct {
	Actor, Action string
	From, To      time.Time // From inclusive, To exclusive; zero is open
	Before        int64
	Limit         int
}

// Store keeps the log. Append numbers the records after the chain head, in
// order, and hashes them, holding the head locked so that concurrent
// appends, from any number of processes, form one line.
type Store interface {
	Append(ctx context.Context, rs []Record) ([]Entry, error)
	// List returns entries matching f, newest first.
	List(ctx context.Context, f Filter) ([]Entry, error)
	// After returns up to limit entries with seq > after, oldest first.
	After(ctx context.Context, after int64, limit int) ([]Entry, error)
	// Head is the chain head: the last seq and its hash.
	Head(ctx context.Context) (seq int64, hash []byte, err error)
}

// Log records and reads the audit log. Records are group-committed, as
// the ledger's entries are (docs/adr/0005-ledger.md): one goroutine takes
// everything waiting into one append, so a busy API pays one transaction
// per group, not per call. Close stops it.
type Log struct {
	store    Store
	now      func() time.Time
	queue    chan *pending
	closing  chan struct{}
	stopped  chan struct{}
	closeOne sync.Once
}

// pending is one Record waiting for its group's commit.
type pending struct {
	rec  Record
	e    Entry
	err  error
	done chan struct{}
}

// MaxBatch bounds the records one append commits.
const MaxBatch = 256

// New returns a Log over s and starts its committer; a nil now is time.Now.
func New(s Store, now func() time.Time) *Log {
	if now == nil {
		now = time.Now
	}
	l := &Log{store: s, now: now, queue: make(chan *pending), closing: make(chan struct{}), stopped: make(chan struct{})}
	go l.commitLoop()
	return l
}

// Close commits what is queued and stops the committer; Record fails after.
func (l *Log) Close() {
	l.closeOne.Do(func() { close(l.closing) })
	<-l.stopped
}

// ErrClosed is Record's error after Close.
var ErrClosed = errors.New("audit: the log is closed")

// Record appends r, stamped now unless it carries a time, and returns it
// once its group committed. Errors: Invalid when Detail is not a JSON
// object or Via is unknown; ErrClosed; ctx's; the store's.
func (l *Log) Record(ctx context.Context, r Record) (Entry, error) {
	if r.At.IsZero() {
		r.At = l.now()
	}
	r.At = r.At.UTC().Truncate(time.Microsecond)
	if len(r.Detail) == 0 {
		r.Detail = json.RawMessage(`{}`)
	}
	if err := r.check(); err != nil {
		return Entry{}, err
	}
	p := &pending{rec: r, done: make(chan struct{})}
	select {
	case l.queue <- p:
	case <-l.closing:
		return Entry{}, ErrClosed
	case <-ctx.Done():
		return Entry{}, ctx.Err()
	}
	select {
	case <-p.done:
	case <-ctx.Done():
		return Entry{}, ctx.Err() // it may still commit
	}
	if p.err != nil {
		return Entry{}, fmt.Errorf("audit: record %s: %w", r.Action, p.err)
	}
	return p.e, nil
}

func (r Record) check() error {
	switch r.Via {
	case ViaSession, ViaToken, ViaCLI, ViaSystem:
	default:
		return fault.Invalidf("via", "via_invalid", "via %q must be session, token, cli or system", r.Via)
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(r.Detail, &obj); err != nil || obj == nil {
		return fault.Invalidf("detail", "detail_invalid", "the audit detail must be a JSON object")
	}
	return nil
}

// MaxLimit bounds one page of List.
const MaxLimit = 1000

// List returns entries matching f, newest first, and whether more follow.
func (l *Log) List(ctx context.Context, f Filter) ([]Entry, bool, error) {
	if f.Limit <= 0 || f.Limit > MaxLimit {
		f.Limit = MaxLimit
	}
	want := f.Limit
	f.Limit++
	es, err := l.store.List(ctx, f)
	if err != nil {
		return nil, false, fmt.Errorf("audit: list: %w", err)
	}
	if len(es) > want {
		return es[:want], true, nil
	}
	return es, false, nil
}

// Each calls fn with every entry matching f, newest first, a page at a time,
// for exports of any length.
func (l *Log) Each(ctx context.Context, f Filter, fn func(Entry) error) error {
	for {
		page, more, err := l.List(ctx, f)
		if err != nil {
			return err
		}
		for _, e := range page {
			if err := fn(e); err != nil {
				return err
			}
		}
		if !more || len(page) == 0 {
			return nil
		}
		f.Before = page[len(page)-1].Seq
	}
}
