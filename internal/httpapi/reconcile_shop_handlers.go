package httpapi

import (
	"net/http"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/fault"
)

// payoutReconciledJSON is one payout's outcome in a shop's reconciliation.
type payoutReconciledJSON struct {
	PayoutID    int64   `json:"payout_id"`
	Ref         string  `json:"ref"`
	Status      string  `json:"status"` // applied or duplicate
	RunID       int64   `json:"run_id"`
	Posted      []int64 `json:"posted"`
	Reversed    int     `json:"reversed"`
	Differences int     `json:"differences"`
}

// reconcileTotalsJSON sums a shop's reconciliation.
type reconcileTotalsJSON struct {
	Applied     int `json:"applied"`
	Duplicate   int `json:"duplicate"`
	Posted      int `json:"posted"`
	Reversed    int `json:"reversed"`
	Differences int `json:"differences"`
}

type reconcileStoppedJSON struct {
	PayoutID int64       `json:"payout_id"`
	Ref      string      `json:"ref"`
	Error    errorDetail `json:"error"`
}

type shopReconciliationJSON struct {
	Shop       string                 `json:"shop"`
	Payouts    int                    `json:"payouts"`
	Reconciled []payoutReconciledJSON `json:"reconciled"`
	Totals     reconcileTotalsJSON    `json:"totals"`
	Stopped    *reconcileStoppedJSON  `json:"stopped"`
}

// reconcileShop reconciles every payout of the shop in the path, oldest
// deposit first (docs/adr/0063-automatic-reconciliation.md). A payout that
// fails midway leaves those before it booked, so the answer is then 200
// with what was done and stopped naming the payout and its error; an
// error status means nothing was booked.
func (s *Server) reconcileShop(w http.ResponseWriter, r *http.Request) error {
	if err := s.shopInPath(r); err != nil {
		return err
	}
	uc, _, err := s.reconcileOr503()
	if err != nil {
		return err
	}
	res, err := uc.ReconcileShop(r.Context(), r.PathValue("id"), nil)
	if err != nil {
		return err
	}
	out := s.shopReconciliationOut(r, res)
	auditChange(r, nil, map[string]any{"payouts": out.Payouts, "totals": out.Totals, "stopped": out.Stopped})
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) shopReconciliationOut(r *http.Request, res app.ShopReconciliation) shopReconciliationJSON {
	out := shopReconciliationJSON{Shop: res.Shop, Payouts: res.Payouts, Reconciled: []payoutReconciledJSON{}}
	for _, d := range res.Done {
		o := d.Outcome
		p := payoutReconciledJSON{PayoutID: d.Payout.ID, Ref: d.Payout.Ref, Status: "applied", RunID: o.RunID,
			Posted: nonNil(o.Posted), Reversed: o.Reversed, Differences: len(o.Result.Differences)}
		if o.Duplicate {
			p.Status = "duplicate"
			out.Totals.Duplicate++
		} else {
			out.Totals.Applied++
		}
		out.Totals.Posted += len(p.Posted)
		out.Totals.Reversed += p.Reversed
		out.Totals.Differences += p.Differences
		out.Reconciled = append(out.Reconciled, p)
	}
	if st := res.Stopped; st != nil {
		out.Stopped = &reconcileStoppedJSON{PayoutID: st.Payout.ID, Ref: st.Payout.Ref, Error: s.stoppedError(r, st.Err)}
	}
	return out
}

// stoppedError is the error a payout stopped at, as an error answer would
// say it: an internal one is logged and not shown.
func (s *Server) stoppedError(r *http.Request, err error) errorDetail {
	fe := asFault(err)
	if fe.Kind == fault.Internal {
		s.Log.ErrorContext(r.Context(), "shop reconciliation stopped", "shop", r.PathValue("id"), "err", err)
		return errorDetail{Code: "internal", Message: "internal error; it has been logged"}
	}
	return errorDetail{Code: fe.Code, Message: fe.Message, Field: fe.Field}
}
