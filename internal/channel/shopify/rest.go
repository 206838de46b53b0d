package shopify

import (
	"encoding/json"
	"fmt"
)

// restOrder is the part of Shopify's REST order JSON — the payload of the
// orders/* webhooks — that the mapper reads. Ids are json.Number: they
// pass 2^53, so a float64 would change them.
type restOrder struct {
	ID              json.Number     `json:"id"`
	CreatedAt       string          `json:"created_at"`
	UpdatedAt       string          `json:"updated_at"`
	ProcessedAt     string          `json:"processed_at"`
	CancelledAt     *string         `json:"cancelled_at"`
	FinancialStatus string          `json:"financial_status"`
	Currency        string          `json:"currency"`
	TaxesIncluded   bool            `json:"taxes_included"`
	TotalPrice      string          `json:"total_price"`
	LandingSite     *string         `json:"landing_site"`   // the first page the buyer saw, with its query
	ReferringSite   *string         `json:"referring_site"` // the page that sent the buyer
	NoteAttributes  []noteAttribute `json:"note_attributes"`
	Tags            string          `json:"tags"` // comma-separated
	Customer        *struct {
		ID json.Number `json:"id"`
	} `json:"customer"`
	ShippingAddress *address `json:"shipping_address"`
	LineItems       []struct {
		ID                  json.Number  `json:"id"`
		ProductID           *json.Number `json:"product_id"`
		VariantID           *json.Number `json:"variant_id"`
		SKU                 *string      `json:"sku"`
		Name                string       `json:"name"`
		Quantity            int64        `json:"quantity"`
		Price               string       `json:"price"`
		TaxLines            []restTax    `json:"tax_lines"`
		DiscountAllocations []struct {
			Amount string `json:"amount"`
		} `json:"discount_allocations"`
	} `json:"line_items"`
	ShippingLines []struct {
		Price           string    `json:"price"`
		DiscountedPrice *string   `json:"discounted_price"`
		TaxLines        []restTax `json:"tax_lines"`
	} `json:"shipping_lines"`
}

type restTax struct {
	Rate  json.Number `json:"rate"`
	Price string      `json:"price"`
}

// readREST reads a REST order JSON into a doc.
func readREST(body []byte) (doc, error) {
	var o restOrder
	if err := json.Unmarshal(body, &o); err != nil {
		return doc{}, fmt.Errorf("not a Shopify order: %w", err)
	}
	d := doc{
		ID: o.ID.String(), CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt, ProcessedAt: o.ProcessedAt,
		FinancialStatus: o.FinancialStatus, Currency: o.Currency, TaxesIncluded: o.TaxesIncluded,
		TotalPrice: o.TotalPrice, Address: o.ShippingAddress, Campaign: attribution{Tags: restTags(o.Tags), Attributes: o.NoteAttributes,
			Sites: []string{strOr(o.LandingSite), strOr(o.ReferringSite)}}.campaign(),
	}
	if o.CancelledAt != nil {
		d.CancelledAt = *o.CancelledAt
	}
	if o.Customer != nil {
		d.CustomerID = o.Customer.ID.String()
	}
	for _, li := range o.LineItems {
		l := docLine{ID: li.ID.String(), ProductID: numOr(li.ProductID), VariantID: numOr(li.VariantID),
			SKU: strOr(li.SKU), Title: li.Name, Quantity: li.Quantity, Price: li.Price, Taxes: restTaxes(li.TaxLines)}
		for _, a := range li.DiscountAllocations {
			l.Discounts = append(l.Discounts, a.Amount)
		}
		d.Lines = append(d.Lines, l)
	}
	for _, sl := range o.ShippingLines {
		price := sl.Price
		if sl.DiscountedPrice != nil {
			price = *sl.DiscountedPrice
		}
		d.Shipping = append(d.Shipping, docShipping{DiscountedPrice: price, Taxes: restTaxes(sl.TaxLines)})
	}
	return d, nil
}

func restTaxes(ts []restTax) []docTax {
	out := make([]docTax, 0, len(ts))
	for _, t := range ts {
		out = append(out, docTax(t))
	}
	return out
}

func numOr(n *json.Number) string {
	if n == nil {
		return ""
	}
	return n.String()
}

func strOr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
