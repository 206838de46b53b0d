package entity

import "context"

// Store persists legal entities. The implementation lives in
// entity/entitydb.
type Store interface {
	// Create adds e and returns it with its id. Errors: Conflict (code taken).
	Create(ctx context.Context, e Entity) (Entity, error)
	// List returns every entity by id.
	List(ctx context.Context) ([]Entity, error)
	// ByID returns one entity. Errors: NotFound.
	ByID(ctx context.Context, id int64) (Entity, error)
	// ByCode returns one entity. Errors: NotFound.
	ByCode(ctx context.Context, code string) (Entity, error)
	// Update reads the entity with code, lets fn change it and stores it,
	// in one transaction. fn may not change the id or the code; the base
	// currency may change only while the entity has no books.
	// Errors: NotFound, Invalid (from fn), Conflict (currency with books).
	Update(ctx context.Context, code string, fn func(*Entity) error) (Entity, error)
}
