package entity

import (
	"context"
	"time"

	"github.com/fnshub/fnshub/internal/money"
)

// Service creates, lists and renames legal entities.
type Service struct {
	store Store
	now   func() time.Time
}

// New returns a Service over store; now is the clock (time.Now when nil).
func New(store Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, now: now}
}

// Create validates and adds e. Errors: Invalid, Conflict (code taken).
func (s *Service) Create(ctx context.Context, e Entity) (Entity, error) {
	e.ID = 0
	e.CreatedAt = s.now().UTC().Truncate(time.Microsecond)
	if err := e.Validate(); err != nil {
		return Entity{}, err
	}
	return s.store.Create(ctx, e)
}

// List returns every entity by id.
func (s *Service) List(ctx context.Context) ([]Entity, error) { return s.store.List(ctx) }

// ByID returns one entity. Errors: NotFound.
func (s *Service) ByID(ctx context.Context, id int64) (Entity, error) { return s.store.ByID(ctx, id) }

// ByCode returns one entity. Errors: NotFound.
func (s *Service) ByCode(ctx context.Context, code string) (Entity, error) {
	return s.store.ByCode(ctx, code)
}

// Patch is a change to an entity; nil fields are left as they are.
type Patch struct {
	Name         *string         `json:"name"`
	BaseCurrency *money.Currency `json:"base_currency"`
	Timezone     *string         `json:"timezone"`
}

// Update applies p to the entity with code. Errors: NotFound, Invalid,
// Conflict (a new base currency once the entity has books).
func (s *Service) Update(ctx context.Context, code string, p Patch) (Entity, error) {
	return s.store.Update(ctx, code, func(e *Entity) error {
		if p.Name != nil {
			e.Name = *p.Name
		}
		if p.BaseCurrency != nil {
			e.BaseCurrency = *p.BaseCurrency
		}
		if p.Timezone != nil {
			e.Timezone = *p.Timezone
		}
		return e.Validate()
	})
}

// EnsureDefault gives the default entity the hub's currency and zone
// settings while it has no books, so a hub first started with
// --currency USD keeps USD books. Once books exist they are the entity's:
// the stored currency stays and is returned, whatever the settings say.
// An empty currency or zone ("Local" is taken as empty) keeps the stored one.
func (s *Service) EnsureDefault(ctx context.Context, currency money.Currency, zone string) (Entity, error) {
	e, err := s.store.ByID(ctx, DefaultID)
	if err != nil {
		return e, err
	}
	if currency == "" {
		currency = e.BaseCurrency
	}
	if zone == "" || zone == "Local" {
		zone = e.Timezone
	}
	if e.BaseCurrency == currency && e.Timezone == zone {
		return e, nil
	}
	e, err = s.store.Update(ctx, DefaultCode, func(e *Entity) error {
		e.BaseCurrency, e.Timezone = currency, zone
		return e.Validate()
	})
	if err == nil || !isBooksConflict(err) {
		return e, err
	}
	// The books keep the stored currency: adopt only the zone.
	return s.store.Update(ctx, DefaultCode, func(e *Entity) error {
		e.Timezone = zone
		return e.Validate()
	})
}
