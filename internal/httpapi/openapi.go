package httpapi

import (
	_ "embed"
	"net/http"
)

// openAPIDoc describes exactly the routes in routes(); TestOpenAPIMatchesRoutes
// fails when the two drift apart.
//
//go:embed openapi.json
var openAPIDoc []byte

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, err := w.Write(openAPIDoc)
	return err
}
