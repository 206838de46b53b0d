package storetest

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/ledger/ledgerdb"
	"github.com/fnshub/fnshub/internal/money"
	"pgregory.net/rapid"
)

// ExercisePeriodProperties posts entries dated in random months of 2026
// between random closes and reopens, on a fresh database per check, and
// holds every entry to a model of the closed prefix: effective where it
// was dated when that month was open, else at the first open month's start
// with dated_for; check passes after every step. It returns the steps run.
func ExercisePeriodProperties(t *testing.T, fresh Fresh, stepsPerCheck int) int64 {
	var steps int64
	rapid.Check(t, func(rt *rapid.T) {
		db, done, err := fresh()
		if err != nil {
			rt.Fatal(err)
		}
		defer done()
		ctx := context.Background()
		l := ledger.New(ledgerdb.New(db), ledger.Options{Now: func() time.Time { return cst(2027, 1, 15, 12) }})
		defer l.Close()
		if err := l.InstallDefaultChart(ctx); err != nil {
			rt.Fatal(err)
		}
		ps := ledger.NewPeriods(l, ledgerdb.New(db), nil)
		closedThrough := 0 // months of 2026 closed: 1..closedThrough
		for i := range stepsPerCheck {
			month := rapid.IntRange(1, 12).Draw(rt, "month")
			p := ledger.Period{Year: 2026, Month: time.Month(month)}
			switch rapid.IntRange(0, 5).Draw(rt, "action") {
			case 0:
				res, err := ps.Close(ctx, 1, p, "prop")
				if err != nil || res.Duplicate != (month <= closedThrough) || res.Closed[len(res.Closed)-1].Status != ledger.PeriodClosed {
					rt.Fatalf("close %s with months 1..%d closed = %+v, %v", p, closedThrough, res, err)
				}
				closedThrough = max(closedThrough, month)
			case 1:
				// Months before the first closed one are closed with it but
				// have no record to reopen.
				closed := month <= closedThrough && month >= firstClosedMonth(ctx, rt, ps)
				_, err := ps.Reopen(ctx, 1, p, "prop", "because")
				if closed != (err == nil) {
					rt.Fatalf("reopen %s with months 1..%d closed: %v", p, closedThrough, err)
				}
				if err == nil {
					closedThrough = month - 1
				}
			default:
				at := cst(2026, time.Month(month), rapid.IntRange(1, 28).Draw(rt, "day"), rapid.IntRange(0, 23).Draw(rt, "hour"))
				r := ledger.Request{SourceKey: "p-" + strconv.Itoa(i), EffectiveAt: at, Postings: []ledger.Posting{
					{Account: "1122", Amount: money.New(100, "CNY")}, {Account: "6001", Amount: money.New(-100, "CNY")}}}
				res, err := l.Post(ctx, r)
				if err != nil {
					rt.Fatal(err)
				}
				wantAt, wantFor := at, time.Time{}
				if month <= closedThrough {
					wantAt, wantFor = cst(2026, time.Month(closedThrough+1), 1, 0), at
				}
				if !res.Entry.EffectiveAt.Equal(wantAt) || !res.Entry.DatedFor.Equal(wantFor) {
					rt.Fatalf("entry dated %v with months 1..%d closed: effective %v dated for %v, want %v for %v",
						at, closedThrough, res.Entry.EffectiveAt, res.Entry.DatedFor, wantAt, wantFor)
				}
			}
			rep, err := l.Check(ctx)
			if err != nil || !rep.OK() {
				rt.Fatalf("check after step %d: %v %v", i, err, rep.Problems)
			}
			steps++
		}
	})
	return steps
}

// firstClosedMonth is the first month with a period record; the months
// before it count as closed with it (docs/adr/0046-period-close.md).
func firstClosedMonth(ctx context.Context, rt *rapid.T, ps *ledger.Periods) int {
	recs, err := ps.List(ctx, 1)
	if err != nil {
		rt.Fatal(err)
	}
	if len(recs) == 0 {
		return 0
	}
	return int(recs[0].Period.Month)
}
