package httpapi

import (
	"net/http"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/erp"
	"github.com/fnshub/fnshub/internal/fault"
)

// The ERP export (docs/adr/0047): an entity's books leave whole, so every
// route refuses a user limited to some shops.

func (s *Server) erpName(r *http.Request, what string) (string, error) {
	if s.Vouchers == nil {
		return "", fault.New(fault.Unavailable, "erp_unavailable", "this server does not export to ERPs")
	}
	if err := s.refuseScoped(r, what); err != nil {
		return "", err
	}
	name := r.PathValue("erp")
	return name, erp.CheckName("erp", name)
}

func (s *Server) putERPSettings(w http.ResponseWriter, r *http.Request) error {
	name, err := s.erpName(r, "an ERP connection")
	if err != nil {
		return err
	}
	var in app.ConnectionRequest
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	c, err := s.Vouchers.SaveConnection(r.Context(), name, in)
	if err != nil {
		return err
	}
	c.UpdatedAt = c.UpdatedAt.In(s.Location)
	auditChange(r, nil, c)
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *Server) putERPAccountMap(w http.ResponseWriter, r *http.Request) error {
	name, err := s.erpName(r, "an ERP account map")
	if err != nil {
		return err
	}
	var in struct {
		Entries []erp.MapEntry `json:"entries"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	before, err := s.Vouchers.AccountMap(r.Context(), name)
	if err != nil && fault.KindOf(err) != fault.NotFound {
		return err
	}
	m, err := s.Vouchers.SaveAccountMap(r.Context(), name, in.Entries)
	if err != nil {
		return err
	}
	before.CreatedAt, m.CreatedAt = before.CreatedAt.In(s.Location), m.CreatedAt.In(s.Location)
	auditChange(r, before, m)
	writeJSON(w, http.StatusCreated, m)
	return nil
}

func (s *Server) getERPAccountMap(w http.ResponseWriter, r *http.Request) error {
	name, err := s.erpName(r, "an ERP account map")
	if err != nil {
		return err
	}
	m, err := s.Vouchers.AccountMap(r.Context(), name)
	if err != nil {
		return err
	}
	m.CreatedAt = m.CreatedAt.In(s.Location)
	writeJSON(w, http.StatusOK, m)
	return nil
}

// erpResultJSON is one voucher's outcome of a push.
type erpResultJSON struct {
	ID      string      `json:"id"`
	Outcome erp.Outcome `json:"outcome"`
	ERPRef  string      `json:"erp_ref,omitempty"`
	Error   string      `json:"error,omitempty"`
}

type erpPushJSON struct {
	ERP        string          `json:"erp"`
	Entity     int64           `json:"entity"`
	Period     string          `json:"period"`
	MapVersion int64           `json:"map_version"`
	Vouchers   int             `json:"vouchers"`
	Sent       int             `json:"sent"`
	Arrived    int             `json:"already_arrived"`
	Results    []erpResultJSON `json:"results"`
	Error      string          `json:"error,omitempty"`
}

// postERPPush runs the push of a period. A push that stops part way (the
// ERP unreachable) still answers 200 with what it did and the error: the
// outcomes are recorded, and running it again sends the rest.
func (s *Server) postERPPush(w http.ResponseWriter, r *http.Request) error {
	name, err := s.erpName(r, "pushing vouchers")
	if err != nil {
		return err
	}
	entity, err := s.queryEntity(r)
	if err != nil {
		return err
	}
	res, err := s.Vouchers.ExportVouchers(r.Context(), app.ExportRequest{ERP: name, Entity: entity, Period: r.URL.Query().Get("period"), Push: true})
	if err != nil && res.Sent == 0 {
		return err
	}
	out := erpPushJSON{ERP: res.ERP, Entity: res.Entity, Period: res.Period, MapVersion: res.MapVersion, Vouchers: res.Vouchers,
		Sent: res.Sent, Arrived: res.Arrived, Results: []erpResultJSON{}}
	if err != nil {
		out.Error = err.Error()
	}
	for _, rs := range res.Results {
		j := erpResultJSON{ID: rs.ID, Outcome: rs.Outcome, ERPRef: rs.ERPRef}
		if rs.Err != nil {
			j.Error = rs.Err.Error()
		}
		out.Results = append(out.Results, j)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) getERPPushes(w http.ResponseWriter, r *http.Request) error {
	name, err := s.erpName(r, "ERP push status")
	if err != nil {
		return err
	}
	entity, err := s.queryEntity(r)
	if err != nil {
		return err
	}
	ps, err := s.Vouchers.PushStatus(r.Context(), name, entity, r.URL.Query().Get("period"))
	if err != nil {
		return err
	}
	if ps == nil {
		ps = []erp.Push{}
	}
	for i := range ps {
		ps[i].At = ps[i].At.In(s.Location)
	}
	writeJSON(w, http.StatusOK, map[string]any{"erp": name, "entity": entity, "period": r.URL.Query().Get("period"), "items": ps})
	return nil
}
