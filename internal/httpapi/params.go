package httpapi

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/text"
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

// checkParams holds the path's values and the query string to the text
// rule (internal/text), naming the parameter at fault.
func checkParams(r *http.Request, path string) error {
	for _, name := range wildcards(path) {
		if err := text.Check(r.PathValue(name)); err != nil {
			return fault.Invalidf(name, "text_invalid", "path parameter %s %s", name, err.(*text.Error).What())
		}
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return fault.New(fault.Invalid, "query_invalid", "the query string is malformed: %v; percent-encode it", err)
	}
	for _, name := range slices.Sorted(maps.Keys(q)) {
		if err := text.Check(name); err != nil {
			return fault.Invalidf("query", "text_invalid", "a query parameter name %s", err.(*text.Error).What())
		}
		for _, v := range q[name] {
			if err := text.Check(v); err != nil {
				return fault.Invalidf(name, "text_invalid", "query parameter %s %s", name, err.(*text.Error).What())
			}
		}
	}
	return nil
}

// wildcards are the names of a route pattern's {wildcards}.
func wildcards(path string) []string {
	var names []string
	for _, seg := range strings.Split(path, "/") {
		if name, ok := strings.CutPrefix(seg, "{"); ok {
			names = append(names, strings.TrimSuffix(strings.TrimSuffix(name, "}"), "..."))
		}
	}
	return names
}
