package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/pii"
)

// Check verifies the order invariants (DESIGN.md §5): every order was
// created by exactly one version (5); its stored version is the newest
// version that took effect, so it never went back to an older one (6); no
// cancelled or refunded order still holds stock; and no line or version
// lost its order (they have no foreign key, ADR 12). It returns how many
// orders it checked and a line per problem.
func (o *Orders) Check(ctx context.Context) (orders int, problems []string, err error) {
	err = o.unit.Read(ctx, func(s Stores) error {
		if orders, err = s.Orders.Count(ctx); err != nil {
			return err
		}
		for _, check := range order.Checks() {
			found, err := s.Orders.Offenders(ctx, check)
			if err != nil {
				return fmt.Errorf("app: check %s: %w", check, err)
			}
			for _, f := range found {
				problems = append(problems, fmt.Sprintf("order %d: %s: found %d", f.OrderID, check, f.Found))
			}
		}
		return nil
	})
	if err != nil {
		return orders, problems, err
	}
	more, err := o.checkContent(ctx)
	return orders, append(problems, more...), err
}

// checkContent proves each order holds the content its fingerprint names —
// the lines, amounts, buyer and address of the version in effect, which the
// query above ties it to — so a version answered "applied" whose content
// was dropped is caught, not only one whose number was.
func (o *Orders) checkContent(ctx context.Context) ([]string, error) {
	var problems []string
	f := order.Filter{Limit: 500}
	for {
		recs, err := o.List(ctx, f)
		if err != nil {
			return problems, fmt.Errorf("app: check order content: %w", err)
		}
		more, err := o.checkFingerprints(ctx, recs)
		if err != nil {
			return problems, err
		}
		problems = append(problems, more...)
		if len(recs) < f.Limit {
			return problems, nil
		}
		f.Before = recs[len(recs)-1].ID
	}
}

// checkFingerprints checks recs' fingerprints against the contacts their
// versions sent (not a corrected receiver). An erased buyer's order is
// skipped: its address cannot be read back, by design.
func (o *Orders) checkFingerprints(ctx context.Context, recs []*order.Record) (problems []string, err error) {
	err = o.unit.Read(ctx, func(s Stores) error {
		bk := newBuyerKeys(o.keys, s.Buyers, o.clock())
		for _, rec := range recs {
			if rec.ContentHash == "" {
				continue // stored before fingerprints were kept
			}
			c, err := bk.open(ctx, rec, rec.Contact)
			if errors.Is(err, pii.ErrErased) {
				continue
			}
			if err != nil {
				return err
			}
			if c == nil {
				erased, err := bk.erased(ctx, rec)
				if err != nil {
					return err
				}
				if erased {
					continue // a contact sealed by the master key may have been dropped
				}
			}
			if hash, _ := fingerprints(o.keys, rec.Order, c); hash != rec.ContentHash {
				problems = append(problems, fmt.Sprintf("order %d: I6 content of the newest version in effect: "+
					"its stored lines, amounts or address are not those of the version it says is in effect", rec.ID))
			}
		}
		return nil
	})
	return problems, err
}
