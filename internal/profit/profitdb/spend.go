package profitdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/profit"
	"github.com/fnshub/fnshub/internal/store"
)

// ImportSpend keeps each spend row once per channel, campaign and day: a
// row already kept with the same amount is a duplicate; one kept with
// another amount refuses the whole import (Conflict, naming it), so a file
// is taken whole or not at all.
func (s *Store) ImportSpend(ctx context.Context, rows []profit.Spend, now time.Time) (out profit.SpendImport, err error) {
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		out = profit.SpendImport{}
		for _, r := range rows {
			var cur string
			var amount int64
			err := tx.QueryRow(ctx, `SELECT currency, amount_minor FROM ad_spend WHERE channel = ? AND campaign = ? AND day = ?`,
				r.Channel, r.Campaign, r.Day).Scan(&cur, &amount)
			switch {
			case err == nil && cur == string(r.Amount.Currency()) && amount == r.Amount.Minor():
				out.Duplicates++
				continue
			case err == nil:
				return fault.New(fault.Conflict, "spend_differs", "campaign %q of %s on %s was imported as %s; this file says %s. Spend is kept once per channel, campaign and day",
					r.Campaign, r.Channel, r.Day, money.New(amount, money.Currency(cur)), r.Amount)
			case !errors.Is(err, sql.ErrNoRows):
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO ad_spend (channel, campaign, day, currency, amount_minor, imported_at) VALUES (?, ?, ?, ?, ?, ?)`,
				r.Channel, r.Campaign, r.Day, string(r.Amount.Currency()), r.Amount.Minor(), store.Micros(now)); err != nil {
				return err
			}
			out.Imported++
		}
		return nil
	})
	if err != nil {
		return profit.SpendImport{}, fmt.Errorf("profitdb: import spend: %w", err)
	}
	return out, nil
}

// SpendOf sums the spend of the days from..to (inclusive, YYYY-MM-DD) by
// channel, campaign and currency, and by day when byDay.
func (s *Store) SpendOf(ctx context.Context, from, to string, channels []string, byDay bool) (out []profit.SpendRow, err error) {
	day := "''"
	if byDay {
		day = "day"
	}
	where, args := ` WHERE day >= ? AND day <= ?`, []any{from, to}
	if channels != nil {
		list := make([]any, len(channels))
		for i, c := range channels {
			list[i] = c
		}
		marks, padded := store.InList(list)
		where, args = where+` AND channel IN (`+marks+`)`, append(args, padded...)
	}
	err = s.db.Read(ctx, func(tx *store.Tx) error {
		out, err = store.CollectTx(ctx, tx, func(row store.Scanner) (profit.SpendRow, error) {
			var r profit.SpendRow
			return r, row.Scan(&r.Day, &r.Channel, &r.Campaign, &r.Currency, &r.Minor)
		}, `SELECT `+day+`, channel, campaign, currency, CAST(SUM(amount_minor) AS BIGINT) FROM ad_spend`+where+` GROUP BY 1, 2, 3, 4`, args...)
		return err
	})
	return out, err
}

// ListSpend returns the kept spend q selects in (day, channel, campaign)
// order, at most q.Limit rows (1..profit.MaxSpendPage).
func (s *Store) ListSpend(ctx context.Context, q profit.SpendQuery) (out []profit.SpendKept, err error) {
	where, args := ` WHERE 1 = 1`, []any{}
	if q.From != "" {
		where, args = where+` AND day >= ?`, append(args, q.From)
	}
	if q.To != "" {
		where, args = where+` AND day <= ?`, append(args, q.To)
	}
	if q.Channels != nil {
		list := make([]any, len(q.Channels))
		for i, c := range q.Channels {
			list[i] = c
		}
		marks, padded := store.InList(list)
		where, args = where+` AND channel IN (`+marks+`)`, append(args, padded...)
	}
	if q.Campaign != nil {
		where, args = where+` AND campaign = ?`, append(args, *q.Campaign)
	}
	if a := q.After; a != nil {
		where, args = where+` AND (day > ? OR day = ? AND (channel > ? OR channel = ? AND campaign > ?))`,
			append(args, a.Day, a.Day, a.Channel, a.Channel, a.Campaign)
	}
	limit := min(max(q.Limit, 1), profit.MaxSpendPage)
	err = s.db.Read(ctx, func(tx *store.Tx) error {
		out, err = store.CollectTx(ctx, tx, func(row store.Scanner) (profit.SpendKept, error) {
			var r profit.SpendKept
			var cur string
			var minor, at int64
			if err := row.Scan(&r.Day, &r.Channel, &r.Campaign, &cur, &minor, &at); err != nil {
				return r, err
			}
			r.Amount, r.ImportedAt = money.New(minor, money.Currency(cur)), time.UnixMicro(at).UTC()
			return r, nil
		}, `SELECT day, channel, campaign, currency, amount_minor, imported_at FROM ad_spend`+where+
			fmt.Sprintf(` ORDER BY day, channel, campaign LIMIT %d`, limit), args...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("profitdb: list spend: %w", err)
	}
	return out, nil
}
