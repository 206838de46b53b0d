package httpapi

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/fault"
)

// serveOnce runs handle as a route behind the middleware, with ctx as the
// request's context, and returns the answer and the log.
func serveOnce(t *testing.T, ctx context.Context, handle func(http.ResponseWriter, *http.Request) error) (*httptest.ResponseRecorder, string) {
	t.Helper()
	var log bytes.Buffer
	s := New(Deps{Log: slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/x", nil).WithContext(ctx)
	s.wrap(route{method: "GET", path: "/x", public: true, handle: handle}).ServeHTTP(rec, req)
	return rec, log.String()
}

func TestWriteError_BusyDatabaseIs503WithRetryAfter(t *testing.T) {
	busy := &fault.Error{Kind: fault.Unavailable, Code: "database_busy", Message: "the database stayed busy through 8 attempts; retry in a moment",
		Err: fmt.Errorf("database is locked (5) (SQLITE_BUSY)")}
	rec, log := serveOnce(t, context.Background(), func(http.ResponseWriter, *http.Request) error {
		return fmt.Errorf("ledger: post: %w", busy)
	})
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") != "1" || !strings.Contains(rec.Body.String(), `"code":"database_busy"`) {
		t.Fatalf("%d Retry-After %q %s, want 503 with Retry-After", rec.Code, rec.Header().Get("Retry-After"), rec.Body)
	}
	if strings.Contains(log, "level=ERROR") {
		t.Errorf("a busy database was logged as an error:\n%s", log)
	}
}

func TestWriteError_ClientThatWentAwayIsNotAServerError(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	rec, log := serveOnce(t, ctx, func(http.ResponseWriter, *http.Request) error {
		cancel() // the client hangs up while the query runs
		return fmt.Errorf("orderdb: list: %w", context.Canceled)
	})
	if rec.Code != 499 {
		t.Fatalf("status %d, want 499", rec.Code)
	}
	if strings.Contains(log, "level=ERROR") || !strings.Contains(log, "client went away") || !strings.Contains(log, "status=499") {
		t.Errorf("log:\n%s\nwant a debug line and status=499, no error", log)
	}
}

func TestWriteError_InternalErrorIsStill500AndLogged(t *testing.T) {
	rec, log := serveOnce(t, context.Background(), func(http.ResponseWriter, *http.Request) error {
		return fmt.Errorf("orderdb: list: %w", context.Canceled) // not the request's own context
	})
	if rec.Code != http.StatusInternalServerError || !strings.Contains(log, "level=ERROR") {
		t.Fatalf("%d, log:\n%s", rec.Code, log)
	}
}
