package shop

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/pii"
)

// TTL is how long a found shop is trusted without asking the database. A
// shop changed on this node is forgotten at once; one deactivated on
// another node sharing PostgreSQL stops taking orders here within the TTL.
// A shop that was not found is never cached, so adding it works at once.
const TTL = 5 * time.Second

// Defaults are what a new shop gets when it names no entity, currency or
// timezone: the entity's, looked up by code.
type Defaults interface {
	// EntityDefaults returns the base currency and timezone of the entity
	// with code. Errors: NotFound.
	EntityDefaults(ctx context.Context, code string) (money.Currency, string, error)
}

// Service adds, reads and changes shops, and answers the one question
// order ingestion asks of every order: may this shop take it (Check).
type Service struct {
	store    Store
	defaults Defaults
	now      func() time.Time
	keys     *pii.Keyring // seals and opens shop secrets; nil refuses them
	cache    sync.Map     // id → cached
}

type cached struct {
	shop    Shop
	allowed map[string]int // shop.Warehouses by code, for routing; nil: every warehouse
	expires time.Time
}

// New returns a Service; now is the clock (time.Now when nil).
func New(store Store, defaults Defaults, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, defaults: defaults, now: now}
}

// WithKeys gives the service the master keyring that seals and opens shop
// secrets (ADR 29); without it every secret operation fails.
func (s *Service) WithKeys(keys *pii.Keyring) *Service {
	s.keys = keys
	return s
}

// Create adds s: under the default entity unless it names one, in its
// entity's base currency and timezone unless it gives its own. A new shop
// is active; deactivate it with Update. Errors: Invalid, Conflict (id taken).
func (s *Service) Create(ctx context.Context, sh Shop) (Shop, error) {
	return s.CreateWithSecrets(ctx, sh, nil)
}

// CreateWithSecrets is Create with the shop's first secrets, by name,
// sealed before anything is stored and inserted with the shop in one
// transaction. Errors: as Create; Invalid naming secrets.NAME.
func (s *Service) CreateWithSecrets(ctx context.Context, sh Shop, secrets map[string]string) (Shop, error) {
	if sh.Entity == "" {
		sh.Entity = "default"
	}
	if sh.Currency == "" || sh.Timezone == "" {
		cur, zone, err := s.defaults.EntityDefaults(ctx, sh.Entity)
		if fault.Is(err, fault.NotFound) {
			return Shop{}, fault.Invalidf("entity", "entity_not_found", "entity %s does not exist; list them with GET /api/v1/entities or add it first", sh.Entity)
		}
		if err != nil {
			return Shop{}, err
		}
		if sh.Currency == "" {
			sh.Currency = cur
		}
		if sh.Timezone == "" {
			sh.Timezone = zone
		}
	}
	sh.Active = true
	sh.CreatedAt = s.now().UTC().Truncate(time.Microsecond)
	sh.UpdatedAt = sh.CreatedAt
	if sh.Settings == nil {
		sh.Settings = map[string]string{}
	}
	if err := sh.Validate(); err != nil {
		return Shop{}, err
	}
	sealed, err := s.sealAll(sh.ID, secrets, sh.CreatedAt)
	if err != nil {
		return Shop{}, err
	}
	sh.Sealed = sealed
	out, err := s.store.Create(ctx, sh)
	s.cache.Delete(sh.ID)
	return out, err
}

// Get returns one shop. Errors: NotFound.
func (s *Service) Get(ctx context.Context, id string) (Shop, error) { return s.store.Get(ctx, id) }

// List returns shops by id after the cursor, at most limit (1 to 1000).
func (s *Service) List(ctx context.Context, after string, limit int) ([]Shop, error) {
	if limit < 1 || limit > 1000 {
		return nil, fault.Invalidf("limit", "limit_invalid", "limit must be 1 to 1000")
	}
	return s.store.List(ctx, after, limit)
}

// Patch is a change to a shop; nil fields are left as they are.
type Patch struct {
	Name       *string      `json:"name"`
	Timezone   *string      `json:"timezone"`
	Active     *bool        `json:"active"`
	Warehouses *[]Warehouse `json:"warehouses"` // replaces the list; [] allows every warehouse
	// Settings are merged into the shop's: a name with a value sets it, a
	// name with nil (JSON null) removes it, names not given stay.
	Settings   map[string]*string `json:"settings"`
	APIBaseURL *string            `json:"api_base_url"` // "" goes back to the platform's address
}

