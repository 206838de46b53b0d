package httpapi

import (
	"context"
	"net/http"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order/orderdb"
)

// orderAction runs one action (or a read) on the order in the path and
// answers with the order as it now stands, and everything it caused.
func (s *Server) orderAction(w http.ResponseWriter, r *http.Request, act func(ctx context.Context, id int64) (*orderdb.Record, error)) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rec, err := act(r.Context(), id)
	if err != nil {
		return err
	}
	out, err := s.orderDetail(r, rec)
	if err != nil {
		return err
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

// refundOrder refunds in full, or with {"amount": …} part of a shipped order.
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
	return s.orderAction(w, r, func(ctx context.Context, id int64) (*orderdb.Record, error) {
		return s.Orders.RefundPart(ctx, id, *in.Amount)
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
	return s.orderAction(w, r, func(ctx context.Context, id int64) (*orderdb.Record, error) {
		return s.Orders.Hold(ctx, id, in.Message)
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
	return s.orderAction(w, r, func(ctx context.Context, id int64) (*orderdb.Record, error) {
		return s.Orders.Ship(ctx, id, in.Carrier, in.TrackingNo)
	})
}

// retryHolds re-runs every order held for a missing mapping or stock.
func (s *Server) retryHolds(w http.ResponseWriter, r *http.Request) error {
	released, still, err := s.Orders.RetryHolds(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int{"released": released, "still_held": still})
	return nil
}
