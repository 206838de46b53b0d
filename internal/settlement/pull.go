package settlement

import (
	"context"
	"time"
)

// PullState is how far one shop's settlements were pulled from one source
// (a platform's settlement API), and how its last runs went
// (docs/adr/0054-settlement-pulls.md).
type PullState struct {
	Shop   string `json:"shop"`
	Source string `json:"source"` // shopify-payments, amazon-settlement
	// Cursor is the source's own mark of what was imported ("" before the
	// first import). It moves only after the import it covers committed.
	Cursor        string    `json:"cursor"`
	LastRunAt     time.Time `json:"last_run_at,omitzero"`
	LastSuccessAt time.Time `json:"last_success_at,omitzero"`
	LastError     string    `json:"last_error,omitempty"` // "" after a run that succeeded
	Failures      int64     `json:"failures"`             // failed runs in a row
	Imports       int64     `json:"imports"`              // files the pulls imported, all told
}

// PullStore keeps the pulls' states (settlementdb implements it as part of
// TxStore).
type PullStore interface {
	// PullState returns shop's state for source; a source never pulled has
	// the zero state (no cursor, no runs).
	PullState(ctx context.Context, shop, source string) (PullState, error)
	// SavePullState writes s over the shop's state for its source.
	SavePullState(ctx context.Context, s PullState) error
	// PullStates returns every shop's states, by shop and source.
	PullStates(ctx context.Context) ([]PullState, error)
}

// In returns s with its times in loc, as the API shows times.
func (s PullState) In(loc *time.Location) PullState {
	if !s.LastRunAt.IsZero() {
		s.LastRunAt = s.LastRunAt.In(loc)
	}
	if !s.LastSuccessAt.IsZero() {
		s.LastSuccessAt = s.LastSuccessAt.In(loc)
	}
	return s
}
