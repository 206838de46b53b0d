package inventory

import (
	"context"
	"regexp"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/group"
)

// Service validates stock operations in front of a Store, and groups
// concurrent reservations into shared transactions.
type Service struct {
	store    Store
	now      func() time.Time
	reserves *group.Committer[ReserveRequest, ReserveOutcome]
}

// MaxReserveBatch is the most reservation requests one commit carries.
const MaxReserveBatch = 512

// New returns a Service; now is the clock (time.Now when nil). Close stops it.
func New(s Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	svc := &Service{store: s, now: now}
	run := func(ctx context.Context, reqs []ReserveRequest) ([]ReserveOutcome, error) {
		return s.Reserve(ctx, reqs, svc.clock())
	}
	failed := func(err error) ReserveOutcome { return ReserveOutcome{Err: err} }
	svc.reserves = group.New(run, failed, MaxReserveBatch)
	return svc
}

// Close lets queued reservations commit and stops accepting new ones.
func (s *Service) Close() { s.reserves.Close() }

var warehouseCode = regexp.MustCompile(`^[A-Za-z0-9_-]{1,32}$`)

// CreateWarehouse adds a warehouse. Errors: Invalid, Conflict.
func (s *Service) CreateWarehouse(ctx context.Context, w Warehouse) (Warehouse, error) {
	if !warehouseCode.MatchString(w.Code) {
		return Warehouse{}, fault.Invalidf("code", "warehouse_code_invalid", "warehouse code %q must be 1 to 32 letters, digits, _ or -", w.Code)
	}
	if w.Name == "" {
		return Warehouse{}, fault.Invalidf("name", "warehouse_name_missing", "give the warehouse a name")
	}
	w.CreatedAt = s.clock()
	return w, s.store.CreateWarehouse(ctx, w)
}

// UpdateWarehouse changes a warehouse's name, province, priority or whether
// it is active; change edits a copy, which is validated before it is stored.
// An inactive warehouse keeps its stock but is no longer routed to.
// Errors: Invalid, NotFound.
func (s *Service) UpdateWarehouse(ctx context.Context, code string, change func(*Warehouse)) (Warehouse, error) {
	return s.store.UpdateWarehouse(ctx, code, func(w *Warehouse) error {
		change(w)
		if w.Name == "" {
			return fault.Invalidf("name", "warehouse_name_missing", "give the warehouse a name")
		}
		return nil
	})
}

// Receive books goods in. Errors as Store.Move.
func (s *Service) Receive(ctx context.Context, key string, l Line) (Level, bool, error) {
	if err := validKey(key); err != nil {
		return Level{}, false, err
	}
	if err := l.validate(true); err != nil {
		return Level{}, false, err
	}
	return s.store.Move(ctx, key, KindReceipt, l, s.clock())
}

// Adjust corrects on-hand stock by a signed quantity (stocktake, damage).
func (s *Service) Adjust(ctx context.Context, key string, l Line) (Level, bool, error) {
	if err := validKey(key); err != nil {
		return Level{}, false, err
	}
	if err := l.validate(false); err != nil {
		return Level{}, false, err
	}
	return s.store.Move(ctx, key, KindAdjustment, l, s.clock())
}

// Transfer moves available stock between warehouses.
func (s *Service) Transfer(ctx context.Context, key string, l Line, to string) (from, dest Level, replayed bool, err error) {
	if err := validKey(key); err != nil {
		return Level{}, Level{}, false, err
	}
	if err := l.validate(true); err != nil {
		return Level{}, Level{}, false, err
	}
	if to == l.Warehouse || to == "" {
		return Level{}, Level{}, false, fault.Invalidf("to", "transfer_target_invalid", "transfer to another warehouse than %s", l.Warehouse)
	}
	return s.store.Transfer(ctx, key, l, to, s.clock())
}

// Reserve holds stock for ref, all lines or none.
func (s *Service) Reserve(ctx context.Context, key, ref string, lines []Line) ([]Reservation, bool, error) {
	if err := validKey(key); err != nil {
		return nil, false, err
	}
	if len(lines) == 0 || len(lines) > 200 {
		return nil, false, fault.Invalidf("lines", "lines_invalid", "reserve 1 to 200 lines, not %d", len(lines))
	}
	for _, l := range lines {
		if err := l.validate(true); err != nil {
			return nil, false, err
		}
	}
	o := s.reserves.Submit(ctx, ReserveRequest{Key: key, Ref: ref, Lines: lines})
	return o.Reservations, o.Replayed, o.Err
}

// Release gives a held reservation back.
func (s *Service) Release(ctx context.Context, key, id string) (Reservation, bool, error) {
	return s.store.Resolve(ctx, key, id, Released, s.clock())
}

// Ship takes a held reservation out of stock.
func (s *Service) Ship(ctx context.Context, key, id string) (Reservation, bool, error) {
	return s.store.Resolve(ctx, key, id, Shipped, s.clock())
}

// Return books goods of a shipped reservation back into stock (after-sales).
func (s *Service) Return(ctx context.Context, key, reservationID string, quantity int64) (Level, bool, error) {
	if err := validKey(key); err != nil {
		return Level{}, false, err
	}
	if quantity <= 0 {
		return Level{}, false, fault.Invalidf("quantity", "quantity_invalid", "quantity must be positive, not %d", quantity)
	}
	return s.store.Return(ctx, key, reservationID, quantity, s.clock())
}

// Levels lists stock levels.
func (s *Service) Levels(ctx context.Context) ([]Level, error) { return s.store.Levels(ctx) }

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

func validKey(key string) error {
	if key == "" || len(key) > 200 {
		return fault.Invalidf("key", "idempotency_key_invalid", "every stock change needs an idempotency key of 1 to 200 characters")
	}
	return nil
}

// Warehouses lists warehouses by priority, then code.
func (s *Service) Warehouses(ctx context.Context) ([]Warehouse, error) {
	return s.store.Warehouses(ctx)
}

// ValidateChange checks a receipt (positive) or an adjustment before a use
// case outside this package (internal/app) books it.
func ValidateChange(key string, l Line, positive bool) error {
	if err := validKey(key); err != nil {
		return err
	}
	return l.validate(positive)
}
