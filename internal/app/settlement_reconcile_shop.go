package app

import (
	"context"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/settlement"
)

// ShopReconciliation is what reconciling a shop's payouts did: each
// payout reconciled, in order, and the one it stopped at, if any.
type ShopReconciliation struct {
	Shop    string
	Payouts int // the payouts to be reconciled: every payout of the shop, or from the first an import touched on
	Done    []PayoutReconciled
	// Stopped is the payout whose reconciliation failed, nil when every
	// payout was reconciled. The payouts in Done stay booked; those after
	// it were not tried.
	Stopped *PayoutStopped
}

// PayoutReconciled is one payout's outcome in a shop's reconciliation.
type PayoutReconciled struct {
	Payout  settlement.StoredPayout
	Outcome ReconcileOutcome
}

// PayoutStopped is the payout a shop's reconciliation stopped at, and why.
type PayoutStopped struct {
	Payout settlement.StoredPayout
	Err    error
}

// Applied counts the payouts whose run posted (the others were duplicates).
func (r ShopReconciliation) Applied() int {
	n := 0
	for _, d := range r.Done {
		if !d.Outcome.Duplicate {
			n++
		}
	}
	return n
}

// ReconcileShop reconciles every payout of the shop under its stored
// terms, oldest deposit first (settlement.SortForReconcile), each in a
// transaction of its own (ReconcileStoredEach), calling each (when not
// nil) after each payout is booked. A payout that fails stops it: the
// answer then has the payouts booked before it and Stopped, and no error.
// An error means nothing was booked. Errors: NotFound (no such shop),
// Conflict (the shop has no payouts), the first payout's own error.
func (uc *SettlementReconcile) ReconcileShop(ctx context.Context, shopID string, each func(PayoutReconciled)) (ShopReconciliation, error) {
	ps, err := uc.ShopPayouts(ctx, shopID)
	if err != nil {
		return ShopReconciliation{}, err
	}
	if len(ps) == 0 {
		return ShopReconciliation{}, fault.New(fault.Conflict, "settlement_payouts_missing",
			"shop %s has no payouts to reconcile: import its settlement files first (fnshub settlement import, POST /api/v1/settlements/imports)", shopID)
	}
	return uc.reconcileInOrder(ctx, shopID, ps, each)
}

// reconcileInOrder books ps in the order given, as ReconcileShop says.
func (uc *SettlementReconcile) reconcileInOrder(ctx context.Context, shopID string, ps []settlement.StoredPayout, each func(PayoutReconciled)) (ShopReconciliation, error) {
	out := ShopReconciliation{Shop: shopID, Payouts: len(ps)}
	ids := make([]int64, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	err := uc.ReconcileStoredEach(ctx, ids, func(i int, o ReconcileOutcome, _ StoredRequest) error {
		d := PayoutReconciled{Payout: ps[i], Outcome: o}
		out.Done = append(out.Done, d)
		if each != nil {
			each(d)
		}
		return nil
	})
	switch {
	case err == nil:
		return out, nil
	case len(out.Done) == 0:
		return ShopReconciliation{}, err
	}
	out.Stopped = &PayoutStopped{Payout: ps[len(out.Done)], Err: err}
	return out, nil
}

// ShopPayouts lists every payout of the shop in the order they are
// reconciled (settlement.SortForReconcile). Errors: NotFound (no such
// shop, when the use case knows the shops).
func (uc *SettlementReconcile) ShopPayouts(ctx context.Context, shopID string) ([]settlement.StoredPayout, error) {
	if uc.Shops != nil {
		if _, err := uc.Shops.Get(ctx, shopID); err != nil {
			return nil, err
		}
	}
	var out []settlement.StoredPayout
	err := uc.Unit.Read(ctx, func(st Stores) error {
		out = out[:0]
		for before := int64(0); ; {
			page, err := st.Settlements.Payouts(ctx, settlement.PayoutFilter{Shop: shopID, Before: before, Limit: 1000})
			if err != nil {
				return err
			}
			out = append(out, page...)
			if len(page) < 1000 {
				return nil
			}
			before = page[len(page)-1].ID
		}
	})
	if err != nil {
		return nil, err
	}
	settlement.SortForReconcile(out)
	return out, nil
}
