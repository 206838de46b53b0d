package httpapi

import (
	"net/http"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/profit"
)

// carrierRateJSON is a carrier rate as the API gives and takes it.
type carrierRateJSON struct {
	Carrier  string       `json:"carrier"`
	Province string       `json:"province"`
	FirstG   int64        `json:"first_g"`
	First    money.Amount `json:"first"`
	ExtraG   int64        `json:"extra_g"`
	Extra    money.Amount `json:"extra"`
	Flat     money.Amount `json:"flat"`
}

func carrierRateOut(r profit.CarrierRate) carrierRateJSON {
	return carrierRateJSON{Carrier: r.Carrier, Province: r.Province, FirstG: r.FirstG, First: money.New(r.First, r.Currency),
		ExtraG: r.ExtraG, Extra: money.New(r.Extra, r.Currency), Flat: money.New(r.Flat, r.Currency)}
}

// listCarrierRates answers GET /api/v1/profit/carrier-rates: the rate
// table that estimates orders' shipping cost (docs/adr/0050-profit.md).
func (s *Server) listCarrierRates(w http.ResponseWriter, r *http.Request) error {
	if s.Profit == nil {
		return fault.New(fault.Unavailable, "profit_unavailable", "this server keeps no profit figures")
	}
	rates, err := s.Profit.CarrierRates(r.Context())
	if err != nil {
		return err
	}
	items := make([]carrierRateJSON, 0, len(rates))
	for _, rt := range rates {
		items = append(items, carrierRateOut(rt))
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

// putCarrierRate answers PUT /api/v1/profit/carrier-rates: keeps the rate
// of its carrier, province and currency in place of the one before (the
// same body again changes nothing); orders written from then on use it.
func (s *Server) putCarrierRate(w http.ResponseWriter, r *http.Request) error {
	if s.Profit == nil {
		return fault.New(fault.Unavailable, "profit_unavailable", "this server keeps no profit figures")
	}
	var in carrierRateJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	cur := in.First.Currency()
	for _, p := range []struct {
		name string
		a    money.Amount
	}{{"extra", in.Extra}, {"flat", in.Flat}} {
		if p.a.Currency() != cur {
			return fault.Invalidf(p.name, "currency_mismatch", "%s is in %s, first in %s: give every price of a rate in one currency", p.name, p.a.Currency(), cur)
		}
	}
	rate := profit.CarrierRate{Carrier: in.Carrier, Province: in.Province, Currency: cur, FirstG: in.FirstG, First: in.First.Minor(),
		ExtraG: in.ExtraG, Extra: in.Extra.Minor(), Flat: in.Flat.Minor()}
	if err := s.Profit.SetCarrierRate(r.Context(), rate); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, carrierRateOut(rate))
	return nil
}
