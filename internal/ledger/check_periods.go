package ledger

import (
	"context"
	"fmt"
)

// loadPeriods reads the period records when the store keeps them.
func (v *verifier) loadPeriods(ctx context.Context, s Store) error {
	ps, ok := s.(PeriodStore)
	if !ok {
		return nil
	}
	recs, err := ps.Periods(ctx, 0)
	if err != nil {
		return fmt.Errorf("ledger: check: %w", err)
	}
	v.periods = map[int64][]PeriodRecord{}
	for _, r := range recs {
		v.periods[r.Entity] = append(v.periods[r.Entity], r)
	}
	return nil
}

// closedPeriods checks that e, if it was posted while a month was closed,
// is not dated inside that month: the rule Post enforces under the chain
// head lock (docs/adr/0046-period-close.md). A month closed, reopened and
// closed again is held to its latest close; the earlier ones are in the
// audit log.
func (v *verifier) closedPeriods(e Entry) {
	if !e.DatedFor.IsZero() && !e.DatedFor.Before(e.EffectiveAt) {
		v.fail(e.Entity, e.ID, RuleClosedPeriods, "dated_for %s is not before its effective time: only a late item is moved, and only forward",
			e.DatedFor.UTC().Format("2006-01-02T15:04:05Z"))
	}
	for _, r := range v.periods[e.Entity] {
		if r.Governs(e.Seq) && r.Contains(e.EffectiveAt) {
			v.fail(e.Entity, e.ID, RuleClosedPeriods, "effective %s lies in %s, which was closed (after entry number %d) before this entry was posted",
				e.EffectiveAt.UTC().Format("2006-01-02T15:04:05.999999Z"), r.Period, r.ClosedSeq)
		}
	}
}
