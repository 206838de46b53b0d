package httpapi

import (
	"net/http"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement/recon"
)

type stepJSON struct {
	Name     string       `json:"name"`
	Expected money.Amount `json:"expected"`
	Actual   money.Amount `json:"actual"`
}

type waterfallJSON struct {
	Steps     []stepJSON   `json:"steps"`
	Explained money.Amount `json:"explained"`
	Tolerated money.Amount `json:"tolerated"`
	Remainder money.Amount `json:"remainder"`
}

type differenceJSON struct {
	Class    string       `json:"class"`
	Subject  string       `json:"subject"`
	Message  string       `json:"message"`
	OrderID  int64        `json:"order_id,omitempty"`
	OrderRef string       `json:"order_ref,omitempty"`
	Type     string       `json:"type,omitempty"`
	LineKeys []string     `json:"line_keys"`
	Expected money.Amount `json:"expected"`
	Actual   money.Amount `json:"actual"`
	Impact   money.Amount `json:"impact"`
}

type runJSON struct {
	ID           int64     `json:"id"`
	Status       string    `json:"status"`
	RulesVersion int       `json:"rules_version"`
	Differences  int       `json:"differences"`
	Entries      []int64   `json:"entries"`
	ReversedBy   []int64   `json:"reversed_by"`
	SupersededBy int64     `json:"superseded_by,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
}

type reconciliationJSON struct {
	Payout      payoutJSON       `json:"payout"`
	Run         *runJSON         `json:"run"`
	Waterfall   *waterfallJSON   `json:"waterfall"`
	Differences []differenceJSON `json:"differences"`
	Runs        []runJSON        `json:"runs"`
}

func (s *Server) reconcileOr503() (*app.SettlementReconcile, *app.Settlements, error) {
	if s.Reconcile == nil || s.Settlements == nil {
		return nil, nil, fault.New(fault.Unavailable, "reconciliation_unavailable", "this server does not reconcile settlements")
	}
	return s.Reconcile, s.Settlements, nil
}

// reconcilePayout reconciles the payout in the path under its shop's
// terms and answers where it stands: applied when this run posted (and
// reversed the run before), duplicate when it says what the current run
// already said.
func (s *Server) reconcilePayout(w http.ResponseWriter, r *http.Request) error {
	uc, st, err := s.reconcileOr503()
	if err != nil {
		return err
	}
	p, err := s.scopedPayout(r, st)
	if err != nil {
		return err
	}
	done, used, err := uc.ReconcileStored(r.Context(), p.ID)
	if err != nil {
		return err
	}
	view, err := uc.Reconciliation(r.Context(), p.ID)
	if err != nil {
		return err
	}
	status := "applied"
	if done.Duplicate {
		status = "duplicate"
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": status, "run_id": done.RunID, "reversed": done.Reversed,
		"posted": nonNil(done.Posted), "reconciliation": s.reconciliationOut(view),
		"contract": map[string]any{"version": used.Contract.Version, "default": used.Contract.Default},
		"rules":    map[string]any{"version": used.Rules.Version, "default": used.Rules.Default}})
	return nil
}

// getReconciliation answers the payout's current run, its waterfall and
// differences (largest first) and the runs before it.
func (s *Server) getReconciliation(w http.ResponseWriter, r *http.Request) error {
	uc, st, err := s.reconcileOr503()
	if err != nil {
		return err
	}
	p, err := s.scopedPayout(r, st)
	if err != nil {
		return err
	}
	view, err := uc.Reconciliation(r.Context(), p.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.reconciliationOut(view))
	return nil
}

func (s *Server) reconciliationOut(v app.Reconciliation) reconciliationJSON {
	out := reconciliationJSON{Payout: s.payoutOut(v.Payout), Differences: []differenceJSON{}, Runs: []runJSON{}}
	if v.Current != nil {
		run := s.runOut(*v.Current)
		out.Run, out.Waterfall = &run, waterfallOut(v.Current.Waterfall)
	}
	for _, d := range v.Differences {
		out.Differences = append(out.Differences, differenceJSON{Class: string(d.Class), Subject: d.Subject, Message: d.Message,
			OrderID: d.OrderID, OrderRef: d.OrderRef, Type: d.Type, LineKeys: nonNil(d.LineKeys),
			Expected: d.Expected, Actual: d.Actual, Impact: d.Impact})
	}
	for _, run := range v.Runs {
		out.Runs = append(out.Runs, s.runOut(run))
	}
	return out
}

func (s *Server) runOut(r recon.Run) runJSON {
	out := runJSON{ID: r.ID, Status: r.Status, RulesVersion: r.RulesVersion, Differences: r.Differences,
		Entries: []int64{}, ReversedBy: []int64{}, SupersededBy: r.SupersededBy, CreatedAt: r.CreatedAt.In(s.Location)}
	for _, e := range r.Entries {
		out.Entries = append(out.Entries, e.EntryID)
		if e.ReversedBy != 0 {
			out.ReversedBy = append(out.ReversedBy, e.ReversedBy)
		}
	}
	return out
}

func waterfallOut(w recon.Waterfall) *waterfallJSON {
	out := &waterfallJSON{Steps: []stepJSON{}, Explained: w.Explained, Tolerated: w.Tolerated, Remainder: w.Remainder}
	for _, st := range w.Steps {
		out.Steps = append(out.Steps, stepJSON{Name: st.Name, Expected: st.Expected, Actual: st.Actual})
	}
	return out
}
