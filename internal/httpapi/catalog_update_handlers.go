package httpapi

import (
	"encoding/json"
	"net/http"

	"github.com/fnshub/fnshub/internal/catalog"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
)

// patchField is one field of a JSON merge patch (RFC 7396): absent leaves
// the value as it is, null resets it to its zero value, anything else sets it.
type patchField[T any] struct {
	set, null bool
	v         T
}

func (f *patchField[T]) UnmarshalJSON(b []byte) error {
	f.set, f.null = true, string(b) == "null"
	if f.null {
		return nil
	}
	return json.Unmarshal(b, &f.v)
}

// ptr is nil when the field was absent, and the zero value when it was null.
func (f patchField[T]) ptr() *T {
	if !f.set {
		return nil
	}
	return &f.v
}

// skuPatch names code and components only to refuse them with a message
// better than "unknown field".
type skuPatch struct {
	Code       patchField[json.RawMessage] `json:"code"`
	Components patchField[json.RawMessage] `json:"components"`
	Product    patchField[string]          `json:"product"`
	Barcode    patchField[string]          `json:"barcode"`
	Name       patchField[string]          `json:"name"`
	Spec       patchField[string]          `json:"spec"`
	Unit       patchField[string]          `json:"unit"`
	TaxRate    patchField[money.Rate]      `json:"tax_rate"`
	WeightG    patchField[int64]           `json:"weight_g"`
}

func (s *Server) patchSKU(w http.ResponseWriter, r *http.Request) error {
	var in skuPatch
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	switch {
	case in.Code.set:
		return fault.Invalidf("code", "code_immutable", "a SKU's code cannot change; create a new SKU with the new code (and remap its listings) instead")
	case in.Components.set:
		return fault.Invalidf("components", "components_immutable",
			"a bundle's components cannot change, since past reservations were made of them; create a new SKU with the new components instead")
	case in.TaxRate.null:
		return fault.Invalidf("tax_rate", "tax_rate_missing", `the VAT rate cannot be removed; give it, e.g. "0.13" (use "0" when exempt)`)
	}
	before := s.skuBefore(r.Context(), r.PathValue("code"))
	updated, err := s.Catalog.UpdateSKU(r.Context(), r.PathValue("code"), catalog.SKUPatch{
		Product: in.Product.ptr(), Barcode: in.Barcode.ptr(), Name: in.Name.ptr(), Spec: in.Spec.ptr(),
		Unit: in.Unit.ptr(), TaxRate: in.TaxRate.ptr(), WeightG: in.WeightG.ptr()})
	if err != nil {
		return err
	}
	updated.CreatedAt = updated.CreatedAt.In(s.Location)
	auditChange(r, before, updated)
	writeJSON(w, http.StatusOK, updated)
	return nil
}

type productPatch struct {
	Code patchField[json.RawMessage] `json:"code"`
	Name patchField[string]          `json:"name"`
}

func (s *Server) patchProduct(w http.ResponseWriter, r *http.Request) error {
	var in productPatch
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if in.Code.set {
		return fault.Invalidf("code", "code_immutable", "a product's code cannot change; create a new product instead")
	}
	before := s.productBefore(r.Context(), r.PathValue("code"))
	updated, err := s.Catalog.UpdateProduct(r.Context(), r.PathValue("code"), catalog.ProductPatch{Name: in.Name.ptr()})
	if err != nil {
		return err
	}
	updated.CreatedAt = updated.CreatedAt.In(s.Location)
	auditChange(r, before, updated)
	writeJSON(w, http.StatusOK, updated)
	return nil
}

// productDetail is a product with its SKUs.
type productDetail struct {
	catalog.Product
	SKUs []catalog.SKU `json:"skus"`
}

func (s *Server) getProduct(w http.ResponseWriter, r *http.Request) error {
	p, skus, err := s.Catalog.Product(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	p.CreatedAt = p.CreatedAt.In(s.Location)
	for i := range skus {
		skus[i].CreatedAt = skus[i].CreatedAt.In(s.Location)
	}
	writeJSON(w, http.StatusOK, productDetail{Product: p, SKUs: nonNil(skus)})
	return nil
}

// writePage writes one page of a listing in code order; next_cursor is the
// last code of a full page and empty on the last page.
func writePage[T any](w http.ResponseWriter, items []T, limit int64, code func(T) string) {
	next := ""
	if len(items) > 0 && len(items) == int(limit) {
		next = code(items[len(items)-1])
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(items), "next_cursor": next})
}

// listProducts pages by code like listSKUs.
func (s *Server) listProducts(w http.ResponseWriter, r *http.Request) error {
	limit, err := queryInt(r, "limit", 100)
	if err != nil {
		return err
	}
	ps, err := s.Catalog.Products(r.Context(), r.URL.Query().Get("cursor"), int(limit))
	if err != nil {
		return err
	}
	for i := range ps {
		ps[i].CreatedAt = ps[i].CreatedAt.In(s.Location)
	}
	writePage(w, ps, limit, func(p catalog.Product) string { return p.Code })
	return nil
}

// listBundles pages by code like listSKUs, with each bundle's components.
func (s *Server) listBundles(w http.ResponseWriter, r *http.Request) error {
	limit, err := queryInt(r, "limit", 100)
	if err != nil {
		return err
	}
	bs, err := s.Catalog.Bundles(r.Context(), r.URL.Query().Get("cursor"), int(limit))
	if err != nil {
		return err
	}
	for i := range bs {
		bs[i].CreatedAt = bs[i].CreatedAt.In(s.Location)
	}
	writePage(w, bs, limit, func(b catalog.SKU) string { return b.Code })
	return nil
}

func (s *Server) deleteListing(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if err := s.hidden(r, q.Get("shop"), fault.New(fault.NotFound, "listing_not_found", "%s shop %s item %s/%s is not mapped",
		q.Get("channel"), q.Get("shop"), q.Get("external_item_id"), q.Get("external_sku_id"))); err != nil {
		return err
	}
	if err := s.Catalog.DeleteListing(r.Context(), q.Get("channel"), q.Get("shop"), q.Get("external_item_id"), q.Get("external_sku_id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
