package order

// Hold says why an order waits for a person or for a fix elsewhere, and
// carries what is needed to fix it.
type Hold struct {
	Reason  HoldReason        `json:"reason"`
	Message string            `json:"message"`
	Detail  map[string]string `json:"detail,omitempty"`
}

// HoldReason names an exception.
type HoldReason string

const (
	// HoldUnmapped: a line's listing maps to no SKU. Fix: PUT /api/v1/listings, then retry.
	HoldUnmapped HoldReason = "sku_unmapped"
	// HoldNoStock: no warehouse (or split, where allowed) covers the order.
	// Fix: receive or transfer stock, then retry.
	HoldNoStock HoldReason = "insufficient_stock"
	// HoldAddress: the ship-to address lacks what a carrier needs. Fix: a
	// person checks it with the buyer and approves.
	HoldAddress HoldReason = "address_invalid"
	// HoldAmount: what the channel says was paid differs from the lines,
	// discounts and shipping. Fix: a person checks and approves.
	HoldAmount HoldReason = "amount_mismatch"
	// HoldManual: a person put the order on hold.
	HoldManual HoldReason = "manual"
)

// Retryable reports whether fixing data elsewhere (a mapping, stock) can
// release the hold without a person approving the order.
func (r HoldReason) Retryable() bool { return r == HoldUnmapped || r == HoldNoStock }

const (
	// HoldChangedAfterShipping: a newer version changed lines, amounts or the
	// address of an order whose goods have left. Nothing of the change was
	// applied; Detail["changed"] says what it was. Fix: a person handles it
	// as after-sales (refund, return) and approves to acknowledge.
	HoldChangedAfterShipping HoldReason = "changed_after_shipping"
	// HoldCurrency: the order's currency is not the one the books keep, and
	// fnshub has no exchange rates yet. Fix: none but cancelling it.
	HoldCurrency HoldReason = "currency_unsupported"
)
