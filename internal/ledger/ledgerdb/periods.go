package ledgerdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/store"
)

var _ ledger.PeriodStore = (*Store)(nil)

// defaultZone is the books' zone of an entity without a legal_entities row
// (migration 00015 gives the default entity this one).
const defaultZone = "Asia/Shanghai"

// Zone is entity's time zone, from its legal entity.
func (s *Store) Zone(ctx context.Context, entity int64) (loc *time.Location, err error) {
	err = s.db.Read(ctx, func(tx *store.Tx) error { loc, err = zoneTx(ctx, tx, entity); return err })
	return loc, err
}

func zoneTx(ctx context.Context, tx *store.Tx, entity int64) (*time.Location, error) {
	var zone string
	err := tx.QueryRow(ctx, `SELECT timezone FROM legal_entities WHERE id = ?`, entity).Scan(&zone)
	if errors.Is(err, sql.ErrNoRows) || zone == "" {
		zone, err = defaultZone, nil
	}
	if err != nil {
		return nil, fmt.Errorf("ledgerdb: zone of entity %d: %w", entity, err)
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, fmt.Errorf("ledgerdb: zone %q of entity %d: %w", zone, entity, err)
	}
	return loc, nil
}

// lockClosed locks entity's chain head, as Post does, and returns its last
// entry's number and the end of its closed months (unix µs, 0 for none).
func lockClosed(ctx context.Context, tx *store.Tx, entity int64) (seq, closedUntil int64, err error) {
	if err = CreateHead(ctx, tx, entity); err != nil {
		return 0, 0, err
	}
	err = tx.QueryRow(ctx, `SELECT last_seq, closed_until FROM ledger_chains WHERE entity_id = ?`+tx.Dialect().ForUpdate(), entity).Scan(&seq, &closedUntil)
	return seq, closedUntil, err
}

func setClosed(ctx context.Context, tx *store.Tx, entity int64, until time.Time) error {
	_, err := tx.Exec(ctx, `UPDATE ledger_chains SET closed_until = ? WHERE entity_id = ?`, store.Micros(until), entity)
	return err
}

// ClosePeriods closes every open month of entity up to through.
func (s *Store) ClosePeriods(ctx context.Context, entity int64, through ledger.Period, by string, now time.Time) ([]ledger.PeriodRecord, error) {
	var out []ledger.PeriodRecord
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		out = nil
		seq, closedUntil, err := lockClosed(ctx, tx, entity)
		if err != nil {
			return err
		}
		loc, err := zoneTx(ctx, tx, entity)
		if err != nil {
			return err
		}
		_, end := through.Bounds(loc)
		if end.After(now) {
			return fault.Invalidf("period", "period_not_ended", "%s has not ended yet in the entity's zone (%s); close a month once it is over", through, loc)
		}
		if closedUntil != 0 && !end.After(store.Time(closedUntil)) {
			return nil // closed already, with a record or before the first one
		}
		first, start, err := firstOpen(ctx, tx, entity, closedUntil, through, loc)
		if err != nil {
			return err
		}
		for p := first; !through.Before(p); p = p.Next() {
			_, end := p.Bounds(loc)
			rec := ledger.PeriodRecord{Entity: entity, Period: p, Start: start, End: end, Status: ledger.PeriodClosed,
				ClosedAt: now, ClosedBy: by, ClosedSeq: seq}
			if err := putClosed(ctx, tx, rec); err != nil {
				return err
			}
			out, start = append(out, rec), end
		}
		if len(out) == 0 {
			return nil
		}
		return setClosed(ctx, tx, entity, start)
	})
	if err != nil {
		return nil, fmt.Errorf("ledgerdb: close %s of entity %d: %w", through, entity, err)
	}
	return out, nil
}

// firstOpen is the first month to close and the instant it starts: the
// month after the last closed one, starting where that one ended, or, when
// none is closed, the month of entity's first entry (through itself when
// it has none or they are later).
func firstOpen(ctx context.Context, tx *store.Tx, entity, closedUntil int64, through ledger.Period, loc *time.Location) (ledger.Period, time.Time, error) {
	var last sql.NullString
	err := tx.QueryRow(ctx, `SELECT MAX(period) FROM ledger_periods WHERE entity_id = ? AND status = 'closed'`, entity).Scan(&last)
	if err != nil {
		return ledger.Period{}, time.Time{}, err
	}
	if last.Valid && closedUntil != 0 {
		p, err := ledger.ParsePeriod("period", last.String)
		return p.Next(), store.Time(closedUntil), err
	}
	// None closed: from the first month reopened (all of them are, if any
	// is), or else the month of the first entry.
	var reopened sql.NullString
	if err := tx.QueryRow(ctx, `SELECT MIN(period) FROM ledger_periods WHERE entity_id = ?`, entity).Scan(&reopened); err != nil {
		return ledger.Period{}, time.Time{}, err
	}
	first, lastID := ledger.EntityIDs(entity)
	var earliest sql.NullInt64
	if err := tx.QueryRow(ctx, `SELECT MIN(effective_at) FROM ledger_entries WHERE id BETWEEN ? AND ?`, first, lastID).Scan(&earliest); err != nil {
		return ledger.Period{}, time.Time{}, err
	}
	p := through
	if earliest.Valid {
		if q := ledger.PeriodOf(store.Time(earliest.Int64), loc); q.Before(p) {
			p = q
		}
	}
	if reopened.Valid {
		q, err := ledger.ParsePeriod("period", reopened.String)
		if err != nil {
			return ledger.Period{}, time.Time{}, err
		}
		if q.Before(p) {
			p = q
		}
	}
	start, _ := p.Bounds(loc)
	return p, start, nil
}

