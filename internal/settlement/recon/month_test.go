package recon_test

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"testing"

	"github.com/fnshub/fnshub/internal/finance"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement/recon"
	"github.com/fnshub/fnshub/internal/settlement/recon/recontest"
)

// found is one difference as the generator names it.
func found(payout string, d recon.Difference) recontest.Injection {
	return recontest.Injection{Class: d.Class, Payout: payout, Subject: d.Subject}
}

func injKey(i recontest.Injection) string {
	return fmt.Sprintf("%s %s %s", i.Payout, i.Class, i.Subject)
}

// monthRun is every payout of a month reconciled under rules.
type monthRun struct {
	results map[string]recon.Result
	found   []recontest.Injection
}

func reconcileMonth(t tb, m *recontest.Month, rules recon.Rules) monthRun {
	t.Helper()
	out := monthRun{results: map[string]recon.Result{}}
	for _, p := range m.Platforms {
		for _, run := range p.Runs {
			in := run.Input
			in.Rules = rules
			res, err := recon.Reconcile(in)
			if err != nil {
				t.Fatalf("%s: %v", in.Payout.Ref, err)
			}
			out.results[in.Payout.Ref] = res
			for _, d := range res.Differences {
				out.found = append(out.found, found(in.Payout.Ref, d))
			}
		}
	}
	return out
}

// sameSet fails unless got and want hold the same differences; it names
// the missed and the invented.
func sameSet(t tb, got, want []recontest.Injection) {
	t.Helper()
	g, w := map[string]int{}, map[string]int{}
	for _, i := range got {
		g[injKey(i)]++
	}
	for _, i := range want {
		w[injKey(i)]++
	}
	var missed, invented []string
	for k, n := range w {
		if g[k] != n {
			missed = append(missed, k)
		}
	}
	for k, n := range g {
		if w[k] != n {
			invented = append(invented, k)
		}
	}
	sort.Strings(missed)
	sort.Strings(invented)
	if len(missed)+len(invented) > 0 {
		t.Fatalf("%d expected, %d found; missed or misclassified %d: %v\ninvented %d: %v",
			len(want), len(got), len(missed), head(missed), len(invented), head(invented))
	}
}

func head(s []string) []string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}

// checkBooks holds every result to the waterfall's remainder of zero,
// balanced entries and, over the month, receivables of reconciled orders
// that net to zero.
func checkBooks(t tb, m *recontest.Month, r monthRun) {
	t.Helper()
	clearing := map[string]int64{}
	reconciled := map[int64]bool{}
	for ref, res := range r.results {
		for _, d := range res.Differences {
			if d.Message == "" || d.Impact.Currency() != res.Currency || d.Subject == "" {
				t.Fatalf("%s: a difference without words, subject or currency: %+v", ref, d)
			}
		}
		if !res.Waterfall.Remainder.IsZero() {
			t.Fatalf("%s: waterfall remainder %s: %+v", ref, res.Waterfall.Remainder, res.Waterfall)
		}
		var exp, act int64
		for _, s := range res.Waterfall.Steps[:len(res.Waterfall.Steps)-1] {
			exp, act = exp+s.Expected.Minor(), act+s.Actual.Minor()
		}
		if last := res.Waterfall.Steps[len(res.Waterfall.Steps)-1]; last.Expected.Minor() != exp {
			t.Fatalf("%s: payout step expects %s, the steps add to %d", ref, last.Expected, exp)
		}
		for gi, g := range res.Plan.Groups {
			if err := balanced(g); err != nil {
				t.Fatalf("%s group %d: %v: %+v", ref, gi, err, g)
			}
		}
		for _, e := range res.Plan.Entries(ledger.MaxPostings) {
			ps, err := recon.Ledger(finance.DefaultMap(1), e)
			if err != nil {
				t.Fatal(err)
			}
			if err := (ledger.Request{SourceKey: "recon:" + ref, Postings: ps}).Validate(); err != nil {
				t.Fatalf("%s: entry invalid: %v", ref, err)
			}
			for _, p := range e {
				if p.Role == finance.Receivable {
					clearing[p.Dims.Source.ID] += p.Amount.Minor()
				}
			}
		}
		for _, id := range res.Reconciled {
			reconciled[id] = true
		}
	}
	n := 0
	for _, p := range m.Platforms {
		for id, o := range p.Orders {
			if !reconciled[id] {
				continue
			}
			n++
			// order.paid debits the gross, order.refunded credits each refund.
			bal := o.Gross.Minor()
			for _, rf := range o.Refunds {
				bal -= rf.Amount.Minor()
			}
			bal += clearing[strconv.FormatInt(id, 10)]
			if bal != 0 {
				t.Fatalf("order %s reconciled but its receivable is %d", o.Ref, bal)
			}
		}
	}
	if n == 0 {
		t.Fatal("no order reconciled")
	}
}

