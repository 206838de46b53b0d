package inventory

// TopicStockChanged announces a stock level's new state: a transaction
// that changed (SKU, warehouse) levels emits one per level it changed,
// with the level after the transaction, however many movements it made.
// Its aggregate is the level, so a consumer sees a level's changes in
// order and may keep only the last (docs/events/stock.changed.v1.json).
const TopicStockChanged = "stock.changed"

// LevelChanged is the payload of TopicStockChanged.
type LevelChanged struct {
	SKU       string `json:"sku"`
	Warehouse string `json:"warehouse"`
	OnHand    int64  `json:"on_hand"`
	Reserved  int64  `json:"reserved"`
	Available int64  `json:"available"`
}

// Changed is l as a LevelChanged payload.
func (l Level) Changed() LevelChanged {
	return LevelChanged{SKU: l.SKU, Warehouse: l.Warehouse, OnHand: l.OnHand, Reserved: l.Reserved, Available: l.Available()}
}

// Aggregate names level (sku, warehouse) as an event aggregate.
func Aggregate(sku, warehouse string) string { return "stock:" + sku + "@" + warehouse }
