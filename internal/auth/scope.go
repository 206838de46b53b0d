package auth

import (
	"context"
	"fmt"
	"slices"

	"github.com/fnshub/fnshub/internal/fault"
)

// ShopExists answers whether a shop with this id exists: nil when it does,
// an error of kind NotFound when it does not. auth knows no shops; the hub
// passes the shop service's lookup (WithShops).
type ShopExists func(ctx context.Context, id string) error

// WithShops sets how the shops of a user's scope are checked, and returns s.
func (s *Service) WithShops(exists ShopExists) *Service {
	s.shopExists = exists
	return s
}

// checkShops returns shops sorted without repeats after checking that each
// exists. Errors: Invalid (field "shops").
func (s *Service) checkShops(ctx context.Context, shops []string) ([]string, error) {
	out := slices.Compact(slices.Sorted(slices.Values(shops)))
	if len(out) == 0 {
		return []string{}, nil
	}
	if s.shopExists == nil {
		return nil, fmt.Errorf("auth: no shop lookup configured to check shops %v (Service.WithShops)", out)
	}
	for _, id := range out {
		err := s.shopExists(ctx, id)
		if fault.Is(err, fault.NotFound) {
			return nil, fault.Invalidf("shops", "shop_unknown",
				"shops: %q is not a shop; list the shops with GET /api/v1/shops or `fnshub shop list`", id)
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// scopeFits refuses a scope on an admin: admins manage users, so a scope
// on one would not hold (they could lift it), and refusing says so rather
// than pretending. Errors: Invalid (field "shops").
func scopeFits(role Role, shops []string) error {
	if role == Admin && len(shops) > 0 {
		return fault.Invalidf("shops", "shops_admin",
			"an admin sees every shop and cannot be limited to some; send \"shops\": [] or give the user another role")
	}
	return nil
}
