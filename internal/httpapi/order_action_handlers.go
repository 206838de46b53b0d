package httpapi

import (
	"context"
	"net/http"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
)

// orderAction runs one action on the order in the path under the
// request's Idempotency-Key (if any), and answers with the order as the
// action left it and everything it caused; a replay of an action done
// before under the key answers the same way, with Idempotent-Replayed.
func (s *Server) orderAction(w http.ResponseWriter, r *http.Request, act func(ctx context.Context, id order.ID, key string) (app.ActionResult, error)) error {
	rec, err := s.scopedOrder(r)
	if err != nil {
		return err
	}
	res, err := act(r.Context(), rec.ID, r.Header.Get("Idempotency-Key"))
	if err != nil {
		return err
	}
	out, err := s.orderDetail(r, res.Order)
	if err != nil {
		return err
	}
	if res.Replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) approveOrder(w http.ResponseWriter, r *http.Request) error {
	return s.orderAction(w, r, s.Orders.Approve)
}

func (s *Server) retryOrder(w http.ResponseWriter, r *http.Request) error {
	return s.orderAction(w, r, s.Orders.Retry)
}

func (s *Server) cancelOrder(w http.ResponseWriter, r *http.Request) error {
	return s.orderAction(w, r, s.Orders.Cancel)
}

// refundOrder refunds in full, or with {"amount": …} part of a shipped
// order. It needs an Idempotency-Key: a refund sent twice is booked once.
func (s *Server) refundOrder(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Amount *money.Amount `json:"amount"`
	}
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, &in); err != nil {
			return err
		}
	}
	if in.Amount == nil {
		return s.orderAction(w, r, s.Orders.Refund)
	}
	return s.orderAction(w, r, func(ctx context.Context, id order.ID, key string) (app.ActionResult, error) {
		return s.Orders.RefundPart(ctx, id, key, *in.Amount)
	})
}

func (s *Server) holdOrder(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Message string `json:"message"`
	}
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, &in); err != nil {
			return err
		}
	}
	return s.orderAction(w, r, func(ctx context.Context, id order.ID, key string) (app.ActionResult, error) {
		return s.Orders.Hold(ctx, id, key, in.Message)
	})
}

func (s *Server) shipOrder(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Carrier    string `json:"carrier"`
		TrackingNo string `json:"tracking_no"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	return s.orderAction(w, r, func(ctx context.Context, id order.ID, key string) (app.ActionResult, error) {
		return s.Orders.Ship(ctx, id, key, in.Carrier, in.TrackingNo)
	})
}

// returnOrder takes goods of a shipped order back by line and quantity;
// with "refund": true their share of what was paid is refunded too, which
// only a role that may refund may ask for. It needs an Idempotency-Key.
func (s *Server) returnOrder(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Lines  []app.ReturnLine `json:"lines"`
		Refund bool             `json:"refund"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if role := s.principalOf(r).User.Role; in.Refund && !roleIn(role, refunders) {
		s.logDenial(r, "role_forbidden")
		return fault.New(fault.Forbidden, "role_forbidden", "role %s may take returns but not refund them; send \"refund\": false, and finance refunds", role)
	}
	return s.orderAction(w, r, func(ctx context.Context, id order.ID, key string) (app.ActionResult, error) {
		return s.Orders.Return(ctx, id, key, in.Lines, in.Refund)
	})
}

// retryHolds re-runs every order held for a missing mapping or stock, of
// the shops the caller may see.
func (s *Server) retryHolds(w http.ResponseWriter, r *http.Request) error {
	shops, err := s.shopScope(r, nil)
	if err != nil {
		return err
	}
	released, still, err := s.Orders.RetryHoldsIn(r.Context(), shops)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int{"released": released, "still_held": still})
	return nil
}
