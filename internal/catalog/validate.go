package catalog

import (
	"fmt"
	"regexp"

	"github.com/fnshub/fnshub/internal/fault"
)

var code = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$`)

func validCode(field, v string) error {
	if !code.MatchString(v) {
		return fault.Invalidf(field, "code_invalid", "%s %q must be 1 to 64 letters, digits, '.', '_', '/' or '-', starting with a letter or digit", field, v)
	}
	return nil
}

// Validate checks a product.
func (p Product) Validate() error {
	if err := validCode("code", p.Code); err != nil {
		return err
	}
	if p.Name == "" {
		return fault.Invalidf("name", "name_missing", "give the product a name")
	}
	return nil
}

// Validate checks a SKU on its own; whether its product and components
// exist is checked when it is stored.
func (s SKU) Validate() error {
	switch err := validCode("code", s.Code); {
	case err != nil:
		return err
	case s.Name == "":
		return fault.Invalidf("name", "name_missing", "give the SKU a name")
	case s.WeightG < 0:
		return fault.Invalidf("weight_g", "weight_invalid", "weight_g must not be negative")
	}
	seen := map[string]bool{}
	for i, c := range s.Components {
		field := fmt.Sprintf("components[%d]", i)
		switch {
		case c.SKU == s.Code:
			return fault.Invalidf(field+".sku", "bundle_contains_itself", "a bundle cannot contain itself")
		case seen[c.SKU]:
			return fault.Invalidf(field+".sku", "component_repeated", "component %s is listed twice; add the quantities", c.SKU)
		case c.Quantity <= 0:
			return fault.Invalidf(field+".quantity", "quantity_invalid", "component quantity must be positive")
		}
		seen[c.SKU] = true
	}
	return nil
}

// Validate checks a listing.
func (l Listing) Validate() error {
	switch {
	case l.Channel == "" || len(l.Channel) > 32:
		return fault.Invalidf("channel", "channel_invalid", "channel must be 1 to 32 characters, e.g. tmall, jd, shopify")
	case l.Shop == "" || len(l.Shop) > 64:
		return fault.Invalidf("shop", "shop_invalid", "shop must be 1 to 64 characters")
	case l.ExternalItemID == "" || len(l.ExternalItemID) > 64 || len(l.ExternalSKUID) > 64:
		return fault.Invalidf("external_item_id", "external_id_invalid", "external_item_id must be 1 to 64 characters (external_sku_id at most 64)")
	}
	return validCode("sku", l.SKU)
}
