package app

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/settlement/recon"
)

// NewSettlementReconcile reconciles the payouts stored in the
// transaction's settlement store, under the terms stored with them
// (ReconcileStored), seeing the shop's imported payout periods; a shop's
// channel picks its platform's default contract; rates are taken by the
// day in loc.
func NewSettlementReconcile(u Unit, shops SettlementShops, loc *time.Location) *SettlementReconcile {
	channel := func(ctx context.Context, id string) (string, error) {
		sh, err := shops.Get(ctx, id)
		return sh.Channel, err
	}
	return &SettlementReconcile{Unit: u, Location: loc, Channels: channel, Periods: shopPeriods, Shops: shops,
		Settlements: func(st Stores) settlement.Reader { return st.Settlements }}
}

// shopPeriods lists the periods of every payout imported for shop.
func shopPeriods(ctx context.Context, st Stores, shop string) ([]recon.Period, error) {
	var out []recon.Period
	for before := int64(0); ; {
		page, err := st.Settlements.Payouts(ctx, settlement.PayoutFilter{Shop: shop, Before: before, Limit: 500})
		if err != nil {
			return nil, err
		}
		for _, p := range page {
			if !p.Start.IsZero() && !p.End.IsZero() {
				out = append(out, recon.Period{Ref: p.Ref, Start: p.Start, End: p.End})
			}
		}
		if len(page) < 500 {
			return out, nil
		}
		before = page[len(page)-1].ID
	}
}

// Reconciliation is where a payout's reconciliation stands: its current
// run with the differences, largest first, and every earlier run.
type Reconciliation struct {
	Payout      settlement.StoredPayout
	Current     *recon.Run         // nil when never reconciled
	Differences []recon.Difference // of the current run, by size of impact, then by class
	Runs        []recon.Run        // newest first, the current one included
}

// Reconciliation reads a payout's reconciliation.
func (uc *SettlementReconcile) Reconciliation(ctx context.Context, payoutID int64) (Reconciliation, error) {
	var out Reconciliation
	err := uc.Unit.Read(ctx, func(st Stores) error {
		p, err := uc.Settlements(st).Payout(ctx, payoutID)
		if err != nil {
			return err
		}
		out = Reconciliation{Payout: p}
		run, ok, err := st.Recon.Current(ctx, payoutID)
		if err != nil || !ok {
			return err
		}
		out.Current = &run
		if out.Differences, err = st.Recon.Differences(ctx, run.ID); err != nil {
			return err
		}
		sortDifferences(out.Differences)
		out.Runs, err = st.Recon.Runs(ctx, payoutID)
		return err
	})
	return out, err
}

// sortDifferences puts what moves the payout most first; differences
// outside the payout (a settlement that never arrived) come after, by
// class, so the list reads the same every time.
func sortDifferences(ds []recon.Difference) {
	abs := func(d recon.Difference) int64 {
		m := d.Impact.Minor()
		return max(m, -m)
	}
	slices.SortStableFunc(ds, func(a, b recon.Difference) int {
		if c := cmp.Compare(abs(b), abs(a)); c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(a.Class, b.Class), cmp.Compare(a.Subject, b.Subject))
	})
}
