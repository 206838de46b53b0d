package httpapi

import (
	"net/http"

	"github.com/fnshub/fnshub/internal/entity"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/shop"
)

func (s *Server) listEntities(w http.ResponseWriter, r *http.Request) error {
	es, err := s.Entities.List(r.Context())
	if err != nil {
		return err
	}
	for i := range es {
		es[i].CreatedAt = es[i].CreatedAt.In(s.Location)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(es)})
	return nil
}

func (s *Server) createEntity(w http.ResponseWriter, r *http.Request) error {
	var e entity.Entity
	if err := decodeJSON(w, r, &e); err != nil {
		return err
	}
	created, err := s.Entities.Create(r.Context(), e)
	if err != nil {
		return err
	}
	created.CreatedAt = created.CreatedAt.In(s.Location)
	writeJSON(w, http.StatusCreated, created)
	return nil
}

func (s *Server) patchEntity(w http.ResponseWriter, r *http.Request) error {
	var p entity.Patch
	if err := decodeJSON(w, r, &p); err != nil {
		return err
	}
	e, err := s.Entities.Update(r.Context(), r.PathValue("code"), p)
	if err != nil {
		return err
	}
	e.CreatedAt = e.CreatedAt.In(s.Location)
	writeJSON(w, http.StatusOK, e)
	return nil
}

func (s *Server) shopOut(sh shop.Shop) shop.Shop {
	sh.CreatedAt, sh.UpdatedAt = sh.CreatedAt.In(s.Location), sh.UpdatedAt.In(s.Location)
	if sh.Warehouses == nil {
		sh.Warehouses = []shop.Warehouse{}
	}
	return sh
}

// listShops pages by id; next_cursor is empty on the last page.
func (s *Server) listShops(w http.ResponseWriter, r *http.Request) error {
	limit, err := queryInt(r, "limit", 100)
	if err != nil {
		return err
	}
	shops, err := s.Shops.List(r.Context(), r.URL.Query().Get("cursor"), int(limit))
	if err != nil {
		return err
	}
	for i := range shops {
		shops[i] = s.shopOut(shops[i])
	}
	writePage(w, shops, limit, func(sh shop.Shop) string { return sh.ID })
	return nil
}

// shopIn is a new shop as sent: what the server decides (entity id,
// active, times) is not read.
type shopIn struct {
	ID         string           `json:"id"`
	Channel    string           `json:"channel"`
	Name       string           `json:"name"`
	Entity     string           `json:"entity"`
	Currency   string           `json:"currency"`
	Timezone   string           `json:"timezone"`
	Warehouses []shop.Warehouse `json:"warehouses"`
}

func (s *Server) createShop(w http.ResponseWriter, r *http.Request) error {
	var in shopIn
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	created, err := s.Shops.Create(r.Context(), shop.Shop{ID: in.ID, Channel: in.Channel, Name: in.Name, Entity: in.Entity,
		Currency: money.Currency(in.Currency), Timezone: in.Timezone, Warehouses: in.Warehouses})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, s.shopOut(created))
	return nil
}

func (s *Server) getShop(w http.ResponseWriter, r *http.Request) error {
	sh, err := s.Shops.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.shopOut(sh))
	return nil
}

func (s *Server) patchShop(w http.ResponseWriter, r *http.Request) error {
	var p shop.Patch
	if err := decodeJSON(w, r, &p); err != nil {
		return err
	}
	sh, err := s.Shops.Update(r.Context(), r.PathValue("id"), p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.shopOut(sh))
	return nil
}
