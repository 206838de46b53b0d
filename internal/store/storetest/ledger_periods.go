package storetest

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/ledger/ledgerdb"
	"github.com/fnshub/fnshub/internal/store"
)

// shanghai is the default entity's zone: a month's books end at 16:00 UTC.
var shanghai = time.FixedZone("CST", 8*3600)

// cst is a wall-clock time in the default entity's zone.
func cst(y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, shanghai).UTC()
}

// periodBooks is a ledger, its periods and a clock the test moves.
type periodBooks struct {
	l   *ledger.Ledger
	ps  *ledger.Periods
	db  *store.DB
	now atomic.Int64 // unix µs
}

func newPeriodBooks(t *testing.T, open Opener, now time.Time) *periodBooks {
	b := &periodBooks{}
	b.now.Store(now.UnixMicro())
	clock := func() time.Time { return time.UnixMicro(b.now.Load()).UTC() }
	b.l, b.db = NewLedger(t, open, ledger.Options{Now: clock})
	b.ps = ledger.NewPeriods(b.l, ledgerdb.New(b.db), nil)
	return b
}

func (b *periodBooks) post(t *testing.T, entity int64, key, amount string, at time.Time) ledger.Entry {
	t.Helper()
	r := Sale(t, key, amount)
	r.Entity, r.EffectiveAt = entity, at
	res, err := b.l.Post(context.Background(), r)
	must(t, err)
	return res.Entry
}

func (b *periodBooks) close(t *testing.T, entity int64, p string) ledger.CloseResult {
	t.Helper()
	res, err := b.ps.Close(context.Background(), entity, period(t, p), "tester")
	must(t, err)
	return res
}

func period(t testing.TB, s string) ledger.Period {
	p, err := ledger.ParsePeriod("period", s)
	must(t, err)
	return p
}

