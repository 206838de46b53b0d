//go:build cgosqlite

package sqlite

import (
	"errors"
	"net/url"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// A cgosqlite build runs on github.com/mattn/go-sqlite3 (cgo) instead of
// modernc.org/sqlite, with the same pragmas, to measure what ADR 2's choice
// of a pure-Go driver costs (BENCHMARKS.md, "Issue 7: SQLite ingestion
// levers"). It is not a supported build.
func init() {
	driver.name, driver.dsn, driver.code = "sqlite3", mattnDSN, mattnCode
}

func mattnDSN(path string, readOnly bool) string {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL")
	q.Set("_busy_timeout", "10000")
	q.Set("_foreign_keys", "1")
	q.Set("_cache_size", "-65536")
	if readOnly {
		q.Set("_query_only", "1")
	} else {
		q.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

func mattnCode(err error) int {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return int(se.ExtendedCode)
	}
	return 0
}
