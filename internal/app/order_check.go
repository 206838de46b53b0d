package app

import (
	"context"
	"fmt"

	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/pii"
	"github.com/fnshub/fnshub/internal/store"
)

// Check verifies the order invariants (DESIGN.md §5): every order was
// created by exactly one version (5); its stored version is the newest
// version that took effect, so it never went back to an older one (6); no
// cancelled or refunded order still holds stock; and no line or version
// lost its order (they have no foreign key, ADR 12). It returns how many
// orders it checked and a line per problem.
func (o *Orders) Check(ctx context.Context) (orders int, problems []string, err error) {
	checks := []struct{ rule, query string }{
		{"I5 one creating version", `SELECT o.id, COUNT(v.version) FROM orders o LEFT JOIN order_versions v
			ON v.order_id = o.id AND v.effect = 'created' GROUP BY o.id HAVING COUNT(v.version) <> 1`},
		{"I6 newest version wins", `SELECT o.id, o.version FROM orders o JOIN order_versions v ON v.order_id = o.id
			WHERE v.effect <> 'stale' GROUP BY o.id, o.version HAVING MAX(v.version) <> o.version`},
		{"lines belong to an order", `SELECT l.order_id, COUNT(*) FROM order_lines l LEFT JOIN orders o ON o.id = l.order_id
			WHERE o.id IS NULL GROUP BY l.order_id`},
		{"versions belong to an order", `SELECT v.order_id, COUNT(*) FROM order_versions v LEFT JOIN orders o ON o.id = v.order_id
			WHERE o.id IS NULL GROUP BY v.order_id`},
		{"I6 content of the newest version in effect", `SELECT o.id, v.version FROM orders o JOIN order_versions v ON v.order_id = o.id
			WHERE v.version = (SELECT MAX(e.version) FROM order_versions e WHERE e.order_id = o.id AND e.effect IN ('created', 'applied'))
			AND v.content_hash <> '' AND v.content_hash <> o.content_hash AND NOT (o.status = 'refunded' AND o.revenue_entry <> 0)`},
		{"I4 undone orders hold no stock", `SELECT o.id, COUNT(*) FROM orders o JOIN reservations r ON r.ref = 'order:' || o.id
			WHERE o.status IN ('cancelled', 'refunded') AND r.status = 'held' GROUP BY o.id`},
	}
	err = o.db.Read(ctx, func(tx *store.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM orders`).Scan(&orders); err != nil {
			return err
		}
		for _, c := range checks {
			found, err := offenders(ctx, tx, c.query)
			if err != nil {
				return fmt.Errorf("app: check %s: %w", c.rule, err)
			}
			for _, f := range found {
				problems = append(problems, fmt.Sprintf("order %d: %s: found %d", f[0], c.rule, f[1]))
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
		recs, err := o.read.List(ctx, f)
		if err != nil {
			return problems, fmt.Errorf("app: check order content: %w", err)
		}
		for _, rec := range recs {
			if rec.ContentHash == "" {
				continue // stored before fingerprints were kept
			}
			c, err := o.Contact(rec)
			if err != nil {
				return problems, err
			}
			if pii.Fingerprint(o.keys, rec.Order.Content(), c) != rec.ContentHash {
				problems = append(problems, fmt.Sprintf("order %d: I6 content of the newest version in effect: "+
					"its stored lines, amounts or address are not those of the version it says is in effect", rec.ID))
			}
		}
		if len(recs) < f.Limit {
			return problems, nil
		}
		f.Before = recs[len(recs)-1].ID
	}
}

func offenders(ctx context.Context, tx *store.Tx, query string) ([][2]int64, error) {
	rows, err := tx.Query(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][2]int64
	for rows.Next() {
		var f [2]int64
		if err := rows.Scan(&f[0], &f[1]); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}
