// Package catalog owns master data: products, SKUs keyed by the merchant's
// code (商家编码), bundles and the mapping of channel listings to SKUs.
package catalog

import (
	"time"

	"github.com/fnshub/fnshub/internal/money"
)

// Product groups the SKUs of one article (colours, sizes).
type Product struct {
	Code      string    `json:"code"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

// SKU is one sellable, stockable unit. A bundle is sold as one SKU and
// reserves and ships its components.
type SKU struct {
	Code       string      `json:"code"` // 商家编码, the merchant's own code
	Product    string      `json:"product,omitempty"`
	Barcode    string      `json:"barcode,omitempty"`
	Name       string      `json:"name"`
	Spec       string      `json:"spec,omitempty"` // 规格, e.g. "红色 XL"
	Unit       string      `json:"unit,omitempty"`
	TaxRate    money.Rate  `json:"tax_rate"` // VAT included in its prices, e.g. "0.13"
	WeightG    int64       `json:"weight_g,omitempty"`
	Components []Component `json:"components,omitempty"` // set for a bundle
	CreatedAt  time.Time   `json:"created_at"`
}

// IsBundle reports whether the SKU is a bundle of others.
func (s SKU) IsBundle() bool { return len(s.Components) > 0 }

// Component is a quantity of one SKU inside a bundle.
type Component struct {
	SKU      string `json:"sku"`
	Quantity int64  `json:"quantity"`
}

// Listing maps a channel's item (and its SKU, when the item has variants) to
// one of our SKUs.
type Listing struct {
	Channel        string    `json:"channel"` // e.g. "tmall", "jd", "shopify"
	Shop           string    `json:"shop"`
	ExternalItemID string    `json:"external_item_id"`
	ExternalSKUID  string    `json:"external_sku_id,omitempty"`
	SKU            string    `json:"sku"`
	CreatedAt      time.Time `json:"created_at"`
}
