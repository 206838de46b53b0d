package httpapi

import (
	"errors"
	"net/http"

	"github.com/fnshub/fnshub/internal/fault"
)

// statusOf is the one place an error kind becomes an HTTP status.
var statusOf = map[fault.Kind]int{
	fault.Invalid:      http.StatusBadRequest,
	fault.NotFound:     http.StatusNotFound,
	fault.Conflict:     http.StatusConflict,
	fault.Unauthorized: http.StatusUnauthorized,
	fault.Forbidden:    http.StatusForbidden,
	fault.Unavailable:  http.StatusServiceUnavailable,
	fault.Internal:     http.StatusInternalServerError,
}

type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// writeError answers with the error's status and {"error":{…}}. Internal
// errors are logged in full and answered without their detail.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	fe := asFault(err)
	status := statusOf[fe.Kind]
	body := errorDetail{Code: fe.Code, Message: fe.Message, Field: fe.Field}
	if fe.Kind == fault.Internal {
		s.Log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		body = errorDetail{Code: "internal", Message: "internal error; it has been logged"}
	}
	if fe.Kind == fault.Unauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="fnshub"`)
	}
	writeJSON(w, status, errorBody{Error: body})
}

// asFault finds the *fault.Error in err; anything else is internal.
func asFault(err error) *fault.Error {
	var fe *fault.Error
	if errors.As(err, &fe) {
		if fe.Code == "" {
			fe.Code = fe.Kind.String()
		}
		return fe
	}
	return &fault.Error{Kind: fault.Internal, Code: "internal", Message: err.Error(), Err: err}
}

func errNoRoute(r *http.Request) error {
	return fault.New(fault.NotFound, "route_not_found", "no route %s %s; see /api/v1/openapi.json", r.Method, r.URL.Path)
}
