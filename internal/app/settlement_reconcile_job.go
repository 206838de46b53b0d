package app

import (
	"context"
	"fmt"
	"slices"

	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/shop"
)

// settlementReconcileArgs is the job that reconciles a shop's payouts
// after one of its imports brought something new
// (docs/adr/0063-automatic-reconciliation.md): from the first of the
// payouts the import touched, in reconcile order, to the last — what a
// payout settles, the payouts after it read; those before it read nothing
// of it.
type settlementReconcileArgs struct {
	Shop    string  `json:"shop"`
	Import  int64   `json:"import"`
	Payouts []int64 `json:"payouts"` // the payouts the import's file names
}

func (settlementReconcileArgs) Kind() string { return "settlement.reconcile" }

// ReconcileQueue is the queue the automatic reconciliation waits in, with
// one worker a node: a shop's reconciliation can take minutes, which must
// not hold up the webhooks and pushes of the default queue, and the
// payouts of two imports of one shop are best booked one import after the
// other.
const ReconcileQueue = "settlement"

// settlementReconcileAttempts is how often a reconciliation is tried
// before its job is a dead letter: a payout the engine cannot read (a
// missing exchange rate) fails every time until someone fixes it.
const settlementReconcileAttempts = 5

// enqueueReconcile queues the reconciliation after import im of sh, in
// the import's transaction, unless the import changed nothing or the
// shop's settlement_auto_reconcile setting is off.
func enqueueReconcile(ctx context.Context, st Stores, sh shop.Shop, im settlement.Import) error {
	if im.Status != settlement.ImportApplied || !sh.AutoReconciles() {
		return nil
	}
	_, err := st.Jobs.Enqueue(ctx, settlementReconcileArgs{Shop: sh.ID, Import: im.ID, Payouts: im.PayoutIDs},
		&job.Opts{MaxAttempts: settlementReconcileAttempts, Queue: ReconcileQueue})
	return err
}

// Register adds the automatic reconciliation's job and queue to w.
func (uc *SettlementReconcile) Register(w *job.Workers) {
	w.Queue(ReconcileQueue, 1)
	job.Register(w, func(ctx context.Context, _ job.Job, a settlementReconcileArgs) error {
		return uc.reconcileImported(ctx, a)
	})
}

// reconcileImported is the job's work, unless the shop turned automatic
// reconciliation off since the import. A payout that stops it fails the
// attempt, to be tried again with the queue's backoff; the payouts booked
// before it are duplicates next time.
func (uc *SettlementReconcile) reconcileImported(ctx context.Context, a settlementReconcileArgs) error {
	if uc.Shops != nil {
		sh, err := uc.Shops.Get(ctx, a.Shop)
		if err != nil || !sh.AutoReconciles() {
			return err
		}
	}
	ps, err := uc.ShopPayouts(ctx, a.Shop)
	if err != nil {
		return err
	}
	ps = fromFirstTouched(ps, a.Payouts)
	if len(ps) == 0 {
		return nil
	}
	res, err := uc.reconcileInOrder(ctx, a.Shop, ps, nil)
	if err == nil && res.Stopped != nil {
		st := res.Stopped
		err = fmt.Errorf("payout %d %s: %w", st.Payout.ID, st.Payout.Ref, st.Err)
	}
	if err != nil {
		return fmt.Errorf("reconcile shop %s after import %d: %d of %d payouts reconciled: %w", a.Shop, a.Import, len(res.Done), len(ps), err)
	}
	return nil
}

// fromFirstTouched cuts ps, in reconcile order, to the first of touched
// (sorted, as Finish returns them) and every payout after it; with none
// touched, every payout.
func fromFirstTouched(ps []settlement.StoredPayout, touched []int64) []settlement.StoredPayout {
	if len(touched) == 0 {
		return ps
	}
	i := slices.IndexFunc(ps, func(p settlement.StoredPayout) bool { _, ok := slices.BinarySearch(touched, p.ID); return ok })
	if i < 0 {
		return nil
	}
	return ps[i:]
}
