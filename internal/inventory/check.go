package inventory

import (
	"context"
	"fmt"
)

// Rules checked, named after DESIGN.md §5.
const (
	RuleOnHand   = "I3 on-hand equals the sum of movements"
	RuleReserved = "I3 reserved equals the held reservations and the movements"
	RuleBounds   = "I3 0 <= reserved <= on-hand"
)

// Problem is one broken invariant at one (SKU, warehouse).
type Problem struct {
	SKU, Warehouse, Rule, Detail string
}

func (p Problem) String() string {
	return fmt.Sprintf("stock %s @ %s: %s: %s", p.SKU, p.Warehouse, p.Rule, p.Detail)
}

// Check verifies invariant 3 for every level: within bounds, on-hand and
// reserved equal to the sums of the movements, and reserved equal to the
// held reservations (which also proves each reservation resolved once: a
// second resolution would move the sums apart).
func (s *Service) Check(ctx context.Context) (levels int, problems []Problem, err error) {
	stored, err := s.store.Levels(ctx)
	if err != nil {
		return 0, nil, err
	}
	moved, err := s.store.MovementSums(ctx)
	if err != nil {
		return 0, nil, err
	}
	held, err := s.store.HeldSums(ctx)
	if err != nil {
		return 0, nil, err
	}
	want, wantHeld := index(moved), index(held)
	for _, l := range stored {
		k := [2]string{l.SKU, l.Warehouse}
		m, h := want[k], wantHeld[k]
		add := func(rule, format string, args ...any) {
			problems = append(problems, Problem{l.SKU, l.Warehouse, rule, fmt.Sprintf(format, args...)})
		}
		if l.OnHand < 0 || l.Reserved < 0 || l.Reserved > l.OnHand {
			add(RuleBounds, "on hand %d, reserved %d", l.OnHand, l.Reserved)
		}
		if l.OnHand != m.OnHand {
			add(RuleOnHand, "stored %d, movements sum to %d", l.OnHand, m.OnHand)
		}
		if l.Reserved != m.Reserved || l.Reserved != h.Reserved {
			add(RuleReserved, "stored %d, movements sum to %d, held reservations to %d", l.Reserved, m.Reserved, h.Reserved)
		}
		delete(want, k)
	}
	for k, m := range want {
		if m.OnHand != 0 || m.Reserved != 0 {
			problems = append(problems, Problem{k[0], k[1], RuleOnHand, "movements exist but no stock level"})
		}
	}
	return len(stored), problems, nil
}

func index(ls []Level) map[[2]string]Level {
	m := make(map[[2]string]Level, len(ls))
	for _, l := range ls {
		m[[2]string{l.SKU, l.Warehouse}] = l
	}
	return m
}