// Update applies p to the shop with id. Errors: NotFound, Invalid.
func (s *Service) Update(ctx context.Context, id string, p Patch) (Shop, error) {
	out, err := s.store.Update(ctx, id, func(sh *Shop) error {
		if p.Name != nil {
			sh.Name = *p.Name
		}
		if p.Timezone != nil {
			sh.Timezone = *p.Timezone
		}
		if p.Active != nil {
			sh.Active = *p.Active
		}
		if p.Warehouses != nil {
			sh.Warehouses = *p.Warehouses
		}
		sh.Settings = mergeSettings(sh.Settings, p.Settings)
		if p.APIBaseURL != nil {
			sh.APIBaseURL = *p.APIBaseURL
		}
		sh.UpdatedAt = s.now().UTC().Truncate(time.Microsecond)
		if sh.Name == "" || len(sh.Name) > 200 {
			return fault.Invalidf("name", "shop_name_invalid", "give the shop's name as the channel shows it, 1 to 200 bytes")
		}
		if err := validTimezone(sh.Timezone); err != nil {
			return err
		}
		if err := validSettings(sh.Settings); err != nil {
			return err
		}
		if err := ValidAPIBaseURL(sh.APIBaseURL); err != nil {
			return err
		}
		return validWarehouses(sh.Warehouses)
	})
	s.cache.Delete(id)
	return out, err
}

// Check returns the shop an order from channel names, if it may take
// orders: it exists, is active and is on that channel. It is on the path
// of every order, so a found shop is cached for TTL.
//
// Errors: Invalid (field "shop": unknown or inactive; field "channel": a
// different channel), each saying how to fix it.
func (s *Service) Check(ctx context.Context, channel, id string) (Shop, error) {
	sh, err := s.lookup(ctx, id)
	switch {
	case fault.Is(err, fault.NotFound):
		return Shop{}, NotFound("shop", id, channel)
	case err != nil:
		return Shop{}, err
	case sh.Channel != channel:
		return Shop{}, fault.Invalidf("channel", "shop_channel_mismatch",
			"shop %s is a %s shop, not %s; send its orders with channel %q, or add a %s shop with another id", id, sh.Channel, channel, sh.Channel, channel)
	case !sh.Active:
		return Shop{}, fault.Invalidf("shop", "shop_inactive",
			"shop %s is inactive and takes no orders; activate it (`fnshub shop update %s --active=true` or PATCH /api/v1/shops/%s) and send the order again", id, id, id)
	}
	return sh, nil
}

// EntityOf returns the id of the legal entity that keeps shop id's books,
// whether or not the shop is active: an order's refund still books there.
// A shop's entity never changes, so the cached answer stays right.
func (s *Service) EntityOf(ctx context.Context, id string) (int64, error) {
	sh, err := s.lookup(ctx, id)
	if err != nil {
		return 0, fmt.Errorf("shop %s: %w", id, err)
	}
	return sh.EntityID, nil
}

func (s *Service) lookup(ctx context.Context, id string) (Shop, error) {
	c, err := s.cached(ctx, id)
	return c.shop, err
}

// Allowed returns the warehouses the shop with id may ship from, each code
// with the shop's priority for it (lower first), or nil when it lists
// none: then every warehouse may serve it. Routing and available-to-promise
// ask it for every order and shop, so it answers from the same cache as
// Check (TTL); the map is shared and must not be changed. A shop that does
// not exist has no list (nil, nil): it takes no orders and has no rules,
// so there is nothing to restrict.
func (s *Service) Allowed(ctx context.Context, id string) (map[string]int, error) {
	c, err := s.cached(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return nil, nil
	}
	return c.allowed, err
}

func (s *Service) cached(ctx context.Context, id string) (cached, error) {
	now := s.now()
	if v, ok := s.cache.Load(id); ok && !now.After(v.(cached).expires) {
		return v.(cached), nil
	}
	sh, err := s.store.Get(ctx, id)
	if err != nil {
		return cached{}, err
	}
	c := cached{shop: sh, expires: now.Add(TTL)}
	if len(sh.Warehouses) > 0 {
		c.allowed = make(map[string]int, len(sh.Warehouses))
		for _, w := range sh.Warehouses {
			c.allowed[w.Code] = w.Priority
		}
	}
	s.cache.Store(id, c)
	return c, nil
}

// Lookup returns shop id as the hot path reads it (cached for TTL).
// Errors: NotFound.
func (s *Service) Lookup(ctx context.Context, id string) (Shop, error) { return s.lookup(ctx, id) }