// ExercisePeriods runs period close against one engine.
func ExercisePeriods(t *testing.T, open Opener) {
	ctx := context.Background()
	t.Run("an entry dated in a closed month posts at the open month's start and keeps its date", func(t *testing.T) {
		t.Parallel()
		b := newPeriodBooks(t, open, cst(2026, 12, 2, 10))
		b.post(t, 1, "nov-15", "10.00", cst(2026, 11, 15, 12))
		res := b.close(t, 1, "2026-11")
		if len(res.Closed) != 1 || res.Duplicate || res.Closed[0].Period.String() != "2026-11" {
			t.Fatalf("close = %+v, want 2026-11 closed", res)
		}
		late := b.post(t, 1, "nov-20", "5.00", cst(2026, 11, 20, 9))
		if !late.EffectiveAt.Equal(cst(2026, 12, 1, 0)) || !late.DatedFor.Equal(cst(2026, 11, 20, 9)) {
			t.Fatalf("late item effective %v dated for %v, want %v for %v", late.EffectiveAt, late.DatedFor, cst(2026, 12, 1, 0), cst(2026, 11, 20, 9))
		}
		got, err := b.l.Entry(ctx, late.ID)
		must(t, err)
		if !got.DatedFor.Equal(late.DatedFor) || !got.EffectiveAt.Equal(late.EffectiveAt) {
			t.Fatalf("read back effective %v dated for %v", got.EffectiveAt, got.DatedFor)
		}
		// One hour into December in Shanghai is still November in UTC: the
		// entity's zone decides, so it is not late.
		dec := b.post(t, 1, "dec-1", "1.00", cst(2026, 12, 1, 1))
		if !dec.DatedFor.IsZero() || !dec.EffectiveAt.Equal(cst(2026, 12, 1, 1)) {
			t.Fatalf("an entry in the open month was moved: %+v", dec)
		}
		// Replaying the late item is a replay, not a second move.
		again, err := b.l.Post(ctx, func() ledger.Request { r := Sale(t, "nov-20", "5.00"); r.EffectiveAt = cst(2026, 11, 20, 9); return r }())
		must(t, err)
		if !again.Replayed || again.Entry.ID != late.ID {
			t.Fatalf("replay = %+v, want entry %d replayed", again, late.ID)
		}
		assertChecks(t, b.l)
	})
	t.Run("a reversal of a closed month's entry posts in the open month", func(t *testing.T) {
		t.Parallel()
		b := newPeriodBooks(t, open, cst(2026, 12, 2, 10))
		orig := b.post(t, 1, "nov-15", "10.00", cst(2026, 11, 15, 12))
		b.close(t, 1, "2026-11")
		res, err := b.l.Post(ctx, ledger.Request{SourceKey: "rev", Reverses: orig.ID, EffectiveAt: orig.EffectiveAt})
		must(t, err)
		if !res.Entry.EffectiveAt.Equal(cst(2026, 12, 1, 0)) || !res.Entry.DatedFor.Equal(orig.EffectiveAt) {
			t.Fatalf("reversal effective %v dated for %v", res.Entry.EffectiveAt, res.Entry.DatedFor)
		}
		tb, err := b.l.TrialBalance(ctx, 1, cst(2026, 12, 1, 0).Add(-time.Microsecond))
		must(t, err)
		if len(tb.Totals) != 1 || tb.Totals[0].Debit.Minor() != 1000 {
			t.Fatalf("November's trial balance moved after its close: %+v", tb.Totals)
		}
		assertChecks(t, b.l)
	})
	t.Run("closing a month closes the open months before it, once", func(t *testing.T) {
		t.Parallel()
		b := newPeriodBooks(t, open, cst(2026, 12, 2, 10))
		b.post(t, 2, "sep", "1.00", cst(2026, 9, 3, 12))
		res := b.close(t, 2, "2026-11")
		if len(res.Closed) != 3 || res.Closed[0].Period.String() != "2026-09" || res.Closed[2].Period.String() != "2026-11" {
			t.Fatalf("closed %+v, want 2026-09 to 2026-11", res.Closed)
		}
		if !res.Closed[1].Start.Equal(res.Closed[0].End) || !res.Closed[2].End.Equal(cst(2026, 12, 1, 0)) {
			t.Fatalf("months do not abut: %+v", res.Closed)
		}
		again := b.close(t, 2, "2026-10")
		if !again.Duplicate || again.Closed[0].Status != ledger.PeriodClosed {
			t.Fatalf("closing a closed month = %+v, want duplicate", again)
		}
		_, err := b.ps.Close(ctx, 2, period(t, "2026-12"), "tester")
		wantKind(t, err, fault.Invalid)
		_, err = b.ps.Close(ctx, 2, ledger.Period{}, "tester")
		wantKind(t, err, fault.Invalid)
		recs, err := b.ps.List(ctx, 2)
		must(t, err)
		if len(recs) != 3 || string(recs[0].Report) == "{}" {
			t.Fatalf("records = %+v, want three with their reports", recs)
		}
		own, err := b.ps.List(ctx, 1)
		must(t, err)
		if len(own) != 0 {
			t.Fatalf("entity 1 has periods %+v; closes are per entity", own)
		}
	})
	t.Run("reopening takes a reason, reopens later months, and lets entries in", func(t *testing.T) {
		t.Parallel()
		b := newPeriodBooks(t, open, cst(2026, 12, 2, 10))
		b.post(t, 1, "oct", "1.00", cst(2026, 10, 5, 12))
		b.close(t, 1, "2026-11")
		_, err := b.ps.Reopen(ctx, 1, period(t, "2026-10"), "admin", "  ")
		wantKind(t, err, fault.Invalid)
		_, err = b.ps.Reopen(ctx, 1, period(t, "2026-12"), "admin", "typo")
		wantKind(t, err, fault.Conflict)
		reopened, err := b.ps.Reopen(ctx, 1, period(t, "2026-10"), "admin", "supplier invoice found")
		must(t, err)
		if len(reopened) != 2 || reopened[1].Status != ledger.PeriodOpen || reopened[0].ReopenReason != "supplier invoice found" {
			t.Fatalf("reopened %+v, want 2026-10 and 2026-11 open with the reason", reopened)
		}
		in := b.post(t, 1, "oct-late", "2.00", cst(2026, 10, 20, 12))
		if !in.DatedFor.IsZero() || !in.EffectiveAt.Equal(cst(2026, 10, 20, 12)) {
			t.Fatalf("entry into a reopened month was moved: %+v", in)
		}
		closed := b.close(t, 1, "2026-10")
		if len(closed.Closed) != 1 || closed.Duplicate {
			t.Fatalf("closing again = %+v", closed)
		}
		moved := b.post(t, 1, "oct-later", "3.00", cst(2026, 10, 21, 12))
		if !moved.EffectiveAt.Equal(cst(2026, 11, 1, 0)) {
			t.Fatalf("after the second close an October entry posts at %v, want November's start", moved.EffectiveAt)
		}
		assertChecks(t, b.l)
	})
	t.Run("the close report equals an independent sum", func(t *testing.T) {
		t.Parallel()
		b := newPeriodBooks(t, open, cst(2026, 12, 2, 10))
		b.post(t, 1, "a", "10.00", cst(2026, 11, 1, 0))
		b.post(t, 1, "b", "2.50", cst(2026, 11, 30, 23))
		b.post(t, 1, "c", "7.00", cst(2026, 12, 1, 0))
		b.close(t, 1, "2026-11")
		b.post(t, 1, "d", "1.25", cst(2026, 11, 10, 0))
		for _, tc := range []struct{ p, from, to string }{{"2026-11", "2026-11-01", "2026-12-01"}, {"2026-12", "2026-12-01", "2027-01-01"}} {
			rep, err := b.ps.Report(ctx, 1, period(t, tc.p))
			must(t, err)
			start, end := period(t, tc.p).Bounds(shanghai)
			var entries, late, upToEnd int64
			must(t, ledgerdb.New(b.db).Walk(ctx, func(e ledger.Entry) error {
				if e.EffectiveAt.Before(end) {
					upToEnd += e.Postings[0].Amount.Minor()
				}
				if !e.EffectiveAt.Before(start) && e.EffectiveAt.Before(end) {
					entries++
					if !e.DatedFor.IsZero() {
						late++
					}
				}
				return nil
			}))
			if rep.Entries != entries || rep.LateItems != late || len(rep.Totals) != 1 || rep.Totals[0].Debit.Minor() != upToEnd ||
				rep.Totals[0].Credit.Minor() != upToEnd || rep.Recon.UnreconciledPayouts != 0 {
				t.Fatalf("%s report = %d entries, %d late, totals %+v; an independent sum says %d, %d, %d", tc.p, rep.Entries, rep.LateItems, rep.Totals, entries, late, upToEnd)
			}
		}
	})
	t.Run("check finds an entry inside a month closed before it was posted", func(t *testing.T) {
		t.Parallel()
		b := newPeriodBooks(t, open, cst(2026, 12, 2, 10))
		first := b.post(t, 1, "a", "10.00", cst(2026, 11, 3, 0))
		b.close(t, 1, "2026-11")
		assertChecks(t, b.l)
		// As if the close had happened before the entry was posted.
		Corrupt(t, b.db, `UPDATE ledger_periods SET closed_seq = 0`)
		rep, err := b.l.Check(ctx)
		must(t, err)
		if !hasProblem(rep, first.ID, ledger.RuleClosedPeriods) {
			t.Fatalf("check missed an entry inside a closed month: %v", rep.Problems)
		}
	})
	t.Run("a post racing a close never lands inside the closed month", func(t *testing.T) {
		t.Parallel()
		b := newPeriodBooks(t, open, cst(2026, 12, 2, 10))
		b.post(t, 1, "seed", "1.00", cst(2026, 11, 2, 0))
		var wg sync.WaitGroup
		const posters, each = 4, 15
		for g := range posters {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					r := Sale(t, "race-"+strconv.Itoa(g)+"-"+strconv.Itoa(i), "1.00")
					r.EffectiveAt = cst(2026, 11, 30, 12)
					if _, err := b.l.Post(ctx, r); err != nil {
						t.Error(err)
					}
				}
			}()
		}
		time.Sleep(2 * time.Millisecond)
		closed := b.close(t, 1, "2026-11").Closed[0]
		wg.Wait()
		must(t, ledgerdb.New(b.db).Walk(ctx, func(e ledger.Entry) error {
			if e.Seq > closed.ClosedSeq && e.EffectiveAt.Before(closed.End) {
				t.Errorf("entry %d, posted after the close (entry %d), is effective %v inside November", e.ID, closed.ClosedSeq, e.EffectiveAt)
			}
			return nil
		}))
		assertChecks(t, b.l)
	})
}
