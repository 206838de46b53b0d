package httpapi

import (
	"net/http"
	"strings"

	"github.com/fnshub/fnshub/internal/entity"
	"github.com/fnshub/fnshub/internal/fault"
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

// shopOut is a shop as answered: times in the merchant's zone, empty
// lists and maps as [] and {}. Secrets are names and dates only; a Shop
// never holds a value to show.
func (s *Server) shopOut(sh shop.Shop) shop.Shop {
	sh.CreatedAt, sh.UpdatedAt = sh.CreatedAt.In(s.Location), sh.UpdatedAt.In(s.Location)
	if sh.Warehouses == nil {
		sh.Warehouses = []shop.Warehouse{}
	}
	if sh.Settings == nil {
		sh.Settings = map[string]string{}
	}
	secrets := make([]shop.SecretInfo, len(sh.Secrets))
	for i, info := range sh.Secrets {
		secrets[i] = s.secretOut(info)
	}
	sh.Secrets, sh.Sealed = secrets, nil
	return sh
}

func (s *Server) secretOut(info shop.SecretInfo) shop.SecretInfo {
	info.SetAt = info.SetAt.In(s.Location)
	if info.RotatedAt != nil {
		at := info.RotatedAt.In(s.Location)
		info.RotatedAt = &at
	}
	return info
}

// listShops pages by id; next_cursor is empty on the last page.
func (s *Server) listShops(w http.ResponseWriter, r *http.Request) error {
	limit, err := queryInt(r, "limit", 100)
	if err != nil {
		return err
	}
	shops, err := s.listVisibleShops(r, int(limit))
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
	ID         string            `json:"id"`
	Channel    string            `json:"channel"`
	Name       string            `json:"name"`
	Entity     string            `json:"entity"`
	Currency   string            `json:"currency"`
	Timezone   string            `json:"timezone"`
	Warehouses []shop.Warehouse  `json:"warehouses"`
	Settings   map[string]string `json:"settings"`
	Secrets    map[string]string `json:"secrets"` // write-only: sealed, never answered
	APIBaseURL string            `json:"api_base_url"`
}

func (s *Server) createShop(w http.ResponseWriter, r *http.Request) error {
	var in shopIn
	if err := decodeJSON(w, r, &in); err != nil {
		return withoutSecret(err, "secrets")
	}
	if err := s.refuseScoped(r, "adding a shop"); err != nil {
		return err
	}
	created, err := s.Shops.CreateWithSecrets(r.Context(), shop.Shop{ID: in.ID, Channel: in.Channel, Name: in.Name, Entity: in.Entity,
		Currency: money.Currency(in.Currency), Timezone: in.Timezone, Warehouses: in.Warehouses,
		Settings: in.Settings, APIBaseURL: in.APIBaseURL}, in.Secrets)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, s.shopOut(created))
	return nil
}

func (s *Server) getShop(w http.ResponseWriter, r *http.Request) error {
	if err := s.shopInPath(r); err != nil {
		return err
	}
	sh, err := s.Shops.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.shopOut(sh))
	return nil
}

func (s *Server) patchShop(w http.ResponseWriter, r *http.Request) error {
	if err := s.shopInPath(r); err != nil {
		return err
	}
	var p shop.Patch
	if err := decodeJSON(w, r, &p); err != nil {
		return err
	}
	before := s.shopBefore(r.Context(), r.PathValue("id"))
	sh, err := s.Shops.Update(r.Context(), r.PathValue("id"), p)
	if err != nil {
		return err
	}
	auditChange(r, before, s.shopOut(sh))
	writeJSON(w, http.StatusOK, s.shopOut(sh))
	return nil
}

// secretIn is the body of a secret write.
type secretIn struct {
	Value string `json:"value"`
}

// putShopSecret sets or rotates one secret. The body is read once into
// memory, sealed and dropped: the access log has no bodies, shop writes
// keep no idempotency or raw-event record, and errors never repeat it.
func (s *Server) putShopSecret(w http.ResponseWriter, r *http.Request) error {
	if err := s.shopInPath(r); err != nil {
		return err
	}
	var in secretIn
	if err := decodeJSON(w, r, &in); err != nil {
		return withoutSecret(err, "")
	}
	info, err := s.Shops.SetSecret(r.Context(), r.PathValue("id"), r.PathValue("name"), in.Value)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.secretOut(info))
	return nil
}

func (s *Server) deleteShopSecret(w http.ResponseWriter, r *http.Request) error {
	if err := s.shopInPath(r); err != nil {
		return err
	}
	if err := s.Shops.DeleteSecret(r.Context(), r.PathValue("id"), r.PathValue("name")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// withoutSecret keeps a decode error's code and field but drops its
// message when it could quote part of a secret: a syntax error names the
// byte it stopped at, the first of a secret sent unquoted, and nothing
// promises encoding/json's words will not quote more. prefix is the
// field secrets sit under ("" when the whole body is one).
func withoutSecret(err error, prefix string) error {
	fe := asFault(err)
	if fe.Kind != fault.Invalid {
		return err
	}
	if prefix != "" && fe.Field != prefix && !strings.HasPrefix(fe.Field, prefix+".") && fe.Field != "" {
		return err
	}
	if fe.Code != "body_invalid" && fe.Code != "text_invalid" {
		return err // sizes and missing bodies say nothing of the content
	}
	msg := "the body must be a JSON object"
	switch {
	case prefix == "":
		msg = `send {"value": "…"}, the secret as one JSON string`
	case fe.Field != "":
		msg = "secrets must be an object of secret names to strings, e.g. {\"access_token\": \"…\"}"
	}
	return fault.Invalidf(fe.Field, fe.Code, "%s (the decoder's detail is left out because it could quote a secret)", msg)
}
