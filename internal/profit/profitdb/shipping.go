package profitdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/profit"
	"github.com/fnshub/fnshub/internal/store"
)

// SetCarrierRate keeps r in place of the rate of its carrier, province and
// currency. It applies to orders written from then on.
func (s *Store) SetCarrierRate(ctx context.Context, r profit.CarrierRate) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO carrier_rates (carrier, province, currency, first_g, first_minor, extra_g, extra_minor, flat_minor)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (carrier, province, currency) DO UPDATE SET first_g = excluded.first_g,
			first_minor = excluded.first_minor, extra_g = excluded.extra_g, extra_minor = excluded.extra_minor, flat_minor = excluded.flat_minor`,
			r.Carrier, r.Province, string(r.Currency), r.FirstG, r.First, r.ExtraG, r.Extra, r.Flat)
		return err
	})
}

// shippingOf estimates r's shipping cost from the carrier rate table: the
// rate of its carrier and province, else of its carrier for any province,
// else of any carrier for its province, else of any; none, no cost. The
// weight is the catalog's SKU weights times quantities.
func (s *state) shippingOf(ctx context.Context, tx *store.Tx, r *order.Record) (int64, error) {
	if !s.ratesRead {
		s.ratesRead = true
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM carrier_rates`).Scan(&n); err != nil {
			return 0, fmt.Errorf("profitdb: carrier rates: %w", err)
		}
		s.anyRates = n > 0
	}
	if !s.anyRates || len(r.Lines) == 0 {
		return 0, nil // the common case pays one count per transaction
	}
	var rate profit.CarrierRate
	err := tx.QueryRow(ctx, `SELECT first_g, first_minor, extra_g, extra_minor, flat_minor FROM carrier_rates
		WHERE carrier IN (?, '*') AND province IN (?, '*') AND currency = ?
		ORDER BY CASE WHEN carrier = '*' THEN 1 ELSE 0 END, CASE WHEN province = '*' THEN 1 ELSE 0 END LIMIT 1`,
		r.Carrier, r.Province, string(r.Currency)).Scan(&rate.FirstG, &rate.First, &rate.ExtraG, &rate.Extra, &rate.Flat)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("profitdb: carrier rate: %w", err)
	}
	skus, qty := make([]any, 0, len(r.Lines)), map[string]int64{}
	for _, l := range r.Lines {
		if l.SKU != "" {
			if _, ok := qty[l.SKU]; !ok {
				skus = append(skus, l.SKU)
			}
			qty[l.SKU] += l.Quantity
		}
	}
	var weight int64
	if len(skus) > 0 {
		marks, padded := store.InList(skus)
		rows, err := tx.Query(ctx, `SELECT code, weight_g FROM skus WHERE code IN (`+marks+`)`, padded...)
		if err != nil {
			return 0, fmt.Errorf("profitdb: SKU weights: %w", err)
		}
		defer rows.Close()
		seen := map[string]bool{}
		for rows.Next() {
			var code string
			var w int64
			if err := rows.Scan(&code, &w); err != nil {
				return 0, err
			}
			if !seen[code] {
				seen[code] = true
				weight += w * qty[code]
			}
		}
		if err := rows.Err(); err != nil {
			return 0, err
		}
	}
	return rate.Cost(weight), nil
}

// CarrierRates returns every kept rate, by carrier, province and currency.
func (s *Store) CarrierRates(ctx context.Context) (out []profit.CarrierRate, err error) {
	err = s.db.Read(ctx, func(tx *store.Tx) error {
		out, err = store.CollectTx(ctx, tx, func(row store.Scanner) (profit.CarrierRate, error) {
			var r profit.CarrierRate
			var cur string
			err := row.Scan(&r.Carrier, &r.Province, &cur, &r.FirstG, &r.First, &r.ExtraG, &r.Extra, &r.Flat)
			r.Currency = money.Currency(cur)
			return r, err
		}, `SELECT carrier, province, currency, first_g, first_minor, extra_g, extra_minor, flat_minor FROM carrier_rates ORDER BY carrier, province, currency`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("profitdb: carrier rates: %w", err)
	}
	return out, nil
}

// SetShippingCost makes amount, entered by hand (by whom), the order's
// shipping cost in place of the estimate, which stays beside it; entering
// it again replaces it, and the same amount again changes nothing
// (changed is false). Errors: NotFound for an order without profit facts;
// Invalid (amount) for another currency than the order's.
func (s *Store) SetShippingCost(ctx context.Context, orderID int64, amount money.Amount, by string, now time.Time) (changed bool, err error) {
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		st := stateOf(tx)
		ls, err := st.lines(ctx, tx, orderID)
		if err != nil {
			return err
		}
		if len(ls) == 0 {
			return fault.New(fault.NotFound, "order_not_found", "no order %d", orderID)
		}
		if cur := ls[0].Key.Currency; cur != string(amount.Currency()) {
			return fault.Invalidf("amount", "currency_mismatch", "the order is in %s, the cost in %s: give it in the order's currency", cur, amount.Currency())
		}
		if amount.Minor() < 0 {
			return fault.Invalidf("amount", "amount_negative", "a shipping cost is not negative")
		}
		var total, set int64
		for _, l := range ls {
			total, set = total+l.ActShipping, max(set, l.ShipSet)
		}
		if changed = set == 0 || total != amount.Minor(); !changed {
			return nil
		}
		profit.SetShipping(ls, amount.Minor())
		_, err = tx.Exec(ctx, `INSERT INTO order_shipping_costs (order_id, currency, amount_minor, entered_at, entered_by) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (order_id) DO UPDATE SET currency = excluded.currency, amount_minor = excluded.amount_minor,
			entered_at = excluded.entered_at, entered_by = excluded.entered_by`,
			orderID, string(amount.Currency()), amount.Minor(), store.Micros(now), by)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("profitdb: shipping cost of order %d: %w", orderID, err)
	}
	return changed, nil
}
