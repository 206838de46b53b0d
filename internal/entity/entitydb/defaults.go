package entitydb

import (
	"context"

	"github.com/fnshub/fnshub/internal/money"
)

// EntityDefaults returns the base currency and timezone of the entity with
// code, which a new shop takes unless it gives its own (shop.Defaults).
func (s *Store) EntityDefaults(ctx context.Context, code string) (money.Currency, string, error) {
	e, err := s.ByCode(ctx, code)
	return e.BaseCurrency, e.Timezone, err
}
