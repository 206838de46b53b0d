package httpapi

import (
	"net/http"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/pii"
)

// eraseBuyer erases a buyer on request (docs/adr/0041): their data key is
// destroyed, so every contact sealed with it is gone for good, and the raw
// payloads of their orders are emptied; orders and the books stay. Sent
// again it answers the same.
func (s *Server) eraseBuyer(w http.ResponseWriter, r *http.Request) error {
	scope, err := s.shopScope(r, nil)
	if err != nil {
		return err
	}
	if scope != nil {
		return fault.New(fault.Forbidden, "scope_forbidden",
			"erasing a buyer reaches their orders in every shop; a user limited to some shops may not do it")
	}
	e, err := s.Orders.EraseBuyer(r.Context(), r.PathValue("ref"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, erasureJSON{Buyer: e.Ref, ErasedAt: s.local(e.ErasedAt), Orders: e.Orders, RawEvents: e.RawEvents})
	return nil
}

type erasureJSON struct {
	Buyer     string    `json:"buyer"`
	ErasedAt  time.Time `json:"erased_at"`
	Orders    int       `json:"orders"`
	RawEvents int       `json:"raw_events"`
}

// receiverIn is a corrected receiver: the address split as on an order's
// contact, so the label prints it as the platform would.
type receiverIn struct {
	Name    string `json:"name"`
	Phone   string `json:"phone"`
	Address struct {
		Province string `json:"province"`
		City     string `json:"city"`
		District string `json:"district"`
		Detail   string `json:"detail"`
	} `json:"address"`
}

// putReceiver corrects who an order ships to (a person checked it with the
// buyer) and answers with the order, its contact masked. The same receiver
// again changes nothing. An order held for its address is then retried
// with POST /api/v1/orders/{id}/retry.
func (s *Server) putReceiver(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in receiverIn
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	rec, err := s.Orders.Get(r.Context(), order.ID(id))
	if err != nil {
		return err
	}
	if _, err := s.shopScope(r, []string{rec.Shop}); err != nil {
		return err
	}
	c := pii.Contact{Name: in.Name, Phone: in.Phone, Province: in.Address.Province, City: in.Address.City,
		District: in.Address.District, Detail: in.Address.Detail}
	res, _, err := s.Orders.CorrectReceiver(r.Context(), order.ID(id), r.Header.Get("Idempotency-Key"), c)
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