func putClosed(ctx context.Context, tx *store.Tx, r ledger.PeriodRecord) error {
	_, err := tx.Exec(ctx, `INSERT INTO ledger_periods (entity_id, period, starts_at, ends_at, status, closed_at, closed_by, closed_seq)
		VALUES (?, ?, ?, ?, 'closed', ?, ?, ?)
		ON CONFLICT (entity_id, period) DO UPDATE SET starts_at = excluded.starts_at, ends_at = excluded.ends_at, status = 'closed',
			closed_at = excluded.closed_at, closed_by = excluded.closed_by, closed_seq = excluded.closed_seq,
			reopened_at = 0, reopened_by = '', reopen_reason = '', reopened_seq = 0, report = '{}'`,
		r.Entity, r.Period.String(), store.Micros(r.Start), store.Micros(r.End), store.Micros(r.ClosedAt), r.ClosedBy, r.ClosedSeq)
	return err
}

// ReopenPeriods reopens from and every later closed month of entity.
func (s *Store) ReopenPeriods(ctx context.Context, entity int64, from ledger.Period, by, reason string, now time.Time) ([]ledger.PeriodRecord, error) {
	var out []ledger.PeriodRecord
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		seq, _, err := lockClosed(ctx, tx, entity)
		if err != nil {
			return err
		}
		var starts int64
		err = tx.QueryRow(ctx, `SELECT starts_at FROM ledger_periods WHERE entity_id = ? AND period = ? AND status = 'closed'`, entity, from.String()).Scan(&starts)
		if errors.Is(err, sql.ErrNoRows) {
			return fault.New(fault.Conflict, "period_not_closed", "%s of entity %d is not closed; only a closed month can be reopened", from, entity)
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE ledger_periods SET status = 'open', reopened_at = ?, reopened_by = ?, reopen_reason = ?, reopened_seq = ?
			WHERE entity_id = ? AND period >= ? AND status = 'closed'`, store.Micros(now), by, reason, seq, entity, from.String()); err != nil {
			return err
		}
		if err := setClosed(ctx, tx, entity, store.Time(starts)); err != nil {
			return err
		}
		out, err = periodsTx(ctx, tx, `entity_id = ? AND period >= ? AND reopened_at = ?`, entity, from.String(), store.Micros(now))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("ledgerdb: reopen %s of entity %d: %w", from, entity, err)
	}
	return out, nil
}

// Periods lists entity's period records, every entity's for entity 0.
func (s *Store) Periods(ctx context.Context, entity int64) (out []ledger.PeriodRecord, err error) {
	err = s.db.Read(ctx, func(tx *store.Tx) error {
		if entity == 0 {
			out, err = periodsTx(ctx, tx, `1 = 1`)
		} else {
			out, err = periodsTx(ctx, tx, `entity_id = ?`, entity)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("ledgerdb: periods: %w", err)
	}
	return out, nil
}

func periodsTx(ctx context.Context, tx *store.Tx, where string, args ...any) ([]ledger.PeriodRecord, error) {
	return store.CollectTx(ctx, tx, scanPeriod, `SELECT entity_id, period, starts_at, ends_at, status, closed_at, closed_by, closed_seq,
		reopened_at, reopened_by, reopen_reason, reopened_seq, report FROM ledger_periods WHERE `+where+` ORDER BY entity_id, period`, args...)
}

func scanPeriod(row store.Scanner) (ledger.PeriodRecord, error) {
	var r ledger.PeriodRecord
	var period, status, report string
	var starts, ends, closed, reopened int64
	if err := row.Scan(&r.Entity, &period, &starts, &ends, &status, &closed, &r.ClosedBy, &r.ClosedSeq,
		&reopened, &r.ReopenedBy, &r.ReopenReason, &r.ReopenedSeq, &report); err != nil {
		return r, err
	}
	p, err := ledger.ParsePeriod("period", period)
	r.Period, r.Status, r.Report = p, ledger.PeriodStatus(status), []byte(report)
	r.Start, r.End, r.ClosedAt, r.ReopenedAt = store.Time(starts), store.Time(ends), store.Time(closed), store.Time(reopened)
	return r, err
}

// SavePeriodReport stores the report taken when p was closed.
func (s *Store) SavePeriodReport(ctx context.Context, entity int64, p ledger.Period, report []byte) error {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE ledger_periods SET report = ? WHERE entity_id = ? AND period = ?`, string(report), entity, p.String())
		return err
	})
	if err != nil {
		return fmt.Errorf("ledgerdb: save report of %s: %w", p, err)
	}
	return nil
}

// PeriodCounts counts entity's entries effective in [start, end) and of
// them those moved there from a closed month.
func (s *Store) PeriodCounts(ctx context.Context, entity int64, start, end time.Time) (entries, late int64, err error) {
	first, last := ledger.EntityIDs(entity)
	err = s.db.Read(ctx, func(tx *store.Tx) error {
		return tx.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN dated_for <> 0 THEN 1 ELSE 0 END), 0) FROM ledger_entries
			WHERE id BETWEEN ? AND ? AND effective_at >= ? AND effective_at < ?`, first, last, store.Micros(start), store.Micros(end)).Scan(&entries, &late)
	})
	if err != nil {
		return 0, 0, fmt.Errorf("ledgerdb: count entries: %w", err)
	}
	return entries, late, nil
}
