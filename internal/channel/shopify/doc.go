package shopify

import "encoding/json"

// doc is an order in neither Shopify shape: what the mapper needs, read
// from the REST JSON (rest.go) or a GraphQL node (gqlorder.go). Money is
// kept as Shopify's decimal strings in shop currency until the mapper
// parses it, and rates as the JSON number's own text.
type doc struct {
	ID              string // numeric
	CreatedAt       string
	UpdatedAt       string
	ProcessedAt     string
	CancelledAt     string // "" if not cancelled
	FinancialStatus string // lower case: paid, partially_refunded …
	Currency        string
	TaxesIncluded   bool
	TotalPrice      string
	CustomerID      string // numeric; "" for a guest
	Address         *address
	Lines           []docLine
	Shipping        []docShipping
	Campaign        string // from tags, note attributes, landing or referring page (attribution.campaign)
}

type docLine struct {
	ID, ProductID, VariantID string // numeric; product and variant "" when deleted
	SKU, Title               string
	Quantity                 int64
	Price                    string // unit price before discounts
	Discounts                []string
	Taxes                    []docTax
}

type docShipping struct {
	DiscountedPrice string
	Taxes           []docTax
}

type docTax struct {
	Rate  json.Number
	Price string
}

type address struct {
	Name      string `json:"name"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	Phone     string `json:"phone"`
	Company   string `json:"company"`
	Address1  string `json:"address1"`
	Address2  string `json:"address2"`
	City      string `json:"city"`
	Province  string `json:"province"`
	Zip       string `json:"zip"`
	Country   string `json:"country_code"`
}
