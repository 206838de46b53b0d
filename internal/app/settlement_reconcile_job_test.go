package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/job/jobdb"
	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/settlement/settlementtest"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/fnshub/fnshub/internal/store/unit"
)

// An import that brings something new queues its shop's reconciliation in
// its own transaction; the job reconciles the shop's payouts from the
// first the file names on, and books them. A duplicate import queues
// nothing, nor does an import of a shop whose settlement_auto_reconcile
// is off.
func TestImportQueuesTheShopsReconciliation(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) { testImportQueuesReconciliation(t, e.Open) })
	}
}

func testImportQueuesReconciliation(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	_, err := jobdb.Migrate(ctx, h.db)
	must(t, err)
	for _, sh := range []shop.Shop{{ID: "A1", Channel: "web", Name: "auto"},
		{ID: "M1", Channel: "web", Name: "by hand", Settings: map[string]string{shop.SettingAutoReconcile: "off"}}} {
		_, err := h.shops.Create(ctx, sh)
		must(t, err)
	}
	s := app.NewSettlements(unit.New(h.db), h.shops, nil).WithFormats(testFormats()).ReconcileAfterImport()
	uc := app.NewSettlementReconcile(unit.New(h.db), h.shops, time.UTC)
	w := job.NewWorkers()
	uc.Register(w)
	q, err := jobdb.New(h.db, w, jobdb.Config{Workers: 2, Poll: 10 * time.Millisecond})
	must(t, err)

	first := settlementtest.File("a", 6, 3) // payouts Pa-0, Pa-1
	for _, imp := range []struct{ shop, body, status string }{
		{"A1", first, "applied"}, {"A1", first, "duplicate"}, {"M1", first, "applied"},
		{"A1", settlementtest.File("b", 3, 3), "applied"}, // Pb-0
	} {
		res, err := importText(s, imp.shop, "tsv", imp.body)
		must(t, err)
		if res.Status != imp.status {
			t.Fatalf("import into %s: %s, want %s", imp.shop, res.Status, imp.status)
		}
	}
	a1, err := s.Payouts(ctx, settlement.PayoutFilter{Shop: "A1"})
	must(t, err)
	id := map[string]int64{}
	for _, p := range a1 {
		id[p.Ref] = p.ID
	}
	queued := reconcileJobs(t, q, "")
	if want := []string{fmt.Sprint("A1 ", []int64{id["Pa-0"], id["Pa-1"]}), fmt.Sprint("A1 ", []int64{id["Pb-0"]})}; len(queued) != 2 ||
		argsOf(t, queued[0]) != want[0] || argsOf(t, queued[1]) != want[1] {
		t.Fatalf("queued %d reconciliations, want one per applied import of A1 naming its payouts %v", len(queued), want)
	}

	runCtx, stop := context.WithCancel(ctx)
	t.Cleanup(stop)
	must(t, q.Start(runCtx))
	t.Cleanup(func() { _ = q.Stop(context.Background()) })
	for deadline := time.Now().Add(20 * time.Second); len(reconcileJobs(t, q, job.Completed)) < 2; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the reconciliations did not complete: %+v", reconcileJobs(t, q, ""))
		}
	}

	a1, err = s.Payouts(ctx, settlement.PayoutFilter{Shop: "A1"})
	must(t, err)
	if len(a1) != 3 {
		t.Fatalf("A1 has %d payouts, want 3", len(a1))
	}
	for _, p := range a1 {
		if p.Recon == nil {
			t.Fatalf("payout %s of A1 was not reconciled", p.Ref)
		}
		v, err := uc.Reconciliation(ctx, p.ID)
		must(t, err)
		if v.Current == nil || v.Current.ID != p.Recon.RunID || len(v.Current.Entries) == 0 {
			t.Fatalf("payout %s: current run %+v", p.Ref, v.Current)
		}
		for _, re := range v.Current.Entries {
			entry, err := h.books.Entry(ctx, re.EntryID)
			must(t, err)
			if len(entry.Postings) < 2 {
				t.Fatalf("payout %s: entry %d has %d postings", p.Ref, re.EntryID, len(entry.Postings))
			}
		}
	}
	m1, err := s.Payouts(ctx, settlement.PayoutFilter{Shop: "M1"})
	must(t, err)
	for _, p := range m1 {
		if p.Recon != nil {
			t.Fatalf("payout %s of M1, whose automatic reconciliation is off, has run %d", p.Ref, p.Recon.RunID)
		}
	}
}

// reconcileJobs lists the settlement.reconcile jobs in state ("" for all),
// oldest first.
func reconcileJobs(t *testing.T, q *jobdb.Queue, state job.State) []job.Info {
	t.Helper()
	page, err := q.List(ctx, job.Filter{Kind: "settlement.reconcile", State: state})
	must(t, err)
	slices.Reverse(page.Jobs)
	return page.Jobs
}

// argsOf is a reconciliation job's shop and payouts: "A1 [1 2]".
func argsOf(t *testing.T, j job.Info) string {
	t.Helper()
	var a struct {
		Shop    string
		Payouts []int64
	}
	must(t, json.Unmarshal(j.Args, &a))
	return fmt.Sprint(a.Shop, " ", a.Payouts)
}
