package httpapi

import (
	"net/http"

	"github.com/fnshub/fnshub/internal/catalog"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
)

func (s *Server) createProduct(w http.ResponseWriter, r *http.Request) error {
	var p catalog.Product
	if err := decodeJSON(w, r, &p); err != nil {
		return err
	}
	created, err := s.Catalog.CreateProduct(r.Context(), p)
	if err != nil {
		return err
	}
	created.CreatedAt = created.CreatedAt.In(s.Location)
	writeJSON(w, http.StatusCreated, created)
	return nil
}

// skuRequest is a SKU as sent: the tax rate is required, because a missing
// rate read as zero would understate VAT on every sale.
type skuRequest struct {
	catalog.SKU
	TaxRate *money.Rate `json:"tax_rate"`
}

func (s *Server) createSKU(w http.ResponseWriter, r *http.Request) error {
	var in skuRequest
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if in.TaxRate == nil {
		return fault.Invalidf("tax_rate", "tax_rate_missing", `give the VAT rate included in this SKU's prices, e.g. "0.13" (use "0" when exempt)`)
	}
	in.SKU.TaxRate = *in.TaxRate
	created, err := s.Catalog.CreateSKU(r.Context(), in.SKU)
	if err != nil {
		return err
	}
	created.CreatedAt = created.CreatedAt.In(s.Location)
	writeJSON(w, http.StatusCreated, created)
	return nil
}

func (s *Server) getSKU(w http.ResponseWriter, r *http.Request) error {
	sku, err := s.Catalog.SKU(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	sku.CreatedAt = sku.CreatedAt.In(s.Location)
	writeJSON(w, http.StatusOK, sku)
	return nil
}

// listSKUs pages by code; next_cursor is empty on the last page.
func (s *Server) listSKUs(w http.ResponseWriter, r *http.Request) error {
	limit, err := queryInt(r, "limit", 100)
	if err != nil {
		return err
	}
	skus, err := s.Catalog.SKUs(r.Context(), r.URL.Query().Get("cursor"), int(limit))
	if err != nil {
		return err
	}
	for i := range skus {
		skus[i].CreatedAt = skus[i].CreatedAt.In(s.Location)
	}
	writePage(w, skus, limit, func(sku catalog.SKU) string { return sku.Code })
	return nil
}

func (s *Server) putListing(w http.ResponseWriter, r *http.Request) error {
	var l catalog.Listing
	if err := decodeJSON(w, r, &l); err != nil {
		return err
	}
	if err := s.refuseShopOutOfScope(r, "shop", l.Shop); err != nil {
		return err
	}
	saved, err := s.Catalog.PutListing(r.Context(), l)
	if err != nil {
		return err
	}
	saved.CreatedAt = saved.CreatedAt.In(s.Location)
	writeJSON(w, http.StatusOK, saved)
	return nil
}

func (s *Server) listListings(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if q.Get("channel") == "" || q.Get("shop") == "" {
		return fault.Invalidf("shop", "shop_missing", "name the shop: ?channel=tmall&shop=…")
	}
	if _, err := s.shopScope(r, []string{q.Get("shop")}); err != nil {
		return err
	}
	ls, err := s.Catalog.Listings(r.Context(), q.Get("channel"), q.Get("shop"))
	if err != nil {
		return err
	}
	for i := range ls {
		ls[i].CreatedAt = ls[i].CreatedAt.In(s.Location)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(ls)})
	return nil
}
