package profit

// OrderQuery selects the orders behind a report row: the hours, shops,
// channels and campaign of Filter (its Group and DaysAt unused), and the
// SKU when the row is one.
type OrderQuery struct {
	Filter
	SKU    string
	Before int64 // the cursor: orders with an id below it; 0 for the first page
	Limit  int
}

// MaxOrderPage is the most orders one read returns.
const MaxOrderPage = 200

// OrderRow is one order's figures over the lines an OrderQuery selects:
// a row's figures are the sum of its orders'.
type OrderRow struct {
	OrderID    int64
	ExternalID string // the channel's order number; "" if the order is gone
	Shop       string
	Channel    string
	Campaign   string
	Currency   string
	Figures
}
