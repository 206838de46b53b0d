package shopify

import "encoding/json"

// Order is Shopify's REST order JSON, the shape the orders/* webhooks
// carry, with the documented fields a hub reads. The simulator keeps its
// orders in this shape and renders GraphQL nodes from it, so a webhook
// and a pull of the same order describe the same thing. Money is Shopify's
// decimal string in shop currency.
type Order struct {
	ID                   int64                 `json:"id"`
	AdminGraphqlAPIID    string                `json:"admin_graphql_api_id"`
	Name                 string                `json:"name"`
	OrderNumber          int64                 `json:"order_number"`
	Number               int64                 `json:"number"`
	Email                string                `json:"email"`
	ContactEmail         string                `json:"contact_email"`
	Phone                *string               `json:"phone"`
	CreatedAt            string                `json:"created_at"`
	UpdatedAt            string                `json:"updated_at"`
	ProcessedAt          string                `json:"processed_at"`
	CancelledAt          *string               `json:"cancelled_at"`
	CancelReason         *string               `json:"cancel_reason"`
	ClosedAt             *string               `json:"closed_at"`
	Currency             string                `json:"currency"`
	PresentmentCurrency  string                `json:"presentment_currency"`
	FinancialStatus      string                `json:"financial_status"`
	FulfillmentStatus    *string               `json:"fulfillment_status"`
	TaxesIncluded        bool                  `json:"taxes_included"`
	TotalPrice           string                `json:"total_price"`
	SubtotalPrice        string                `json:"subtotal_price"`
	TotalTax             string                `json:"total_tax"`
	TotalDiscounts       string                `json:"total_discounts"`
	TotalLineItemsPrice  string                `json:"total_line_items_price"`
	CurrentTotalPrice    string                `json:"current_total_price"`
	TaxLines             []TaxLine             `json:"tax_lines"`
	DiscountCodes        []DiscountCode        `json:"discount_codes"`
	DiscountApplications []DiscountApplication `json:"discount_applications"`
	LineItems            []LineItem            `json:"line_items"`
	ShippingLines        []ShippingLine        `json:"shipping_lines"`
	Customer             *Customer             `json:"customer"`
	BillingAddress       *Address              `json:"billing_address"`
	ShippingAddress      *Address              `json:"shipping_address"`
	Fulfillments         []Fulfillment         `json:"fulfillments"`
	Refunds              []Refund              `json:"refunds"`
	Note                 *string               `json:"note"`
	Tags                 string                `json:"tags"`
	SourceName           string                `json:"source_name"`
	Test                 bool                  `json:"test"`
}

// LineItem is one line of an order.
type LineItem struct {
	ID                  int64                `json:"id"`
	AdminGraphqlAPIID   string               `json:"admin_graphql_api_id"`
	ProductID           *int64               `json:"product_id"`
	VariantID           *int64               `json:"variant_id"`
	SKU                 *string              `json:"sku"`
	Title               string               `json:"title"`
	VariantTitle        *string              `json:"variant_title"`
	Name                string               `json:"name"`
	Vendor              *string              `json:"vendor"`
	Quantity            int64                `json:"quantity"`
	CurrentQuantity     int64                `json:"current_quantity"`
	FulfillableQuantity int64                `json:"fulfillable_quantity"`
	FulfillmentStatus   *string              `json:"fulfillment_status"`
	Price               string               `json:"price"`
	PriceSet            MoneySet             `json:"price_set"`
	TotalDiscount       string               `json:"total_discount"`
	DiscountAllocations []DiscountAllocation `json:"discount_allocations"`
	TaxLines            []TaxLine            `json:"tax_lines"`
	RequiresShipping    bool                 `json:"requires_shipping"`
	Taxable             bool                 `json:"taxable"`
	Grams               int64                `json:"grams"`
	Properties          []NameValue          `json:"properties"`
}

// ShippingLine is one way the order ships and what it costs.
type ShippingLine struct {
	ID                  int64                `json:"id"`
	Title               string               `json:"title"`
	Code                string               `json:"code"`
	Source              string               `json:"source"`
	Price               string               `json:"price"`
	DiscountedPrice     string               `json:"discounted_price"`
	DiscountAllocations []DiscountAllocation `json:"discount_allocations"`
	TaxLines            []TaxLine            `json:"tax_lines"`
}

