package httpapi

import (
	"context"

	"github.com/fnshub/fnshub/internal/inventory"
)

// The states before a change, for auditChange. Each is read just before
// the change, outside its transaction: a concurrent change between the
// two can make "before" one step stale (ADR 0040). A nil before means
// there was none (a first rule) or it could not be read; the change
// itself then answers any error.

func (s *Server) userBefore(ctx context.Context, name string) any {
	users, err := s.Auth.Users(ctx)
	if err != nil {
		return nil
	}
	for _, u := range users {
		if u.Name == name {
			return s.userOut(u)
		}
	}
	return nil
}

func (s *Server) shopBefore(ctx context.Context, id string) any {
	if sh, err := s.Shops.Get(ctx, id); err == nil {
		return s.shopOut(sh)
	}
	return nil
}

func (s *Server) skuBefore(ctx context.Context, code string) any {
	if sku, err := s.Catalog.SKU(ctx, code); err == nil {
		return sku
	}
	return nil
}

func (s *Server) productBefore(ctx context.Context, code string) any {
	if p, _, err := s.Catalog.Product(ctx, code); err == nil {
		return p
	}
	return nil
}

func (s *Server) ruleBefore(ctx context.Context, shop, sku string) any {
	rules, err := s.Stock.Rules(ctx)
	if err != nil {
		return nil
	}
	for _, r := range rules {
		if r.Shop == shop && r.SKU == sku {
			return r
		}
	}
	return nil
}

func (s *Server) safetyBefore(ctx context.Context, sku string) any {
	ss, err := s.Stock.SafetyStocks(ctx)
	if err != nil {
		return nil
	}
	for _, x := range ss {
		if x.SKU == sku {
			return x
		}
	}
	return inventory.SafetyStock{SKU: sku} // none set is a safety stock of 0
}

func (s *Server) accountMapBefore(ctx context.Context, entity int64) any {
	versions, err := s.Maps.Versions(ctx, entity)
	if err != nil || len(versions) == 0 {
		return nil
	}
	return s.accountMapOut(versions[len(versions)-1])
}
