package storetest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/ledger/ledgerdb"
	"github.com/fnshub/fnshub/internal/money"
	"pgregory.net/rapid"
)

// ExerciseLedgerProperties drives ledgers on fresh databases through random
// sequences of posts, replays, conflicting reuses of keys, reversals, bad
// input and concurrent bursts, and after every step holds each to
// invariants 1–2 and to the model. Each check runs sequencesPerCheck
// sequences of stepsPerCheck steps, each on a database of its own. It
// returns the steps run.
//
// Why several short sequences rather than one long one: the full check
// after every step walks the whole ledger, so a sequence costs the square
// of its length. Two sequences of 50 steps cost half of one of 100, for the
// same number of steps, each as fully checked, from twice the starting
// states; 50 steps still make some 55 entries over a handful of bursts,
// with replays, reused keys and reversals of reversals.
func ExerciseLedgerProperties(t *testing.T, fresh Fresh, sequencesPerCheck, stepsPerCheck int) int64 {
	var steps atomic.Int64
	next, stop := prefetch(fresh)
	defer stop()
	rapid.Check(t, func(rt *rapid.T) {
		for range sequencesPerCheck {
			runLedgerSequence(rt, next, stepsPerCheck)
			steps.Add(int64(stepsPerCheck))
		}
	})
	return steps.Load()
}

// runLedgerSequence runs one sequence of steps on a fresh database.
func runLedgerSequence(rt *rapid.T, next Fresh, stepsPerCheck int) {
	db, done, err := next()
	if err != nil {
		rt.Fatal(err)
	}
	defer done()
	p := &ledgerProp{t: rt, store: ledgerdb.New(db), model: newLedgerModel()}
	p.l = ledger.New(p.store, ledger.Options{MaxBatch: 16})
	defer p.l.Close()
	p.must(p.l.InstallDefaultChart(context.Background()))
	actions := []func(){p.postNew, p.postNew, p.replay, p.reuseKey, p.reverse, p.postBad, p.burst}
	for range stepsPerCheck {
		rapid.SampledFrom(actions).Draw(rt, "action")()
		p.checkInvariants()
	}
}

type ledgerProp struct {
	t     *rapid.T
	l     *ledger.Ledger
	store *ledgerdb.Store
	model *ledgerModel
	seq   int
}

func (p *ledgerProp) must(err error) {
	if err != nil {
		p.t.Fatal(err)
	}
}

// genRequest draws a balanced entry in one to three currencies.
func (p *ledgerProp) genRequest(label string) ledger.Request {
	p.seq++
	r := ledger.Request{Entity: rapid.Int64Range(1, 3).Draw(p.t, "entity"), SourceKey: fmt.Sprintf("key-%d", p.seq), Description: label}
	for _, cur := range rapid.SliceOfNDistinct(rapid.SampledFrom(propertyCurrencies), 1, 3, rapid.ID).Draw(p.t, "currencies") {
		amounts := rapid.SliceOfN(rapid.Int64Range(1, 1_000_000_000), 1, 3).Draw(p.t, "amounts")
		var total int64
		for _, a := range amounts {
			r.Postings = append(r.Postings, ledger.Posting{Account: p.account(), Amount: money.New(a, cur)})
			total += a
		}
		r.Postings = append(r.Postings, ledger.Posting{Account: p.account(), Amount: money.New(-total, cur)})
	}
	return r
}

func (p *ledgerProp) account() string {
	return rapid.SampledFrom(p.model.accounts).Draw(p.t, "account")
}

func (p *ledgerProp) postNew() {
	r := p.genRequest("new")
	res, err := p.l.Post(context.Background(), r)
	p.must(err)
	if res.Replayed {
		p.t.Fatalf("fresh key %s reported as a replay", r.SourceKey)
	}
	p.must(p.model.apply(r, res.Entry))
}

func (p *ledgerProp) replay() {
	if p.model.count == 0 {
		return
	}
	key := fmt.Sprintf("key-%d", rapid.IntRange(1, p.seq).Draw(p.t, "replayed"))
	r, ok := p.model.requests[key]
	if !ok {
		return
	}
	res, err := p.l.Post(context.Background(), r)
	p.must(err)
	if !res.Replayed || res.Entry.ID != p.model.ids[key] || !equalPostings(res.Entry.Postings, p.model.postings[res.Entry.ID]) {
		p.t.Fatalf("replay of %s = %+v, want the original entry %d", key, res, p.model.ids[key])
	}
}