// TaxLine is one tax on a line, a shipping line or the order. Rate is a
// JSON number, as Shopify sends it.
type TaxLine struct {
	Title string      `json:"title"`
	Price string      `json:"price"`
	Rate  json.Number `json:"rate"`
}

// DiscountAllocation is the part of a discount application a line took.
type DiscountAllocation struct {
	Amount                   string `json:"amount"`
	DiscountApplicationIndex int    `json:"discount_application_index"`
}

// DiscountApplication is a discount as the buyer met it.
type DiscountApplication struct {
	Type             string `json:"type"` // automatic, discount_code, manual, script
	Code             string `json:"code,omitempty"`
	Title            string `json:"title,omitempty"`
	Value            string `json:"value"`
	ValueType        string `json:"value_type"`        // fixed_amount, percentage
	AllocationMethod string `json:"allocation_method"` // across, each, one
	TargetSelection  string `json:"target_selection"`  // all, entitled, explicit
	TargetType       string `json:"target_type"`       // line_item, shipping_line
}

// DiscountCode is a code the buyer entered.
type DiscountCode struct {
	Code   string `json:"code"`
	Amount string `json:"amount"`
	Type   string `json:"type"`
}

// MoneySet is an amount in shop and presentment currency.
type MoneySet struct {
	ShopMoney        MoneyV2 `json:"shop_money"`
	PresentmentMoney MoneyV2 `json:"presentment_money"`
}

// MoneyV2 is one amount.
type MoneyV2 struct {
	Amount       string `json:"amount"`
	CurrencyCode string `json:"currency_code"`
}

// Customer is the buyer's account.
type Customer struct {
	ID        int64   `json:"id"`
	Email     string  `json:"email"`
	FirstName string  `json:"first_name"`
	LastName  string  `json:"last_name"`
	Phone     *string `json:"phone"`
}

// Address is a billing or shipping address.
type Address struct {
	FirstName    string  `json:"first_name"`
	LastName     string  `json:"last_name"`
	Name         string  `json:"name"`
	Company      *string `json:"company"`
	Address1     string  `json:"address1"`
	Address2     *string `json:"address2"`
	City         string  `json:"city"`
	Province     string  `json:"province"`
	ProvinceCode string  `json:"province_code"`
	Zip          string  `json:"zip"`
	Country      string  `json:"country"`
	CountryCode  string  `json:"country_code"`
	Phone        *string `json:"phone"`
}

// NameValue is a line property or note attribute.
type NameValue struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Fulfillment is a shipment of some or all of an order.
type Fulfillment struct {
	ID              int64      `json:"id"`
	OrderID         int64      `json:"order_id"`
	Status          string     `json:"status"`
	CreatedAt       string     `json:"created_at"`
	TrackingCompany string     `json:"tracking_company"`
	TrackingNumber  string     `json:"tracking_number"`
	LineItems       []LineItem `json:"line_items"`
}

// Refund is the refunds/create payload: the refund, naming its order.
type Refund struct {
	ID              int64            `json:"id"`
	OrderID         int64            `json:"order_id"`
	CreatedAt       string           `json:"created_at"`
	Note            string           `json:"note"`
	Restock         bool             `json:"restock"`
	RefundLineItems []RefundLineItem `json:"refund_line_items"`
	Transactions    []Transaction    `json:"transactions"`
}

// RefundLineItem is a refunded quantity of one line.
type RefundLineItem struct {
	ID          int64  `json:"id"`
	LineItemID  int64  `json:"line_item_id"`
	Quantity    int64  `json:"quantity"`
	RestockType string `json:"restock_type"`
	Subtotal    string `json:"subtotal"`
	TotalTax    string `json:"total_tax"`
}

// Transaction is money moving on an order.
type Transaction struct {
	ID       int64  `json:"id"`
	OrderID  int64  `json:"order_id"`
	Kind     string `json:"kind"` // sale, refund …
	Status   string `json:"status"`
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
	Gateway  string `json:"gateway"`
}
