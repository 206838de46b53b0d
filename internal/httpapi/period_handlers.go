package httpapi

import (
	"net/http"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/ledger"
)

// Period close (docs/adr/0046-period-close.md). Periods are the whole
// entity's books, so a user limited to some shops may list them but not
// close them or read a report, whose trial balance is every shop's.

// periodJSON is one month's record.
type periodJSON struct {
	Entity       int64               `json:"entity"`
	Period       string              `json:"period"`
	Status       ledger.PeriodStatus `json:"status"`
	Start        time.Time           `json:"start"`
	End          time.Time           `json:"end"`
	ClosedAt     time.Time           `json:"closed_at"`
	ClosedBy     string              `json:"closed_by"`
	ReopenedAt   *time.Time          `json:"reopened_at"`
	ReopenedBy   string              `json:"reopened_by,omitempty"`
	ReopenReason string              `json:"reopen_reason,omitempty"`
}

func (s *Server) periodOut(r ledger.PeriodRecord) periodJSON {
	out := periodJSON{Entity: r.Entity, Period: r.Period.String(), Status: r.Status, Start: r.Start.In(s.Location), End: r.End.In(s.Location),
		ClosedAt: r.ClosedAt.In(s.Location), ClosedBy: r.ClosedBy, ReopenedBy: r.ReopenedBy, ReopenReason: r.ReopenReason}
	if !r.ReopenedAt.IsZero() {
		at := r.ReopenedAt.In(s.Location)
		out.ReopenedAt = &at
	}
	return out
}

func (s *Server) periodsOut(recs []ledger.PeriodRecord) map[string]any {
	out := make([]periodJSON, len(recs))
	for i, r := range recs {
		out[i] = s.periodOut(r)
	}
	return map[string]any{"periods": out}
}

// periodArgs reads ?entity= and the {period} of the path.
func (s *Server) periodArgs(r *http.Request) (int64, ledger.Period, error) {
	if s.Periods == nil {
		return 0, ledger.Period{}, fault.New(fault.Unavailable, "periods_unavailable", "this server does not close periods")
	}
	entity, err := s.queryEntity(r)
	if err != nil {
		return 0, ledger.Period{}, err
	}
	if r.PathValue("period") == "" {
		return entity, ledger.Period{}, nil
	}
	p, err := ledger.ParsePeriod("period", r.PathValue("period"))
	return entity, p, err
}

func (s *Server) listPeriods(w http.ResponseWriter, r *http.Request) error {
	entity, _, err := s.periodArgs(r)
	if err != nil {
		return err
	}
	recs, err := s.Periods.List(r.Context(), entity)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.periodsOut(recs))
	return nil
}

// closePeriod closes the month and every open one before it: 201 with
// those it closed, 200 with Idempotent-Replayed when it was closed.
func (s *Server) closePeriod(w http.ResponseWriter, r *http.Request) error {
	entity, p, err := s.periodArgs(r)
	if err != nil {
		return err
	}
	if err := s.refuseScoped(r, "closing a period"); err != nil {
		return err
	}
	res, err := s.Periods.Close(r.Context(), entity, p, s.principalOf(r).User.Name)
	if err != nil {
		return err
	}
	writeApplied(w, res.Duplicate, s.periodsOut(res.Closed))
	return nil
}

func (s *Server) reopenPeriod(w http.ResponseWriter, r *http.Request) error {
	entity, p, err := s.periodArgs(r)
	if err != nil {
		return err
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	recs, err := s.Periods.Reopen(r.Context(), entity, p, s.principalOf(r).User.Name, in.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.periodsOut(recs))
	return nil
}

func (s *Server) periodReport(w http.ResponseWriter, r *http.Request) error {
	entity, p, err := s.periodArgs(r)
	if err != nil {
		return err
	}
	if err := s.refuseScoped(r, "a period's close report"); err != nil {
		return err
	}
	rep, err := s.Periods.Report(r.Context(), entity, p)
	if err != nil {
		return err
	}
	rep.Start, rep.End = rep.Start.In(s.Location), rep.End.In(s.Location)
	writeJSON(w, http.StatusOK, rep)
	return nil
}
