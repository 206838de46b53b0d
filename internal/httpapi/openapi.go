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
	_, err := w.Write(s.apiDoc)
	return err
}

// describe is the served document: openapi.json with each operation's
// roles. Should the embedded file not parse (TestOpenAPIMatchesRoutes
// fails first), it is served as it is.
func (s *Server) describe() []byte {
	doc, err := openAPIWithRoles(openAPIDoc, s.routes())
	if err != nil {
		return openAPIDoc
	}
	return doc
}
