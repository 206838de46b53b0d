package ledger

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
)

const maxReasonLen = 1000

// Periods closes and reopens an entity's months and reports on them
// (docs/adr/0046-period-close.md). Posting needs none of it: ledgerdb's
// Post reads the closed boundary with the chain head it locks anyway.
type Periods struct {
	ledger *Ledger
	store  PeriodStore
	recon  ReconciliationSource
}

// NewPeriods returns the periods of l's books kept in s. recon supplies the
// reconciliation figures of the close report; nil reports zeros.
func NewPeriods(l *Ledger, s PeriodStore, recon ReconciliationSource) *Periods {
	if recon == nil {
		recon = NoReconciliation{}
	}
	return &Periods{ledger: l, store: s, recon: recon}
}

// CloseResult is what a close did: the months it closed (the one asked
// for last), or Duplicate with the month's record when it was closed.
type CloseResult struct {
	Closed    []PeriodRecord
	Duplicate bool
}

// Close closes p and every open month before it, and stores each one's
// close report. Closing a closed month changes nothing and says Duplicate.
// Errors: Invalid (entity, or p has not ended yet).
func (ps *Periods) Close(ctx context.Context, entity int64, p Period, by string) (CloseResult, error) {
	entity, err := checkArgs(entity, p)
	if err != nil {
		return CloseResult{}, err
	}
	closed, err := ps.store.ClosePeriods(ctx, entity, p, by, ps.ledger.now().UTC().Truncate(time.Microsecond))
	if err != nil {
		return CloseResult{}, err
	}
	if len(closed) == 0 {
		rec, err := ps.record(ctx, entity, p)
		return CloseResult{Closed: []PeriodRecord{rec}, Duplicate: true}, err
	}
	for i := range closed {
		if err := ps.snapshot(ctx, &closed[i]); err != nil {
			return CloseResult{}, err
		}
	}
	return CloseResult{Closed: closed}, nil
}

// snapshot takes rec's close report and keeps it with the record. Taken
// after the close committed it is still the report as of the close: nothing
// can be posted into a closed month, so its figures no longer move.
func (ps *Periods) snapshot(ctx context.Context, rec *PeriodRecord) error {
	rep, err := ps.report(ctx, *rec)
	if err != nil {
		return err
	}
	if rec.Report, err = json.Marshal(rep); err != nil {
		return err
	}
	return ps.store.SavePeriodReport(ctx, rec.Entity, rec.Period, rec.Report)
}

// Reopen opens p again, and every later closed month with it, for an
// admin's reason. Errors: Invalid (entity, reason), Conflict (p not closed).
func (ps *Periods) Reopen(ctx context.Context, entity int64, p Period, by, reason string) ([]PeriodRecord, error) {
	entity, err := checkArgs(entity, p)
	if err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return nil, fault.Invalidf("reason", "reason_missing", "say why the period is reopened; the reason is kept with it and in the audit log")
	case len(reason) > maxReasonLen:
		return nil, fault.Invalidf("reason", "reason_too_long", "the reason is %d bytes; the limit is %d", len(reason), maxReasonLen)
	}
	return ps.store.ReopenPeriods(ctx, entity, p, by, reason, ps.ledger.now().UTC().Truncate(time.Microsecond))
}

// List returns entity's period records (months closed at least once) in
// month order.
func (ps *Periods) List(ctx context.Context, entity int64) ([]PeriodRecord, error) {
	entity, err := checkEntity(entity)
	if err != nil {
		return nil, err
	}
	return ps.store.Periods(ctx, entity)
}

