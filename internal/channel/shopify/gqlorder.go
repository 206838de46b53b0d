package shopify

import (
	"encoding/json"
	"fmt"
	"strings"
)

// gqlOrder is an Order node as orderFields (queries.go) selects it.
type gqlOrder struct {
	ID                     string          `json:"id"`
	CreatedAt              string          `json:"createdAt"`
	UpdatedAt              string          `json:"updatedAt"`
	ProcessedAt            string          `json:"processedAt"`
	CancelledAt            *string         `json:"cancelledAt"`
	DisplayFinancialStatus string          `json:"displayFinancialStatus"`
	CurrencyCode           string          `json:"currencyCode"`
	TaxesIncluded          bool            `json:"taxesIncluded"`
	TotalPriceSet          moneyBag        `json:"totalPriceSet"`
	Tags                   []string        `json:"tags"`
	CustomAttributes       []noteAttribute `json:"customAttributes"`
	// The visits of the buyer's journey; lastVisit is the session that
	// converted, REST's landing_site and referring_site.
	CustomerJourneySummary *struct {
		LastVisit  *gqlVisit `json:"lastVisit"`
		FirstVisit *gqlVisit `json:"firstVisit"`
	} `json:"customerJourneySummary"`
	Customer *struct {
		ID string `json:"id"`
	} `json:"customer"`
	ShippingAddress *gqlAddress  `json:"shippingAddress"`
	LineItems       gqlLineItems `json:"lineItems"`
	ShippingLines   struct {
		PageInfo pageInfo `json:"pageInfo"`
		Nodes    []struct {
			DiscountedPriceSet moneyBag `json:"discountedPriceSet"`
			TaxLines           []gqlTax `json:"taxLines"`
		} `json:"nodes"`
	} `json:"shippingLines"`
}

// gqlVisit is a CustomerVisit: the page the buyer landed on and the one
// that sent them, both whole URLs.
type gqlVisit struct {
	LandingPage *string `json:"landingPage"`
	ReferrerURL *string `json:"referrerUrl"`
}

type gqlLineItems struct {
	PageInfo pageInfo      `json:"pageInfo"`
	Nodes    []gqlLineItem `json:"nodes"`
}

type gqlLineItem struct {
	ID                   string   `json:"id"`
	SKU                  *string  `json:"sku"`
	Name                 string   `json:"name"`
	Quantity             int64    `json:"quantity"`
	OriginalUnitPriceSet moneyBag `json:"originalUnitPriceSet"`
	DiscountAllocations  []struct {
		AllocatedAmountSet moneyBag `json:"allocatedAmountSet"`
	} `json:"discountAllocations"`
	TaxLines []gqlTax `json:"taxLines"`
	Variant  *struct {
		ID string `json:"id"`
	} `json:"variant"`
	Product *struct {
		ID string `json:"id"`
	} `json:"product"`
}

type pageInfo struct {
	HasNextPage bool   `json:"hasNextPage"`
	EndCursor   string `json:"endCursor"`
}

// moneyBag is a MoneyBag; the connector reads shop money only, the
// currency the order's totals and the ledger are kept in.
type moneyBag struct {
	ShopMoney struct {
		Amount string `json:"amount"`
	} `json:"shopMoney"`
}

type gqlTax struct {
	Rate     json.Number `json:"rate"`
	PriceSet moneyBag    `json:"priceSet"`
}

type gqlAddress struct {
	Name          string `json:"name"`
	FirstName     string `json:"firstName"`
	LastName      string `json:"lastName"`
	Phone         string `json:"phone"`
	Company       string `json:"company"`
	Address1      string `json:"address1"`
	Address2      string `json:"address2"`
	City          string `json:"city"`
	Province      string `json:"province"`
	Zip           string `json:"zip"`
	CountryCodeV2 string `json:"countryCodeV2"`
}

// readGraphQL reads an Order node into a doc.
func readGraphQL(node []byte) (doc, gqlOrder, error) {
	var o gqlOrder
	if err := json.Unmarshal(node, &o); err != nil {
		return doc{}, o, fmt.Errorf("not a Shopify order node: %w", err)
	}
	d := doc{
		ID: legacyID(o.ID), CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt, ProcessedAt: o.ProcessedAt,
		FinancialStatus: strings.ToLower(o.DisplayFinancialStatus), Currency: o.CurrencyCode,
		TaxesIncluded: o.TaxesIncluded, TotalPrice: o.TotalPriceSet.ShopMoney.Amount,
	}
	at := attribution{Tags: o.Tags, Attributes: o.CustomAttributes}
	if j := o.CustomerJourneySummary; j != nil {
		for _, v := range []*gqlVisit{j.LastVisit, j.FirstVisit} {
			if v != nil {
				at.Sites = append(at.Sites, strOr(v.LandingPage), strOr(v.ReferrerURL))
			}
		}
	}
	d.Campaign = at.campaign()
	if o.CancelledAt != nil {
		d.CancelledAt = *o.CancelledAt
	}
	if o.Customer != nil {
		d.CustomerID = legacyID(o.Customer.ID)
	}
	if a := o.ShippingAddress; a != nil {
		d.Address = &address{Name: a.Name, FirstName: a.FirstName, LastName: a.LastName, Phone: a.Phone,
			Company: a.Company, Address1: a.Address1, Address2: a.Address2, City: a.City,
			Province: a.Province, Zip: a.Zip, Country: a.CountryCodeV2}
	}
	if o.ShippingLines.PageInfo.HasNextPage {
		// Orders have one or two; reading a page of five and dropping the
		// rest would misstate the shipping fee, so such an order is refused.
		return doc{}, o, fmt.Errorf("shippingLines: more than %d, which the connector does not page", shippingPerPage)
	}
	d.Lines = gqlLines(o.LineItems.Nodes)
	for _, sl := range o.ShippingLines.Nodes {
		d.Shipping = append(d.Shipping, docShipping{DiscountedPrice: sl.DiscountedPriceSet.ShopMoney.Amount, Taxes: gqlTaxes(sl.TaxLines)})
	}
	return d, o, nil
}

func gqlLines(nodes []gqlLineItem) []docLine {
	out := make([]docLine, 0, len(nodes))
	for _, li := range nodes {
		l := docLine{ID: legacyID(li.ID), SKU: strOr(li.SKU), Title: li.Name, Quantity: li.Quantity,
			Price: li.OriginalUnitPriceSet.ShopMoney.Amount, Taxes: gqlTaxes(li.TaxLines)}
		if li.Variant != nil {
			l.VariantID = legacyID(li.Variant.ID)
		}
		if li.Product != nil {
			l.ProductID = legacyID(li.Product.ID)
		}
		for _, a := range li.DiscountAllocations {
			l.Discounts = append(l.Discounts, a.AllocatedAmountSet.ShopMoney.Amount)
		}
		out = append(out, l)
	}
	return out
}

func gqlTaxes(ts []gqlTax) []docTax {
	out := make([]docTax, 0, len(ts))
	for _, t := range ts {
		out = append(out, docTax{Rate: t.Rate, Price: t.PriceSet.ShopMoney.Amount})
	}
	return out
}
