package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

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
	fault.Limited:      http.StatusTooManyRequests,
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

// statusClientGone is what the access log and metrics show for a request
// whose client went away before the answer (nginx's 499): not a server
// error, and nobody reads the answer.
const statusClientGone = 499

// retryAfter is the Retry-After of an Unavailable answer, in seconds.
const retryAfter = "1"

// writeError answers with the error's status and {"error":{…}}. Internal
// errors are logged in full and answered without their detail; failures
// caused by the client going away are logged at debug level only.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	fe := asFault(err)
	if errors.Is(r.Context().Err(), context.Canceled) && (fe.Kind == fault.Internal || fe.Kind == fault.Unavailable) {
		s.Log.DebugContext(r.Context(), "client went away", "method", r.Method, "path", r.URL.Path, "err", err)
		w.WriteHeader(statusClientGone)
		return
	}
	status := statusOf[fe.Kind]
	body := errorDetail{Code: fe.Code, Message: fe.Message, Field: fe.Field}
	switch fe.Kind {
	case fault.Internal:
		s.Log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		body = errorDetail{Code: "internal", Message: "internal error; it has been logged"}
	case fault.Unavailable:
		s.Log.WarnContext(r.Context(), "request refused for now", "method", r.Method, "path", r.URL.Path, "code", fe.Code, "err", err)
		w.Header().Set("Retry-After", retryAfter)
	case fault.Limited:
		w.Header().Set("Retry-After", strconv.Itoa(max(1, int(fe.RetryAfter.Round(time.Second)/time.Second))))
	case fault.Unauthorized:
		w.Header().Set("WWW-Authenticate", `Bearer realm="fnshub"`)
	}
	writeJSON(w, status, errorBody{Error: body})
}

// writeMethodNotAllowed answers a known path asked with another method:
// 405, with the methods it takes in Allow.
func (s *Server) writeMethodNotAllowed(w http.ResponseWriter, r *http.Request, allow []string) {
	w.Header().Set("Allow", strings.Join(allow, ", "))
	writeJSON(w, http.StatusMethodNotAllowed, errorBody{Error: errorDetail{Code: "method_not_allowed",
		Message: fmt.Sprintf("%s does not take %s; use %s (see /api/v1/openapi.json)", r.URL.Path, r.Method, strings.Join(allow, ", "))}})
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