func (p *ledgerProp) reuseKey() {
	if len(p.model.requests) == 0 {
		return
	}
	r := p.genRequest("conflict")
	r.SourceKey = fmt.Sprintf("key-%d", rapid.IntRange(1, p.seq-1).Draw(p.t, "reused"))
	res, err := p.l.Post(context.Background(), r)
	switch {
	case p.model.ids[r.SourceKey] == 0: // the key's earlier use failed, so it is free
		p.must(err)
		p.must(p.model.apply(r, res.Entry))
	case p.model.sameContent(r):
		p.must(err)
	default:
		p.expectKind(err, fault.Conflict)
	}
}

func (p *ledgerProp) reverse() {
	if p.model.count == 0 {
		return
	}
	n := rapid.Int64Range(1, p.model.count+1).Draw(p.t, "reversed") // the entry posted n-th; count+1 does not exist
	id := p.model.lastID + 1000
	if n <= p.model.count {
		id = p.model.bySeq[n-1]
	}
	p.seq++
	r := ledger.Request{Entity: p.model.entities[id], SourceKey: fmt.Sprintf("key-%d", p.seq), Description: "reversal", Reverses: id}
	res, err := p.l.Post(context.Background(), r)
	switch {
	case n > p.model.count:
		p.expectKind(err, fault.NotFound)
	case p.model.reversed[id]:
		p.expectKind(err, fault.Conflict)
	default:
		p.must(err)
		p.must(p.model.apply(r, res.Entry))
	}
}

// postBad sends an unbalanced entry or one naming an unknown account.
func (p *ledgerProp) postBad() {
	r := p.genRequest("bad")
	if rapid.Bool().Draw(p.t, "unbalanced") {
		last := &r.Postings[len(r.Postings)-1]
		last.Amount = money.New(last.Amount.Minor()-1, last.Amount.Currency())
		_, err := p.l.Post(context.Background(), r)
		p.expectKind(err, fault.Invalid)
		return
	}
	r.Postings[0].Account = "9999.99"
	_, err := p.l.Post(context.Background(), r)
	p.expectKind(err, fault.NotFound)
}

// burst posts concurrently, so the committer groups them, with some
// requests sent twice at once: exactly one of each pair may post.
func (p *ledgerProp) burst() {
	reqs := make([]ledger.Request, rapid.IntRange(2, 12).Draw(p.t, "burst"))
	for i := range reqs {
		if i > 0 && rapid.Bool().Draw(p.t, "duplicate") {
			reqs[i] = reqs[i-1]
			continue
		}
		reqs[i] = p.genRequest("burst")
	}
	results := make([]ledger.Result, len(reqs))
	errs := make([]error, len(reqs))
	var wg sync.WaitGroup
	for i, r := range reqs {
		wg.Go(func() { results[i], errs[i] = p.l.Post(context.Background(), r) })
	}
	wg.Wait()
	p.applyBurst(reqs, results, errs)
}

func (p *ledgerProp) applyBurst(reqs []ledger.Request, results []ledger.Result, errs []error) {
	var fresh []int
	for i := range reqs {
		p.must(errs[i])
		if !results[i].Replayed {
			fresh = append(fresh, i)
		}
	}
	// Apply in id order, the order the ledger committed them.
	for len(fresh) > 0 {
		next := 0
		for j, i := range fresh {
			if results[i].Entry.ID < results[fresh[next]].Entry.ID {
				next = j
			}
		}
		i := fresh[next]
		if p.model.ids[reqs[i].SourceKey] != 0 {
			p.t.Fatalf("key %s posted twice in one burst", reqs[i].SourceKey)
		}
		p.must(p.model.apply(reqs[i], results[i].Entry))
		fresh = append(fresh[:next], fresh[next+1:]...)
	}
}

func (p *ledgerProp) expectKind(err error, k fault.Kind) {
	if err == nil || fault.KindOf(err) != k {
		p.t.Fatalf("error = %v, want kind %v", err, k)
	}
}

func (p *ledgerProp) checkInvariants() {
	ctx := context.Background()
	rep, err := p.l.Check(ctx)
	p.must(err)
	if !rep.OK() {
		p.t.Fatalf("invariants broken: %v", rep.Problems)
	}
	if rep.Entries != p.model.count {
		p.t.Fatalf("ledger has %d entries, model %d", rep.Entries, p.model.count)
	}
	bals, err := p.store.Balances(ctx)
	p.must(err)
	p.must(p.model.compareBalances(bals))
}
