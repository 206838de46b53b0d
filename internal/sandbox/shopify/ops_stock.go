package shopify

import (
	"encoding/json"
	"fmt"
	"strconv"
)

func (s *Shop) opVariant(vars json.RawMessage) (any, error) {
	var v struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(vars, &v); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	variant := s.variants[gidNumber(v.ID, "ProductVariant")]
	if variant == nil {
		return map[string]any{"productVariant": nil}, nil
	}
	return map[string]any{"productVariant": map[string]any{"id": gid("ProductVariant", variant.ID),
		"inventoryItem": map[string]any{"id": gid("InventoryItem", variant.InventoryItemID)}}}, nil
}

// costVariants prices nodes(ids:) as Shopify does a list it cannot page:
// each id requested as one variant and its inventory item.
func costVariants(vars json.RawMessage) float64 {
	var v struct {
		IDs []string `json:"ids"`
	}
	_ = json.Unmarshal(vars, &v)
	return float64(2 * max(len(v.IDs), 1))
}

// opVariants is nodes(ids:) for variants: in the order of ids, null for
// an id that names no variant; more than 250 ids is refused.
func (s *Shop) opVariants(vars json.RawMessage) (any, error) {
	var v struct {
		IDs []string `json:"ids"`
	}
	if err := json.Unmarshal(vars, &v); err != nil {
		return nil, err
	}
	if len(v.IDs) > maxInputArray {
		return nil, codedError{"MAX_INPUT_SIZE_EXCEEDED", fmt.Sprintf("The input array size of %d is greater than the maximum allowed of %d.", len(v.IDs), maxInputArray)}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	nodes := make([]any, len(v.IDs))
	for i, id := range v.IDs {
		if variant := s.variants[gidNumber(id, "ProductVariant")]; variant != nil {
			nodes[i] = map[string]any{"id": gid("ProductVariant", variant.ID),
				"inventoryItem": map[string]any{"id": gid("InventoryItem", variant.InventoryItemID)}}
		}
	}
	return map[string]any{"nodes": nodes}, nil
}

func (s *Shop) opLocation(json.RawMessage) (any, error) {
	return map[string]any{"location": map[string]any{"id": gid("Location", s.opt.LocationID)}}, nil
}

func (s *Shop) opAvailable(vars json.RawMessage) (any, error) {
	var v struct {
		Item     string `json:"item"`
		Location string `json:"location"`
	}
	if err := json.Unmarshal(vars, &v); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	item := gidNumber(v.Item, "InventoryItem")
	levels := s.items[item]
	if levels == nil {
		return map[string]any{"inventoryItem": nil}, nil
	}
	var level any
	if q, ok := levels[gidNumber(v.Location, "Location")]; ok {
		level = map[string]any{"quantities": []any{map[string]any{"name": "available", "quantity": q}}}
	}
	return map[string]any{"inventoryItem": map[string]any{"id": v.Item, "inventoryLevel": level}}, nil
}

// setRequest is inventorySetQuantities' input with each quantity's keys
// kept, because from 2026-04 an absent changeFromQuantity is an error and
// an explicit null opts out of the check.
type setRequest struct {
	Input struct {
		Name                  string                       `json:"name"`
		Reason                string                       `json:"reason"`
		ReferenceDocumentURI  string                       `json:"referenceDocumentUri"`
		IgnoreCompareQuantity bool                         `json:"ignoreCompareQuantity"`
		Quantities            []map[string]json.RawMessage `json:"quantities"`
	} `json:"input"`
	Key string `json:"key"`
}

type setQuantity struct {
	item, location, quantity int64
	compare                  *int64 // nil: not checked
}

type userError struct {
	Code    string   `json:"code"`
	Field   []string `json:"field"`
	Message string   `json:"message"`
}

// opSetAvailable is inventorySetQuantities from 2026-04: an idempotency
// key, and changeFromQuantity given for every quantity.
func (s *Shop) opSetAvailable(vars json.RawMessage) (any, error) {
	return s.setQuantities(vars, "changeFromQuantity", "CHANGE_FROM_QUANTITY_STALE")
}

// opSetAvailableCompare is inventorySetQuantities before 2026-04:
// compareQuantity unless ignoreCompareQuantity.
func (s *Shop) opSetAvailableCompare(vars json.RawMessage) (any, error) {
	return s.setQuantities(vars, "compareQuantity", "COMPARE_QUANTITY_STALE")
}

func (s *Shop) setQuantities(vars json.RawMessage, compareField, staleCode string) (any, error) {
	var req setRequest
	if err := json.Unmarshal(vars, &req); err != nil {
		return nil, err
	}
	modern := compareField == "changeFromQuantity"
	if n := len(req.Input.Quantities); n > maxInputArray {
		return nil, codedError{"MAX_INPUT_SIZE_EXCEEDED", fmt.Sprintf("The input array size of %d is greater than the maximum allowed of %d.", n, maxInputArray)}
	}
	if modern && req.Key == "" {
		return nil, fmt.Errorf("the @idempotent directive's key is required for inventorySetQuantities")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if modern {
		if seen, ok := s.idem[req.Key]; ok && seen != string(vars) {
			return setAnswer(nil, userError{"IDEMPOTENCY_KEY_PARAMETER_MISMATCH", []string{"input"}, "The same idempotency key cannot be used with different operation parameters."}), nil
		}
		s.idem[req.Key] = string(vars)
	}
	qs, ue := s.checkSet(req, compareField, staleCode, modern)
	if ue != nil {
		return setAnswer(nil, *ue), nil
	}
	var changes []any
	for _, q := range qs {
		before := s.items[q.item][q.location]
		s.items[q.item][q.location] = q.quantity
		changes = append(changes, map[string]any{"name": "available", "delta": q.quantity - before, "quantityAfterChange": q.quantity})
	}
	return setAnswer(changes), nil
}

// maxInputArray is the most entries Shopify takes in an input array.
const maxInputArray = 250

// checkSet validates every quantity before any is applied: the mutation
// changes all or none, as Shopify documents it (a mismatch "returns an
// error", and no adjustment group). The first refused quantity is
// answered, its index in the userError's field path.
func (s *Shop) checkSet(req setRequest, compareField, staleCode string, modern bool) ([]setQuantity, *userError) {
	in := req.Input
	switch {
	case in.Name != "available":
		return nil, &userError{"INVALID_NAME", []string{"input", "name"}, "The simulator sets only the 'available' quantity."}
	case in.Reason == "":
		return nil, &userError{"INVALID_REASON", []string{"input", "reason"}, "The specified reason is invalid."}
	}
	var out []setQuantity
	type pair struct{ item, location int64 }
	seen := map[pair]bool{}
	for i, raw := range in.Quantities {
		field := func(f string) []string { return []string{"input", "quantities", strconv.Itoa(i), f} }
		var q setQuantity
		var itemID, locID string
		_ = json.Unmarshal(raw["inventoryItemId"], &itemID)
		_ = json.Unmarshal(raw["locationId"], &locID)
		_ = json.Unmarshal(raw["quantity"], &q.quantity)
		q.item, q.location = gidNumber(itemID, "InventoryItem"), gidNumber(locID, "Location")
		levels := s.items[q.item]
		current, stocked := levels[q.location]
		cmp, given := raw[compareField]
		switch {
		case levels == nil:
			return nil, &userError{"INVALID_INVENTORY_ITEM", field("inventoryItemId"), "The specified inventory item could not be found."}
		case !stocked:
			return nil, &userError{"ITEM_NOT_STOCKED_AT_LOCATION", field("locationId"), "The specified inventory item is not stocked at the location."}
		case seen[pair{q.item, q.location}]:
			return nil, &userError{"NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR", field("inventoryItemId"), "The combination of inventoryItemId and locationId must be unique."}
		case q.quantity < 0:
			return nil, &userError{"INVALID_QUANTITY_NEGATIVE", field("quantity"), "The quantity can't be negative."}
		case modern && !given:
			return nil, &userError{"CHANGE_FROM_QUANTITY_REQUIRED", field(compareField), "changeFromQuantity must be given, null to opt out of the check."}
		case !modern && !in.IgnoreCompareQuantity && (!given || string(cmp) == "null"):
			return nil, &userError{"COMPARE_QUANTITY_REQUIRED", field(compareField), "The compareQuantity argument must be given to each quantity or ignored using ignoreCompareQuantity."}
		}
		if given && string(cmp) != "null" && !(!modern && in.IgnoreCompareQuantity) {
			var want int64
			_ = json.Unmarshal(cmp, &want)
			if want != current {
				return nil, &userError{staleCode, field(compareField), "The " + compareField + " value does not match persisted value."}
			}
		}
		seen[pair{q.item, q.location}] = true
		out = append(out, q)
	}
	return out, nil
}

func setAnswer(changes []any, ue ...userError) map[string]any {
	var group any
	if changes != nil {
		group = map[string]any{"changes": changes}
	}
	return map[string]any{"inventorySetQuantities": map[string]any{"inventoryAdjustmentGroup": group, "userErrors": nonNil(ue)}}
}
