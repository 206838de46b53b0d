package shop

import "context"

// Store persists shops. The implementation lives in shop/shopdb.
type Store interface {
	// Create adds s, its entity named by code (s.Entity), and returns it
	// with the entity's id. Errors: Conflict (id taken), Invalid (an
	// entity or warehouse that does not exist).
	Create(ctx context.Context, s Shop) (Shop, error)
	// Get returns one shop with its warehouses. Errors: NotFound.
	Get(ctx context.Context, id string) (Shop, error)
	// List returns shops by id after the cursor, at most limit.
	List(ctx context.Context, after string, limit int) ([]Shop, error)
	// Update reads the shop with id, lets fn change it and stores it, in
	// one transaction. fn may change only the name, timezone, active flag
	// and warehouses. Errors: NotFound, Invalid (from fn, a warehouse that
	// does not exist, a fixed field changed).
	Update(ctx context.Context, id string, fn func(*Shop) error) (Shop, error)
}
