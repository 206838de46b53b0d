package httpapi

import (
	"net/http"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/inventory"
)

// availableStock answers what one shop may publish of every SKU (ADR 10).
func (s *Server) availableStock(w http.ResponseWriter, r *http.Request) error {
	shop := r.URL.Query().Get("shop")
	if shop == "" {
		return fault.Invalidf("shop", "shop_missing", "name the shop: /api/v1/stock/available?shop=…")
	}
	if _, err := s.shopScope(r, []string{shop}); err != nil {
		return err
	}
	ps, err := s.Stock.Promises(r.Context(), shop)
	if err != nil {
		return err
	}
	for i := range ps {
		if ps[i].Rule != nil {
			rule := *ps[i].Rule
			rule.UpdatedAt = rule.UpdatedAt.In(s.Location)
			ps[i].Rule = &rule
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"shop": shop, "items": ps})
	return nil
}

func (s *Server) listStockRules(w http.ResponseWriter, r *http.Request) error {
	all, err := s.Stock.Rules(r.Context())
	if err != nil {
		return err
	}
	var rules []inventory.Rule
	for _, rule := range all {
		if s.inScope(r, rule.Shop) {
			rule.UpdatedAt = rule.UpdatedAt.In(s.Location)
			rules = append(rules, rule)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(rules)})
	return nil
}

// ruleRequest is a Rule without the server-set time.
type ruleRequest struct {
	Shop     string             `json:"shop"`
	SKU      string             `json:"sku"`
	Kind     inventory.RuleKind `json:"kind"`
	Quantity int64              `json:"quantity"`
	ShareBP  int64              `json:"share_bp"`
}

// putStockRule saves a rule; PUT of the same rule twice is harmless, so it
// needs no idempotency key.
func (s *Server) putStockRule(w http.ResponseWriter, r *http.Request) error {
	var in ruleRequest
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := s.refuseShopOutOfScope(r, "shop", in.Shop); err != nil {
		return err
	}
	if err := s.stockable(r.Context(), in.SKU); err != nil {
		return err
	}
	before := s.ruleBefore(r.Context(), in.Shop, in.SKU)
	saved, err := s.Stock.PutRule(r.Context(), inventory.Rule{
		Shop: in.Shop, SKU: in.SKU, Kind: in.Kind, Quantity: in.Quantity, ShareBP: in.ShareBP})
	if err != nil {
		return err
	}
	saved.UpdatedAt = saved.UpdatedAt.In(s.Location)
	auditChange(r, before, saved)
	writeJSON(w, http.StatusOK, saved)
	return nil
}

func (s *Server) deleteStockRule(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if err := s.hidden(r, q.Get("shop"), fault.New(fault.NotFound, "rule_not_found", "shop %s has no rule for sku %s", q.Get("shop"), q.Get("sku"))); err != nil {
		return err
	}
	if err := s.Stock.DeleteRule(r.Context(), q.Get("shop"), q.Get("sku")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) listSafetyStock(w http.ResponseWriter, r *http.Request) error {
	ss, err := s.Stock.SafetyStocks(r.Context())
	if err != nil {
		return err
	}
	for i := range ss {
		ss[i].UpdatedAt = ss[i].UpdatedAt.In(s.Location)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(ss)})
	return nil
}

type safetyRequest struct {
	SKU      string `json:"sku"`
	Quantity int64  `json:"quantity"`
}

func (s *Server) putSafetyStock(w http.ResponseWriter, r *http.Request) error {
	var in safetyRequest
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := s.stockable(r.Context(), in.SKU); err != nil {
		return err
	}
	before := s.safetyBefore(r.Context(), in.SKU)
	saved, err := s.Stock.PutSafetyStock(r.Context(), inventory.SafetyStock{SKU: in.SKU, Quantity: in.Quantity})
	if err != nil {
		return err
	}
	saved.UpdatedAt = saved.UpdatedAt.In(s.Location)
	auditChange(r, before, saved)
	writeJSON(w, http.StatusOK, saved)
	return nil
}