// record returns p's record, or one bounded in the entity's zone when p
// has none: closed when it lies before the first month closed (no entry
// can be dated there), else open.
func (ps *Periods) record(ctx context.Context, entity int64, p Period) (PeriodRecord, error) {
	recs, err := ps.store.Periods(ctx, entity)
	if err != nil {
		return PeriodRecord{}, err
	}
	for _, r := range recs {
		if r.Period == p {
			return r, nil
		}
	}
	loc, err := ps.store.Zone(ctx, entity)
	if err != nil {
		return PeriodRecord{}, err
	}
	start, end := p.Bounds(loc)
	status := PeriodOpen
	if len(recs) > 0 && p.Before(recs[0].Period) {
		status = PeriodClosed // before the first month closed, so closed with it
	}
	return PeriodRecord{Entity: entity, Period: p, Start: start, End: end, Status: status}, nil
}

// PeriodReport is the close report of one entity's month: the trial
// balance at its end, what was posted into it, and reconciliation figures.
type PeriodReport struct {
	Entity    int64        `json:"entity"`
	Period    string       `json:"period"`
	Status    PeriodStatus `json:"status"`
	Start     time.Time    `json:"start"`
	End       time.Time    `json:"end"`
	Entries   int64        `json:"entries"`    // entries effective in the month
	LateItems int64        `json:"late_items"` // of them, those dated for a closed month and moved into this one
	Trial     TrialBalance `json:"-"`
	Lines     []ReportLine `json:"trial_balance"`
	Totals    []ReportLine `json:"totals"`
	Recon     Reconciled   `json:"reconciliation"`
}

// ReportLine is one line of a report's trial balance; Account is empty on
// a currency's totals line.
type ReportLine struct {
	Account  string         `json:"account,omitempty"`
	Currency money.Currency `json:"currency"`
	Debit    money.Amount   `json:"debit"`
	Credit   money.Amount   `json:"credit"`
}

// Report returns p's close report, as of now for an open month.
func (ps *Periods) Report(ctx context.Context, entity int64, p Period) (PeriodReport, error) {
	entity, err := checkArgs(entity, p)
	if err != nil {
		return PeriodReport{}, err
	}
	rec, err := ps.record(ctx, entity, p)
	if err != nil {
		return PeriodReport{}, err
	}
	return ps.report(ctx, rec)
}

func (ps *Periods) report(ctx context.Context, rec PeriodRecord) (PeriodReport, error) {
	// The trial balance counts postings effective at or before its time;
	// the month ends one microsecond, the stored resolution, before End.
	tb, err := ps.ledger.TrialBalance(ctx, rec.Entity, rec.End.Add(-time.Microsecond))
	if err != nil {
		return PeriodReport{}, err
	}
	entries, late, err := ps.store.PeriodCounts(ctx, rec.Entity, rec.Start, rec.End)
	if err != nil {
		return PeriodReport{}, err
	}
	recon, err := ps.recon.Reconciliation(ctx, rec.Entity, rec.Start, rec.End)
	if err != nil {
		return PeriodReport{}, err
	}
	rep := PeriodReport{Entity: rec.Entity, Period: rec.Period.String(), Status: rec.Status, Start: rec.Start, End: rec.End,
		Entries: entries, LateItems: late, Trial: tb, Recon: recon, Lines: []ReportLine{}, Totals: []ReportLine{}}
	for _, l := range tb.Lines {
		rep.Lines = append(rep.Lines, ReportLine{Account: l.Account.Code, Currency: l.Debit.Currency(), Debit: l.Debit, Credit: l.Credit})
	}
	for _, t := range tb.Totals {
		rep.Totals = append(rep.Totals, ReportLine{Currency: t.Currency, Debit: t.Debit, Credit: t.Credit})
	}
	return rep, nil
}

// checkArgs checks the entity and period a call names; entity 0 is the
// default entity.
func checkArgs(entity int64, p Period) (int64, error) {
	if err := p.Validate(); err != nil {
		return 0, err
	}
	return checkEntity(entity)
}

func checkEntity(entity int64) (int64, error) {
	if entity == 0 {
		return DefaultEntity, nil
	}
	if entity < 0 || entity > MaxEntity {
		return 0, fault.Invalidf("entity", "entity_invalid", "entity must be a legal entity id from 1 to %d, not %d", MaxEntity, entity)
	}
	return entity, nil
}
