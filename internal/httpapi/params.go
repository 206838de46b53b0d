package httpapi

import (
	"net/http"
	"strconv"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
)

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fault.Invalidf("id", "id_invalid", "id %q must be a positive integer", r.PathValue("id"))
	}
	return id, nil
}

func queryInt(r *http.Request, name string, def int64) (int64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, fault.Invalidf(name, name+"_invalid", "%s=%q must be a non-negative integer", name, v)
	}
	return n, nil
}

// queryTime reads an RFC 3339 time, or a date YYYY-MM-DD meaning the end of
// that day in the merchant's zone.
func (s *Server) queryTime(r *http.Request, name string, def time.Time) (time.Time, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	if d, err := time.ParseInLocation(time.DateOnly, v, s.Location); err == nil {
		return d.AddDate(0, 0, 1).Add(-time.Microsecond), nil
	}
	return time.Time{}, fault.Invalidf(name, name+"_invalid",
		"%s=%q must be a date (2026-11-11) or an RFC 3339 time (2026-11-11T23:59:59+08:00)", name, v)
}
