package shopify

import "strconv"

// Variant is a product variant and the inventory item its stock is kept on.
type Variant struct {
	ID              int64
	ProductID       int64
	SKU             string
	InventoryItemID int64
}

// AddVariant adds a variant; a zero InventoryItemID gets one. It is
// stocked at the primary location with nothing available.
func (s *Shop) AddVariant(v Variant) Variant {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v.ID == 0 {
		v.ID = s.id()
	}
	if v.ProductID == 0 {
		v.ProductID = s.id()
	}
	if v.InventoryItemID == 0 {
		v.InventoryItemID = s.id()
	}
	s.variants[v.ID] = &v
	if s.items[v.InventoryItemID] == nil {
		s.items[v.InventoryItemID] = map[int64]int64{s.opt.LocationID: 0}
	}
	return v
}

// SetAvailable sets a variant's available quantity at the primary
// location, as a merchant editing stock in the admin would.
func (s *Shop) SetAvailable(variant, qty int64) {
	s.SetAvailableAt(variant, s.opt.LocationID, qty)
}

// SetAvailableAt sets a variant's available quantity at a location,
// stocking it there if it was not.
func (s *Shop) SetAvailableAt(variant, location, qty int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.variants[variant]
	if v == nil {
		panic("sandbox/shopify: no variant " + strconv.FormatInt(variant, 10))
	}
	s.items[v.InventoryItemID][location] = qty
}

// Available returns a variant's available quantity at the primary location.
func (s *Shop) Available(variant int64) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v := s.variants[variant]; v != nil {
		return s.items[v.InventoryItemID][s.opt.LocationID]
	}
	return 0
}