func balanced(ps []recon.Posting) error {
	sums := map[money.Currency]int64{}
	for _, p := range ps {
		if p.Amount.IsZero() {
			return fmt.Errorf("zero posting %+v", p)
		}
		sums[p.Amount.Currency()] += p.Amount.Minor()
	}
	for c, s := range sums {
		if s != 0 {
			return fmt.Errorf("unbalanced in %s by %d", c, s)
		}
	}
	return nil
}

func generated() *recontest.Month {
	return recontest.Generate(recontest.Options{Seed: 42, OrdersPerPayout: 60, Injections: 200, Tiny: 12, RefLess: 15})
}

// TestMonth_EveryInjectedDifferenceFoundNoneInvented is issue 10 item 9:
// three platforms, thousands of clean orders, 200 discrepancies of every
// class.
func TestMonth_EveryInjectedDifferenceFoundNoneInvented(t *testing.T) {
	m := generated()
	orders := 0
	for _, p := range m.Platforms {
		orders += len(p.Orders)
	}
	if orders < 3000 || len(m.Injected) != 200 {
		t.Fatalf("month of %d orders and %d injections; the test wants thousands and 200", orders, len(m.Injected))
	}
	classes := map[recon.Class]int{}
	for _, i := range m.Injected {
		classes[i.Class]++
	}
	for _, c := range recon.Classes() {
		if classes[c] == 0 {
			t.Fatalf("no %s injected: %v", c, classes)
		}
	}
	r := reconcileMonth(t, m, recontest.Lenient)
	sameSet(t, r.found, m.Injected)
	checkBooks(t, m, r)
}

// TestMonth_RuleChangeChangesExactlyItsMatches re-runs the month under
// strict rules: the tiny short payments and the refunds without ids
// become differences, and nothing else changes.
func TestMonth_RuleChangeChangesExactlyItsMatches(t *testing.T) {
	m := generated()
	lenient := reconcileMonth(t, m, recontest.Lenient)
	strict := reconcileMonth(t, m, recontest.Strict)
	want := slices.Clone(m.Injected)
	want = append(want, m.Tiny...)
	for _, p := range m.Platforms {
		for _, run := range p.Runs {
			for _, l := range run.Input.Lines {
				if l.Kind == "refund" && l.RefundRef == "" {
					want = append(want, recontest.Injection{Class: recon.RefundNotInHub, Payout: run.Input.Payout.Ref, Subject: "line:" + l.Key})
				}
			}
		}
	}
	if len(want) == len(m.Injected)+len(m.Tiny) {
		t.Fatal("the month has no refunds without ids")
	}
	sameSet(t, strict.found, want)
	checkBooks(t, m, strict)

	// The matches that differ are exactly the tolerant rules' own: the
	// tiny orders' sale lines and the refunds without ids.
	type match struct {
		rule  string
		order int64
	}
	rules := func(r monthRun) map[string]match {
		out := map[string]match{}
		for ref, res := range r.results {
			for _, mt := range res.Matches {
				out[fmt.Sprintf("%s/%d", ref, mt.Line)] = match{mt.Rule.String(), mt.OrderID}
			}
		}
		return out
	}
	ls, ss := rules(lenient), rules(strict)
	tolerated, windowed := map[string]bool{}, 0
	for k, mt := range ls {
		switch got := ss[k]; {
		case got == mt:
		case mt.rule == "amount_within_tolerance" && (got.rule == "order_ref" || got.rule == "split_lines"):
			tolerated[fmt.Sprint(mt.order)] = true
		case mt.rule == "refund_date_window" && got.rule == "":
			windowed++
		default:
			t.Fatalf("match %s changed from %v to %v", k, mt, got)
		}
	}
	for k := range ss {
		if _, ok := ls[k]; !ok {
			t.Fatalf("match %s made under strict rules only", k)
		}
	}
	if len(tolerated) != len(m.Tiny) || windowed != len(want)-len(m.Injected)-len(m.Tiny) {
		t.Fatalf("rule change changed %d orders' tolerance matches and %d window matches; want %d and %d",
			len(tolerated), windowed, len(m.Tiny), len(want)-len(m.Injected)-len(m.Tiny))
	}
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// tb is what the checks need of *testing.T and *rapid.T.
type tb interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}
