package httpapi

import (
	"crypto/subtle"
	"net/http"

	"github.com/fnshub/fnshub/internal/fault"
)

// FirstRun opens POST /api/v1/setup on a hub with no users: whoever shows
// Code (written by fnshub serve to a file only the server's user can read)
// may create the first admin, once. Done is called after it succeeds.
type FirstRun struct {
	Code string
	Done func()
}

type setupIn struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	Password string `json:"password"`
}

// setup creates the first admin and signs them in. The code is checked
// before anything else and in constant time; the store makes sure only
// one setup ever succeeds, however many race.
func (s *Server) setup(w http.ResponseWriter, r *http.Request) error {
	if err := requireJSON(r); err != nil {
		return err
	}
	var in setupIn
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	fr := s.FirstRun
	if fr == nil || fr.Code == "" {
		return fault.New(fault.Conflict, "setup_done",
			"fnshub is set up already, or was started without a setup code; sign in, or add an admin with `fnshub user add --role admin`")
	}
	if subtle.ConstantTimeCompare([]byte(in.Code), []byte(fr.Code)) != 1 {
		return fault.New(fault.Unauthorized, "setup_code_invalid",
			"code is not the setup code; read it from the setup-code file in the hub's data directory")
	}
	ns, err := s.Auth.CreateFirstAdmin(r.Context(), in.Name, in.Password)
	if err != nil {
		return err
	}
	if fr.Done != nil {
		fr.Done()
	}
	s.writeSession(w, r, http.StatusCreated, ns, true)
	return nil
}
