package inventory

import (
	"context"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
)

// Movement is one row of the append-only movement ledger: what changed a
// level, by how much, and when. A reservation is not a row of its own (it
// is the reservation); its release or shipment is.
type Movement struct {
	ID            int64     `json:"id"`
	Kind          string    `json:"kind"`
	SKU           string    `json:"sku"`
	Warehouse     string    `json:"warehouse"`
	OnHandDelta   int64     `json:"on_hand_delta"`
	ReservedDelta int64     `json:"reserved_delta"`
	Reservation   string    `json:"reservation,omitempty"`
	SourceKey     string    `json:"source_key"`
	At            time.Time `json:"at"`
}

// MovementQuery filters the movement history. Empty SKU or Warehouse
// match every one; Before pages back from a movement id (0: the newest).
type MovementQuery struct {
	SKU, Warehouse string
	Before         int64
	Limit          int
}

// MovementHistory reads movements newest first. It is a Store method too;
// the interface keeps Service's dependency small.
type MovementHistory interface {
	Movements(ctx context.Context, q MovementQuery) ([]Movement, error)
}

// MaxMovements is the longest page of movement history.
const MaxMovements = 500

// Movements lists the movements q selects, newest first, and the cursor of
// the next page (0 on the last). Errors: Invalid (limit).
func (s *Service) Movements(ctx context.Context, q MovementQuery) ([]Movement, int64, error) {
	if q.Limit == 0 {
		q.Limit = 100
	}
	if q.Limit < 0 || q.Limit > MaxMovements {
		return nil, 0, fault.Invalidf("limit", "limit_invalid", "limit must be 1 to %d, not %d", MaxMovements, q.Limit)
	}
	want := q.Limit
	q.Limit++ // one more says whether there is a next page
	ms, err := s.store.Movements(ctx, q)
	if err != nil {
		return nil, 0, err
	}
	if len(ms) <= want {
		return ms, 0, nil
	}
	ms = ms[:want]
	return ms, ms[want-1].ID, nil
}
