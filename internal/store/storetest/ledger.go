package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/ledger/ledgerdb"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/store"
)

// NewLedger returns a ledger with the default chart over a fresh database.
func NewLedger(t testing.TB, open Opener, opt ledger.Options) (*ledger.Ledger, *store.DB) {
	t.Helper()
	db := open(t)
	l := ledger.New(ledgerdb.New(db), opt)
	t.Cleanup(l.Close)
	if err := l.InstallDefaultChart(context.Background()); err != nil {
		t.Fatalf("install chart: %v", err)
	}
	return l, db
}

// CNY parses a CNY amount or fails the test.
func CNY(t testing.TB, s string) money.Amount {
	t.Helper()
	a, err := money.Parse(s, "CNY")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// Sale is a balanced two-line entry: platform receivable (with the order
// named key as its source) against revenue.
func Sale(t testing.TB, key, amount string) ledger.Request {
	a := CNY(t, amount)
	neg, _ := a.Neg()
	return ledger.Request{SourceKey: key, Description: "sale " + key, Postings: []ledger.Posting{
		{Account: "1122", Amount: a, Dims: ledger.Dims{Source: ledger.Source{Kind: ledger.SourceOrder, ID: key}}}, {Account: "6001", Amount: neg}}}
}

// ExerciseLedger runs the ledger's storage contract against one engine.
func ExerciseLedger(t *testing.T, open Opener) {
	ctx := context.Background()
	t.Run("a posted entry reads back with its postings and chain", func(t *testing.T) {
		t.Parallel()
		l, _ := NewLedger(t, open, ledger.Options{})
		r, err := l.Post(ctx, Sale(t, "order-1", "113.00"))
		must(t, err)
		got, err := l.Entry(ctx, r.Entry.ID)
		must(t, err)
		if got.ID != 1 || len(got.Postings) != 2 || got.Postings[0].Amount.Minor() != 11300 || string(got.Hash) != string(r.Entry.Hash) {
			t.Fatalf("read back %+v, posted %+v", got, r.Entry)
		}
		if len(got.PrevHash) != 0 || len(got.Hash) != 32 {
			t.Fatalf("first entry chains from the empty hash; got prev %x hash %x", got.PrevHash, got.Hash)
		}
		assertChecks(t, l)
	})
	t.Run("the same key and content replays the original entry", func(t *testing.T) {
		t.Parallel()
		l, _ := NewLedger(t, open, ledger.Options{})
		first, err := l.Post(ctx, Sale(t, "k", "10.00"))
		must(t, err)
		again, err := l.Post(ctx, Sale(t, "k", "10.00"))
		must(t, err)
		if !again.Replayed || again.Entry.ID != first.Entry.ID || len(again.Entry.Postings) != 2 {
			t.Fatalf("replay = %+v, want the original entry %d", again, first.Entry.ID)
		}
		assertEntryCount(t, l, 1)
	})
	t.Run("the same key with other content is a conflict and changes nothing", func(t *testing.T) {
		t.Parallel()
		l, _ := NewLedger(t, open, ledger.Options{})
		_, err := l.Post(ctx, Sale(t, "k", "10.00"))
		must(t, err)
		_, err = l.Post(ctx, Sale(t, "k", "10.01"))
		wantKind(t, err, fault.Conflict)
		assertEntryCount(t, l, 1)
		assertChecks(t, l)
	})
	t.Run("unknown accounts and unbalanced entries are refused", func(t *testing.T) {
		t.Parallel()
		l, _ := NewLedger(t, open, ledger.Options{})
		bad := Sale(t, "k1", "5.00")
		bad.Postings[1].Account = "9999"
		_, err := l.Post(ctx, bad)
		wantKind(t, err, fault.NotFound)
		unbalanced := Sale(t, "k2", "5.00")
		unbalanced.Postings[1].Amount = CNY(t, "-4.99")
		_, err = l.Post(ctx, unbalanced)
		wantKind(t, err, fault.Invalid)
		assertEntryCount(t, l, 0)
	})
	t.Run("a reversal negates the original once", func(t *testing.T) {
		t.Parallel()
		l, _ := NewLedger(t, open, ledger.Options{})
		orig, err := l.Post(ctx, Sale(t, "sale", "20.00"))
		must(t, err)
		rev, err := l.Reverse(ctx, orig.Entry.ID, "refund", "")
		must(t, err)
		if rev.Entry.Reverses != orig.Entry.ID || rev.Entry.Postings[0].Amount.Minor() != -2000 {
			t.Fatalf("reversal = %+v", rev.Entry)
		}
		_, err = l.Reverse(ctx, orig.Entry.ID, "refund-again", "")
		wantKind(t, err, fault.Conflict)
		if by, err := l.ReversedBy(ctx, orig.Entry.ID); err != nil || by != rev.Entry.ID {
			t.Fatalf("ReversedBy(original) = %d, %v; want the reversal %d", by, err, rev.Entry.ID)
		}
		if by, err := l.ReversedBy(ctx, rev.Entry.ID); err != nil || by != 0 {
			t.Fatalf("ReversedBy(reversal) = %d, %v; want 0", by, err)
		}
		_, err = l.Reverse(ctx, 999, "nothing", "")
		wantKind(t, err, fault.NotFound)
		tb, err := l.TrialBalance(ctx, 1, time.Now().Add(time.Hour))
		must(t, err)
		if len(tb.Lines) != 0 {
			t.Fatalf("after a reversal every balance is zero; trial balance has %v", tb.Lines)
		}
		assertChecks(t, l)
	})
	t.Run("the trial balance is taken as of a time and balances", func(t *testing.T) {
		t.Parallel()
		l, _ := NewLedger(t, open, ledger.Options{})
		day := time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)
		for i, amt := range []string{"1.00", "2.00", "4.00"} {
			r := Sale(t, fmt.Sprint("d", i), amt)
			r.EffectiveAt = day.Add(time.Duration(i) * 24 * time.Hour)
			_, err := l.Post(ctx, r)
			must(t, err)
		}
		tb, err := l.TrialBalance(ctx, 1, day.Add(36*time.Hour))
		must(t, err)
		if len(tb.Totals) != 1 || tb.Totals[0].Debit.Minor() != 300 || !tb.Totals[0].Balanced() {
			t.Fatalf("trial balance at day 1.5 = %+v, want debits 3.00 balanced", tb.Totals)
		}
	})
	t.Run("entries page in order after a cursor", func(t *testing.T) {
		t.Parallel()
		l, _ := NewLedger(t, open, ledger.Options{})
		for i := range 7 {
			_, err := l.Post(ctx, Sale(t, fmt.Sprint("p", i), "1.00"))
			must(t, err)
		}
		page, err := l.Entries(ctx, 1, 3, 3)
		must(t, err)
		if len(page) != 3 || page[0].ID != 4 || page[2].ID != 6 || len(page[1].Postings) != 2 {
			t.Fatalf("page after 3 = %d entries starting %v", len(page), page)
		}
	})
	t.Run("posted rows refuse UPDATE and DELETE", func(t *testing.T) {
		t.Parallel()
		l, db := NewLedger(t, open, ledger.Options{})
		_, err := l.Post(ctx, Sale(t, "k", "1.00"))
		must(t, err)
		for _, q := range []string{`UPDATE ledger_postings SET amount_minor = 1`, `DELETE FROM ledger_postings`,
			`UPDATE ledger_entries SET description = 'x'`, `DELETE FROM ledger_entries`,
			`DELETE FROM ledger_accounts WHERE code = '6001'`, `UPDATE ledger_accounts SET code = '6009' WHERE code = '6001'`} {
			if err := exec(db, q); err == nil {
				t.Errorf("%s succeeded; the ledger must be append-only", q)
			}
		}
		assertChecks(t, l)
	})
	t.Run("concurrent posters on one hot account all land, grouped", func(t *testing.T) {
		t.Parallel()
		l, _ := NewLedger(t, open, ledger.Options{MaxBatch: 64})
		const posters, each = 16, 25
		var wg sync.WaitGroup
		errs := make(chan error, 2*posters*each)
		for p := range posters {
			wg.Go(func() {
				for i := range each {
					key := fmt.Sprintf("p%d-%d", p, i)
					if _, err := l.Post(ctx, Sale(t, key, "0.01")); err != nil {
						errs <- err
					}
					if _, err := l.Post(ctx, Sale(t, key, "0.01")); err != nil { // a duplicate
						errs <- err
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		assertEntryCount(t, l, posters*each)
		assertChecks(t, l)
	})
	t.Run("check names the entry whose posting was altered", func(t *testing.T) {
		t.Parallel()
		l, db := NewLedger(t, open, ledger.Options{})
		for i := range 3 {
			_, err := l.Post(ctx, Sale(t, fmt.Sprint("c", i), "3.00"))
			must(t, err)
		}
		Corrupt(t, db, `UPDATE ledger_postings SET amount_minor = 299 WHERE entry_id = 2 AND line = 1`)
		rep, err := l.Check(ctx)
		must(t, err)
		if !hasProblem(rep, 2, ledger.RuleChain) || !hasProblem(rep, 2, ledger.RuleEntryBalanced) || !hasProblem(rep, 0, ledger.RuleBalances) {
			t.Fatalf("check after corrupting entry 2 reported %v", rep.Problems)
		}
		Corrupt(t, db, `INSERT INTO ledger_postings (entry_id, line, account_code, currency, amount_minor, effective_at) VALUES (3, 9, '9999', 'CNY', 1, 0)`)
		rep, err = l.Check(ctx)
		must(t, err)
		if !hasProblem(rep, 3, ledger.RuleAccounts) {
			t.Fatalf("check after adding a posting to a missing account reported %v", rep.Problems)
		}
	})
	t.Run("dimensions read back, shared by an entry's postings or not", func(t *testing.T) {
		t.Parallel()
		l, db := NewLedger(t, open, ledger.Options{})
		order := ledger.Dims{Shop: "tm-1", Channel: "tmall", Source: ledger.Source{Kind: ledger.SourceOrder, ID: "7"}}
		shared := Sale(t, "shared", "5.00")
		shared.Postings[0].Dims, shared.Postings[1].Dims = order, order
		mixed := Sale(t, "mixed", "3.00")
		mixed.Postings[1].Dims = ledger.Dims{Shop: "tm-1", SKU: "TEA-250"}
		plain := Sale(t, "plain", "1.00")
		plain.Postings[0].Dims = ledger.Dims{}
		// One group: an entry whose postings share dimensions beside ones that do not.
		outs, err := ledgerdb.New(db).Post(ctx, []ledger.Request{shared, mixed, plain}, time.Now())
		must(t, err)
		for i, want := range []ledger.Request{shared, mixed, plain} {
			e, err := l.Entry(ctx, outs[i].Entry.ID)
			must(t, err)
			for j, p := range e.Postings {
				if p.Dims != want.Postings[j].Dims {
					t.Errorf("%s posting %d reads back %+v, want %+v", want.SourceKey, j, p.Dims, want.Postings[j].Dims)
				}
			}
		}
		sum, err := l.BalanceBy(ctx, ledger.MovementQuery{Account: "6001", Shop: "tm-1"})
		must(t, err)
		if len(sum) != 1 || sum[0].Minor() != -800 {
			t.Fatalf("6001 for shop tm-1 = %v, want -8.00 (5.00 shared, 3.00 on the posting)", sum)
		}
		ms, err := l.Movements(ctx, ledger.MovementQuery{Account: "1122", Channel: "tmall", Limit: 10})
		must(t, err)
		if len(ms) != 1 || ms[0].Source != order.Source || ms[0].Amount.Minor() != 500 {
			t.Fatalf("1122 movements for tmall = %+v, want the shared entry's", ms)
		}
		assertChecks(t, l)
	})
	t.Run("entities keep their own chains, balances and reversals", func(t *testing.T) {
		t.Parallel()
		l, db := NewLedger(t, open, ledger.Options{})
		var two []ledger.Entry
		for i := range 4 {
			r := Sale(t, fmt.Sprint("e", i), "2.00")
			r.Entity = int64(1 + i%2)
			res, err := l.Post(ctx, r)
			must(t, err)
			if want := int64(1 + i/2); res.Entry.Seq != want || res.Entry.Entity != r.Entity {
				t.Fatalf("sale %d = entity %d number %d, want entity %d number %d", i, res.Entry.Entity, res.Entry.Seq, r.Entity, want)
			}
			if r.Entity == 2 {
				two = append(two, res.Entry)
			}
		}
		_, err := l.Post(ctx, ledger.Request{Entity: 1, SourceKey: "wrong", Reverses: two[0].ID})
		if fault.KindOf(err) != fault.Invalid {
			t.Fatalf("reversing entity 2's entry in entity 1 = %v, want Invalid", err)
		}
		rev, err := l.Reverse(ctx, two[0].ID, "undo", "")
		must(t, err)
		if rev.Entry.Entity != 2 || rev.Entry.Seq != 3 {
			t.Fatalf("reversal = entity %d number %d, want entity 2 number 3", rev.Entry.Entity, rev.Entry.Seq)
		}
		if page, err := l.Entries(ctx, 2, 0, 10); err != nil || len(page) != 3 || page[2].ID != rev.Entry.ID {
			t.Fatalf("entity 2's entries = %v, %v", page, err)
		}
		tb1, err := l.TrialBalance(ctx, 1, time.Now().Add(time.Hour))
		must(t, err)
		tb2, err := l.TrialBalance(ctx, 2, time.Now().Add(time.Hour))
		must(t, err)
		if tb1.Totals[0].Debit.Minor() != 400 || tb2.Totals[0].Debit.Minor() != 200 {
			t.Fatalf("trial balances = %+v and %+v, want 4.00 in entity 1 and 2.00 in entity 2", tb1.Totals, tb2.Totals)
		}
		assertChecks(t, l)
		// Breaking entity 2's chain is reported in entity 2 alone.
		Corrupt(t, db, fmt.Sprintf(`UPDATE ledger_entries SET description = 'x' WHERE id = %d`, two[1].ID))
		rep, err := l.Check(ctx)
		must(t, err)
		if rep.Entities != 2 || len(rep.Problems) != 1 || rep.Problems[0].Entity != 2 || rep.Problems[0].Rule != ledger.RuleChain {
			t.Fatalf("check after editing an entry of entity 2 = %v", rep.Problems)
		}
	})
}

// Corrupt runs query with the append-only triggers switched off, as an
// attacker or a bad manual fix would, so tests can prove check notices.
func Corrupt(t testing.TB, db *store.DB, query string) {
	t.Helper()
	off, on := corruptSQL(db.Engine())
	for _, q := range append(append(off, query), on...) {
		if err := exec(db, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func corruptSQL(e store.Engine) (off, on []string) {
	if e == store.Postgres {
		return []string{`ALTER TABLE ledger_postings DISABLE TRIGGER USER`, `ALTER TABLE ledger_entries DISABLE TRIGGER USER`},
			[]string{`ALTER TABLE ledger_postings ENABLE TRIGGER USER`, `ALTER TABLE ledger_entries ENABLE TRIGGER USER`}
	}
	return []string{`DROP TRIGGER IF EXISTS ledger_postings_append_only_update`, `DROP TRIGGER IF EXISTS ledger_postings_append_only_delete`,
		`DROP TRIGGER IF EXISTS ledger_entries_append_only_update`, `DROP TRIGGER IF EXISTS ledger_entries_append_only_delete`}, nil
}

func exec(db *store.DB, query string) error {
	return db.InTx(context.Background(), func(tx *store.Tx) error {
		_, err := tx.Exec(context.Background(), query)
		return err
	})
}

func hasProblem(r ledger.Report, entry int64, rule string) bool {
	for _, p := range r.Problems {
		if p.Entry == entry && p.Rule == rule {
			return true
		}
	}
	return false
}

func assertChecks(t testing.TB, l *ledger.Ledger) {
	t.Helper()
	rep, err := l.Check(context.Background())
	must(t, err)
	if !rep.OK() {
		t.Fatalf("ledger invariants broken: %v", rep.Problems)
	}
}

func assertEntryCount(t testing.TB, l *ledger.Ledger, want int64) {
	t.Helper()
	rep, err := l.Check(context.Background())
	must(t, err)
	if rep.Entries != want {
		t.Fatalf("ledger has %d entries, want %d", rep.Entries, want)
	}
}

func wantKind(t testing.TB, err error, k fault.Kind) {
	t.Helper()
	if fault.KindOf(err) != k || err == nil {
		t.Fatalf("error = %v (kind %v), want kind %v", err, fault.KindOf(err), k)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
