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
	// one transaction. fn may change only the name, timezone, active flag,
	// warehouses, settings and API base URL. Errors: NotFound, Invalid
	// (from fn, a warehouse that does not exist, a fixed field changed).
	Update(ctx context.Context, id string, fn func(*Shop) error) (Shop, error)

	// Create inserts s.Sealed with the shop; Get and List fill Secrets
	// with names and dates only. The methods below are the only ones that
	// read or write sealed values.

	// PutSecret stores s for its shop: a new secret gets set_at = s.SetAt,
	// an existing one keeps its set_at and gets rotated_at = s.SetAt.
	// Errors: NotFound (the shop), Invalid (a new secret past MaxSecrets).
	PutSecret(ctx context.Context, s SealedSecret) (SecretInfo, error)
	// DeleteSecret removes one secret. Errors: NotFound (shop or secret).
	DeleteSecret(ctx context.Context, shopID, name string) error
	// GetSealed returns one shop and its sealed secrets, read together.
	// Errors: NotFound.
	GetSealed(ctx context.Context, id string) (Shop, []SealedSecret, error)
	// StaleSecrets returns up to limit secrets whose data key is sealed by
	// another master key than keyID, by (shop id, name) after the cursor.
	StaleSecrets(ctx context.Context, keyID string, after SecretRef, limit int) ([]SealedSecret, error)
	// RewrapSecret replaces the sealed data key of s with dataKey under
	// keyID if it is still s.DataKey, and reports whether it did: a value
	// set meanwhile is already under the current key.
	RewrapSecret(ctx context.Context, s SealedSecret, keyID string, dataKey []byte) (bool, error)
}

// SecretRef names one secret, as a cursor over all shops' secrets.
type SecretRef struct{ ShopID, Name string }
