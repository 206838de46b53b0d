package httpapi

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/shop"
)

// shopScope returns the shops a request may read
// (docs/adr/0039-data-scope-and-the-policy-matrix.md): nil means no
// restriction. For a user limited to some shops it is those of requested
// that the user may see, or all of the user's shops when requested is
// empty. Asking only for shops outside the scope is refused with 403
// scope_forbidden: the user knows the shop ids they asked for, so saying
// no leaks nothing, where a silently empty answer would mislead.
//
// The scope is read from the principal, which is read from the database at
// every request: a changed scope applies from the next request on.
func (s *Server) shopScope(r *http.Request, requested []string) ([]string, error) {
	mine := s.principalOf(r).User.Shops
	if len(mine) == 0 {
		if len(requested) == 0 {
			return nil, nil
		}
		return requested, nil
	}
	if len(requested) == 0 {
		return slices.Clone(mine), nil
	}
	var out []string
	for _, id := range requested {
		if slices.Contains(mine, id) && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	if len(out) == 0 {
		s.logDenial(r, "scope_forbidden")
		return nil, fault.New(fault.Forbidden, "scope_forbidden",
			"you may see only shops %s, not %s", strings.Join(mine, ", "), strings.Join(requested, ", "))
	}
	return out, nil
}

// requestedShops reads the shop query parameter, repeated or not.
func requestedShops(r *http.Request) []string {
	var out []string
	for _, v := range r.URL.Query()["shop"] {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// inScope reports whether the request may see data of the shop with this
// id. Data of no shop (stock, the catalog, entries of no shop) is shared.
func (s *Server) inScope(r *http.Request, shopID string) bool {
	mine := s.principalOf(r).User.Shops
	return len(mine) == 0 || slices.Contains(mine, shopID)
}

// hidden answers notFound — the very error a missing thing gives — when
// the thing belongs to a shop outside the request's scope, and logs the
// denial; nil when it is in scope. Answering 404 rather than 403 keeps ids
// of other shops from leaking: a scoped user cannot tell "not yours" from
// "not there".
func (s *Server) hidden(r *http.Request, shopID string, notFound error) error {
	if shopID == "" || s.inScope(r, shopID) {
		// No shop named: the service refuses the request as incomplete.
		return nil
	}
	s.logDenial(r, "scope_hidden")
	return notFound
}

// scopedOrder loads the order in the path for a request that may act on
// it: an order of a shop outside the scope does not exist for it.
func (s *Server) scopedOrder(r *http.Request) (*order.Record, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	rec, err := s.Orders.Get(r.Context(), order.ID(id))
	if err != nil {
		return nil, err
	}
	return rec, s.hidden(r, rec.Shop, fault.New(fault.NotFound, "order_not_found", "order %d does not exist", id))
}

// shopInPath checks the shop in the path ({id}) is one the request may see:
// one outside the scope does not exist for it.
func (s *Server) shopInPath(r *http.Request) error {
	id := r.PathValue("id")
	return s.hidden(r, id, shopNotFound(id))
}

func shopNotFound(id string) error {
	return fault.New(fault.NotFound, "shop_not_found", "shop %s does not exist; add it with `fnshub shop add` or POST /api/v1/shops", id)
}

// refuseShopOutOfScope refuses a write naming a shop the request may not
// see (a listing, a stock rule): as if the shop did not exist.
func (s *Server) refuseShopOutOfScope(r *http.Request, field, shopID string) error {
	if shopID == "" || s.inScope(r, shopID) {
		// No shop named: the service refuses the request as incomplete.
		return nil
	}
	s.logDenial(r, "scope_hidden")
	return shop.NotFound(field, shopID, "")
}

// refuseScoped refuses to a user limited to some shops what only an
// unscoped user may do (what: "adding a shop"): an action that reaches
// beyond any set of shops, or whose answer would tell of other shops (a
// new shop's id taken by another).
func (s *Server) refuseScoped(r *http.Request, what string) error {
	if len(s.principalOf(r).User.Shops) == 0 {
		return nil
	}
	s.logDenial(r, "scope_forbidden")
	return fault.New(fault.Forbidden, "scope_forbidden", "%s needs a user who may see every shop; yours is limited to some", what)
}

// listVisibleShops is a page of the shops the request may see: for a
// scoped user, their own after the cursor (a scope is a handful of shops).
func (s *Server) listVisibleShops(r *http.Request, limit int) ([]shop.Shop, error) {
	cursor := r.URL.Query().Get("cursor")
	mine := s.principalOf(r).User.Shops
	if len(mine) == 0 {
		return s.Shops.List(r.Context(), cursor, limit)
	}
	if limit < 1 || limit > 1000 {
		return s.Shops.List(r.Context(), cursor, limit) // the same refusal as for everyone
	}
	var out []shop.Shop
	for _, id := range mine { // sorted, as the users.shops column keeps them
		if id <= cursor || len(out) == limit {
			continue
		}
		sh, err := s.Shops.Get(r.Context(), id)
		if err != nil {
			return nil, err
		}
		out = append(out, sh)
	}
	return out, nil
}

// jobInScope reports whether the request may see the job: a job of a shop
// (its arguments name one, as pulls, pushes and health checks do) of the
// scope; for a scoped user, a job of no shop is the hub's and not theirs.
func (s *Server) jobInScope(r *http.Request, in job.Info) bool {
	if len(s.principalOf(r).User.Shops) == 0 {
		return true
	}
	var args struct {
		Shop string `json:"shop"`
	}
	if json.Unmarshal(in.Args, &args) != nil || args.Shop == "" {
		return false
	}
	return s.inScope(r, args.Shop)
}
