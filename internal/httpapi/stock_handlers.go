package httpapi

import (
	"context"
	"net/http"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/money"
)

func (s *Server) listWarehouses(w http.ResponseWriter, r *http.Request) error {
	ws, err := s.Stock.Warehouses(r.Context())
	if err != nil {
		return err
	}
	for i := range ws {
		ws[i].CreatedAt = ws[i].CreatedAt.In(s.Location)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(ws)})
	return nil
}

func (s *Server) createWarehouse(w http.ResponseWriter, r *http.Request) error {
	in := inventory.Warehouse{Active: true}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	created, err := s.Stock.CreateWarehouse(r.Context(), in)
	if err != nil {
		return err
	}
	created.CreatedAt = created.CreatedAt.In(s.Location)
	writeJSON(w, http.StatusCreated, created)
	return nil
}

// warehousePatch is a JSON merge patch of a warehouse; the code is its
// identity and stays.
type warehousePatch struct {
	Name     patchField[string] `json:"name"`
	Province patchField[string] `json:"province"`
	Priority patchField[int]    `json:"priority"`
	Active   patchField[bool]   `json:"active"`
	Entity   patchField[string] `json:"entity"` // only while it holds no stock (ADR 27)
}

func (s *Server) updateWarehouse(w http.ResponseWriter, r *http.Request) error {
	var in warehousePatch
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	updated, err := s.Stock.UpdateWarehouse(r.Context(), r.PathValue("code"), func(wh *inventory.Warehouse) {
		if v := in.Name.ptr(); v != nil {
			wh.Name = *v
		}
		if v := in.Province.ptr(); v != nil {
			wh.Province = *v
		}
		if v := in.Priority.ptr(); v != nil {
			wh.Priority = *v
		}
		if v := in.Active.ptr(); v != nil {
			wh.Active = *v
		}
		if v := in.Entity.ptr(); v != nil {
			wh.Entity = *v
		}
	})
	if err != nil {
		return err
	}
	updated.CreatedAt = updated.CreatedAt.In(s.Location)
	writeJSON(w, http.StatusOK, updated)
	return nil
}

type levelJSON struct {
	inventory.Level
	Available int64 `json:"available"`
}

func (s *Server) listStock(w http.ResponseWriter, r *http.Request) error {
	ls, err := s.Stock.Levels(r.Context())
	if err != nil {
		return err
	}
	items := make([]levelJSON, len(ls))
	for i, l := range ls {
		items[i] = levelJSON{Level: l, Available: l.Available()}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

func (s *Server) receiveStock(w http.ResponseWriter, r *http.Request) error {
	return s.moveStock(w, r, func(ctx context.Context, key string, in receiptRequest) (inventory.Level, bool, error) {
		return s.StockValue.Receive(ctx, key, in.Line, in.UnitCost)
	})
}

func (s *Server) adjustStock(w http.ResponseWriter, r *http.Request) error {
	return s.moveStock(w, r, func(ctx context.Context, key string, in receiptRequest) (inventory.Level, bool, error) {
		if in.UnitCost != nil {
			return inventory.Level{}, false, fault.Invalidf("unit_cost", "unit_cost_not_allowed", "an adjustment moves stock at its average cost; give unit_cost on receipts only")
		}
		return s.StockValue.Adjust(ctx, key, in.Line)
	})
}

// receiptRequest is a stock line and, for a receipt, what one unit cost.
type receiptRequest struct {
	inventory.Line
	UnitCost *money.Amount `json:"unit_cost"`
}

// moveStock applies a receipt or adjustment and answers with the new level.
func (s *Server) moveStock(w http.ResponseWriter, r *http.Request,
	move func(context.Context, string, receiptRequest) (inventory.Level, bool, error)) error {
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	var in receiptRequest
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	lvl, replayed, err := move(r.Context(), key, in)
	if err != nil {
		return err
	}
	writeApplied(w, replayed, levelJSON{Level: lvl, Available: lvl.Available()})
	return nil
}

type transferRequest struct {
	SKU      string `json:"sku"`
	From     string `json:"from"`
	To       string `json:"to"`
	Quantity int64  `json:"quantity"`
}

func (s *Server) transferStock(w http.ResponseWriter, r *http.Request) error {
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	var in transferRequest
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := s.stockable(r.Context(), in.SKU); err != nil {
		return err
	}
	from, dest, replayed, err := s.StockValue.Transfer(r.Context(), key, inventory.Line{SKU: in.SKU, Warehouse: in.From, Quantity: in.Quantity}, in.To)
	if err != nil {
		return err
	}
	writeApplied(w, replayed, map[string]levelJSON{
		"from": {Level: from, Available: from.Available()},
		"to":   {Level: dest, Available: dest.Available()},
	})
	return nil
}

type returnRequest struct {
	Reservation string `json:"reservation"`
	Quantity    int64  `json:"quantity"`
}

func (s *Server) returnStock(w http.ResponseWriter, r *http.Request) error {
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	var in returnRequest
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	lvl, replayed, err := s.StockValue.Return(r.Context(), key, in.Reservation, in.Quantity)
	if err != nil {
		return err
	}
	writeApplied(w, replayed, levelJSON{Level: lvl, Available: lvl.Available()})
	return nil
}

// stockable refuses, before a stock operation the use case does not check
// itself (transfers, safety stock, publishing rules), a SKU the catalog does
// not know (404) or a bundle (400: stocked through its components).
// Receipts, adjustments and returns are checked inside their transaction
// (app.Stock). An empty code or the rules' "*" is left to the operation's
// own validation.
func (s *Server) stockable(ctx context.Context, code string) error {
	if code == "" || code == inventory.AnySKU {
		return nil
	}
	sku, err := s.Catalog.SKU(ctx, code)
	if err != nil {
		return err
	}
	return sku.Stockable()
}
