package termsdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement/terms"
	"github.com/fnshub/fnshub/internal/store"
)

const rateCols = `from_ccy, to_ccy, rate_date, rate, source, imported_at`

func latestRate(ctx context.Context, tx *store.Tx, from, to money.Currency, earliest, latest string) (terms.FXRate, bool, error) {
	r, err := scanRate(tx.QueryRow(ctx, `SELECT `+rateCols+` FROM fx_rates WHERE from_ccy = ? AND to_ccy = ? AND rate_date >= ? AND rate_date <= ?
		ORDER BY rate_date DESC LIMIT 1`, string(from), string(to), earliest, latest))
	if errors.Is(err, sql.ErrNoRows) {
		return terms.FXRate{}, false, nil
	}
	if err != nil {
		return terms.FXRate{}, false, fmt.Errorf("termsdb: rate %s→%s: %w", from, to, err)
	}
	return r, true, nil
}

// scanRate reads one row of rateCols, of fx_rates or fx_rate_history.
func scanRate(row store.Scanner) (terms.FXRate, error) {
	var r terms.FXRate
	var from, to string
	var imported int64
	if err := row.Scan(&from, &to, &r.Date, &r.Rate, &r.Source, &imported); err != nil {
		return terms.FXRate{}, err
	}
	r.From, r.To, r.ImportedAt = money.Currency(from), money.Currency(to), store.Time(imported)
	return r, nil
}

// Find looks up the rate of a pair on a day (terms.Find).
func (s *Store) Find(ctx context.Context, from, to money.Currency, date string) (f terms.Found, err error) {
	err = s.db.Read(ctx, func(tx *store.Tx) error { f, err = terms.Find(ctx, bound{tx}, from, to, date); return err })
	return f, err
}

// Rates lists the stored rates of a pair from one day to another
// (inclusive; "" for no bound), newest first, at most limit.
func (s *Store) Rates(ctx context.Context, from, to money.Currency, since, until string, limit int) ([]terms.FXRate, error) {
	if until == "" {
		until = "9999-12-31"
	}
	return store.Collect(ctx, s.db, scanRate, `SELECT `+rateCols+` FROM fx_rates WHERE from_ccy = ? AND to_ccy = ? AND rate_date >= ? AND rate_date <= ?
		ORDER BY rate_date DESC LIMIT ?`, string(from), string(to), since, until, limit)
}

// Import stores rates in one transaction: all or nothing. A rate equal
// to the stored one of its pair and day is a duplicate; a different one
// fails the import with Conflict, naming it, unless opt.Correct, which
// replaces it and keeps the old value in fx_rate_history. The rates must
// be valid (terms.FXRate.Validate); two rows of one pair and day in the
// same import must agree.
func (s *Store) Import(ctx context.Context, rates []terms.FXRate, opt terms.ImportOptions) (out terms.ImportOutcome, err error) {
	for i, r := range rates {
		if err := r.Validate(); err != nil {
			return terms.ImportOutcome{}, fmt.Errorf("rates[%d]: %w", i, err)
		}
	}
	now := store.Micros(opt.Now)
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		out = terms.ImportOutcome{}
		for i, r := range rates {
			res, err := importOne(ctx, tx, r, opt.Correct, now)
			if err != nil {
				var fe *fault.Error
				if errors.As(err, &fe) {
					fe.Field = fmt.Sprintf("rates[%d]", i)
				}
				return err
			}
			switch res {
			case added:
				out.Added++
			case duplicate:
				out.Duplicates++
			case corrected:
				out.Corrected++
			}
		}
		return nil
	})
	return out, err
}

type importResult int

const (
	added importResult = iota
	duplicate
	corrected
)

func importOne(ctx context.Context, tx *store.Tx, r terms.FXRate, correct bool, now int64) (importResult, error) {
	old, err := scanRate(tx.QueryRow(ctx, `SELECT `+rateCols+` FROM fx_rates WHERE from_ccy = ? AND to_ccy = ? AND rate_date = ?`,
		string(r.From), string(r.To), r.Date))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, err = tx.Exec(ctx, `INSERT INTO fx_rates (`+rateCols+`) VALUES (?, ?, ?, ?, ?, ?)`, string(r.From), string(r.To), r.Date, r.Rate, r.Source, now)
		return added, err
	case err != nil:
		return 0, err
	case terms.SameRate(old.Rate, r.Rate):
		return duplicate, nil
	case !correct:
		return 0, fault.New(fault.Conflict, "fx_rate_differs",
			"%s→%s on %s is stored as %s (from %s), this says %s; a rate reconciliations may have used is not changed silently: import with --correct (\"correct\": true) to replace it, the old value kept in the history",
			r.From, r.To, r.Date, old.Rate, old.Source, r.Rate)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO fx_rate_history (from_ccy, to_ccy, rate_date, rate, source, imported_at, replaced_at, replaced_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, string(old.From), string(old.To), old.Date, old.Rate, old.Source, store.Micros(old.ImportedAt), now, r.Rate); err != nil {
		return 0, err
	}
	_, err = tx.Exec(ctx, `UPDATE fx_rates SET rate = ?, source = ?, imported_at = ? WHERE from_ccy = ? AND to_ccy = ? AND rate_date = ?`,
		r.Rate, r.Source, now, string(r.From), string(r.To), r.Date)
	return corrected, err
}

// History lists the replaced values of a pair's rate on a day, oldest first.
func (s *Store) History(ctx context.Context, from, to money.Currency, date string) ([]terms.FXRate, error) {
	return store.Collect(ctx, s.db, scanRate, `SELECT `+rateCols+` FROM fx_rate_history WHERE from_ccy = ? AND to_ccy = ? AND rate_date = ? ORDER BY id`,
		string(from), string(to), date)
}
