// Package settlementdb stores settlements (internal/settlement) — imports,
// payouts, lines and the generic format's mappings — in SQLite or
// PostgreSQL through internal/store (docs/adr/0044-settlement-import.md).
package settlementdb

import (
	"time"

	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/store"
)

// Bind returns the settlement store that reads and writes inside tx.
func Bind(tx *store.Tx) settlement.TxStore { return bound{tx} }

type bound struct{ tx *store.Tx }

var _ settlement.Reader = bound{}

// micros is t as stored: unix microseconds UTC, 0 for the zero time (a
// file that does not say).
func micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

// fromMicros is the inverse of micros.
func fromMicros(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMicro(v).UTC()
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// pageLimit bounds a page to 1..1000, 100 when unset.
func pageLimit(n int) int {
	switch {
	case n <= 0:
		return 100
	case n > 1000:
		return 1000
	}
	return n
}
