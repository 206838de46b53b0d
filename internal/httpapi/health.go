package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
)

// healthz says the process is up; it touches nothing.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "version": s.Version})
	return nil
}

// readyz says the database answers and its schema is the one this binary
// expects.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.DB.Ping(ctx); err != nil {
		return fault.New(fault.Unavailable, "database_unreachable", "database unreachable: %v", err)
	}
	current, target, err := s.DB.MigrationState(ctx)
	if err != nil {
		return fault.New(fault.Unavailable, "migrations_unknown", "cannot read migration state: %v", err)
	}
	if current != target {
		return fault.New(fault.Unavailable, "migrations_pending", "schema is at version %d, this binary needs %d; run `fnshub migrate`", current, target)
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ready", "schema_version": current})
	return nil
}
