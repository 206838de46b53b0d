package inventory

import (
	"context"
	"regexp"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
)

// Service validates the stock operations that stand alone — warehouses,
// transfers, levels, the checks and available-to-promise — in front of a
// Store. Receipts, adjustments, returns and reservations change stock
// inside a use case's transaction (internal/app) through the inventorydb Tx
// functions, so they are not here (docs/adr/0018-one-stock-write-path.md).
type Service struct {
	store Store
	now   func() time.Time
	shops ShopScope // nil: every shop may use every warehouse
}

// ShopScope says which warehouses a shop may ship from; shop.Service is
// one. Available-to-promise counts a shop's part only over those.
type ShopScope interface {
	// Allowed returns the warehouses shop may ship from, by code, each
	// with the shop's priority; nil: every warehouse.
	Allowed(ctx context.Context, shop string) (map[string]int, error)
}

// WithShops makes available-to-promise count each shop's part only over
// the warehouses scope allows it, and returns s.
func (s *Service) WithShops(scope ShopScope) *Service {
	s.shops = scope
	return s
}

// New returns a Service; now is the clock (time.Now when nil).
func New(s Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: s, now: now}
}

var warehouseCode = regexp.MustCompile(`^[A-Za-z0-9_-]{1,32}$`)

// CreateWarehouse adds a warehouse. Errors: Invalid, Conflict.
func (s *Service) CreateWarehouse(ctx context.Context, w Warehouse) (Warehouse, error) {
	if !warehouseCode.MatchString(w.Code) {
		return Warehouse{}, fault.Invalidf("code", "warehouse_code_invalid", "warehouse code %q must be 1 to 32 letters, digits, _ or -", w.Code)
	}
	if w.Name == "" {
		return Warehouse{}, fault.Invalidf("name", "warehouse_name_missing", "give the warehouse a name")
	}
	if w.Entity == "" {
		w.Entity = DefaultEntity
	}
	w.CreatedAt = s.clock()
	if err := s.store.CreateWarehouse(ctx, w); err != nil {
		return Warehouse{}, err
	}
	return s.warehouse(ctx, w.Code)
}

// DefaultEntity is the code of the legal entity a warehouse belongs to
// when it names none (migration 15's default entity).
const DefaultEntity = "default"

func (s *Service) warehouse(ctx context.Context, code string) (Warehouse, error) {
	whs, err := s.store.Warehouses(ctx)
	if err != nil {
		return Warehouse{}, err
	}
	for _, w := range whs {
		if w.Code == code {
			return w, nil
		}
	}
	return Warehouse{}, fault.New(fault.NotFound, "warehouse_not_found", "warehouse %s does not exist", code)
}

// UpdateWarehouse changes a warehouse's name, province, priority, whether
// it is active or (while it holds no stock) its entity; change edits a
// copy, which is validated before it is stored. An inactive warehouse
// keeps its stock but is no longer routed to. Errors: Invalid, NotFound,
// Conflict (a new entity while it holds stock).
func (s *Service) UpdateWarehouse(ctx context.Context, code string, change func(*Warehouse)) (Warehouse, error) {
	return s.store.UpdateWarehouse(ctx, code, func(w *Warehouse) error {
		change(w)
		if w.Name == "" {
			return fault.Invalidf("name", "warehouse_name_missing", "give the warehouse a name")
		}
		return nil
	})
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
