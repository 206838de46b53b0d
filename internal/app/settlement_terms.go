package app

import (
	"context"

	"github.com/fnshub/fnshub/internal/settlement/recon"
	"github.com/fnshub/fnshub/internal/settlement/terms"
)

// StoredRequest is the request the stored terms make for a payout, with
// the terms it came from: which contract version (or platform default)
// and which rule set.
type StoredRequest struct {
	Request  ReconcileRequest
	Contract terms.Contract
	Rules    terms.Rules
}

// RequestFor builds the request for a payout from what is stored: the
// current contract of its shop (else its platform's default, flagged),
// the rule set of the shop (else of every shop, else the default) and
// the shop's payout periods (Periods). Errors: NotFound (no such payout).
func (uc *SettlementReconcile) RequestFor(ctx context.Context, payoutID int64) (out StoredRequest, err error) {
	err = uc.Unit.Read(ctx, func(st Stores) (err error) { out, err = uc.requestFor(ctx, st, payoutID); return err })
	return out, err
}

// ReconcileStored reconciles a payout under the stored terms, read in the
// same transaction that books it: a contract saved meanwhile applies to
// the next run, never half to this one.
func (uc *SettlementReconcile) ReconcileStored(ctx context.Context, payoutID int64) (out ReconcileOutcome, used StoredRequest, err error) {
	err = uc.Unit.InTx(ctx, func(st Stores) (err error) {
		if used, err = uc.requestFor(ctx, st, payoutID); err != nil {
			return err
		}
		out, err = uc.reconcile(ctx, st, used.Request)
		return err
	})
	return out, used, err
}

func (uc *SettlementReconcile) requestFor(ctx context.Context, st Stores, payoutID int64) (StoredRequest, error) {
	p, err := uc.Settlements(st).Payout(ctx, payoutID)
	if err != nil {
		return StoredRequest{}, err
	}
	channel := p.Platform
	if uc.Channels != nil {
		if channel, err = uc.Channels(ctx, p.Shop); err != nil {
			return StoredRequest{}, err
		}
	}
	c, ok, err := st.Terms.Contract(ctx, p.Shop)
	if err != nil {
		return StoredRequest{}, err
	}
	if !ok {
		c = terms.DefaultContract(p.Shop, channel)
	}
	r, ok, err := st.Terms.Rules(ctx, p.Shop)
	if err != nil {
		return StoredRequest{}, err
	}
	if !ok {
		r = terms.DefaultRules("")
	}
	var periods []recon.Period
	if uc.Periods != nil {
		if periods, err = uc.Periods(ctx, st, p.Shop); err != nil {
			return StoredRequest{}, err
		}
	}
	return StoredRequest{Contract: c, Rules: r,
		Request: ReconcileRequest{PayoutID: payoutID, Channel: channel, Contract: c.Recon(), Rules: r.Recon(), Periods: periods}}, nil
}

// fx is the rates the engine converts with: the ones given, else the
// stored ones read in st's transaction.
func (uc *SettlementReconcile) fx(ctx context.Context, st Stores) recon.FX {
	if uc.FX != nil || st.Terms == nil {
		return uc.FX
	}
	return terms.Lookup(ctx, st.Terms, uc.Location)
}
