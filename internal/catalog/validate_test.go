package catalog

import (
	"testing"

	"github.com/fnshub/fnshub/internal/fault"
)

func TestSKU_Validate(t *testing.T) {
	cases := []struct {
		name string
		sku  SKU
		code string
	}{
		{"a plain SKU is valid", SKU{Code: "TEA-250", Name: "tea"}, ""},
		{"a bundle of two SKUs is valid", SKU{Code: "GIFT", Name: "gift", Components: []Component{{"A", 1}, {"B", 2}}}, ""},
		{"codes start with a letter or digit", SKU{Code: "-x", Name: "x"}, "code_invalid"},
		{"codes have no spaces", SKU{Code: "a b", Name: "x"}, "code_invalid"},
		{"a name is required", SKU{Code: "A"}, "name_missing"},
		{"a bundle cannot contain itself", SKU{Code: "G", Name: "g", Components: []Component{{"G", 1}}}, "bundle_contains_itself"},
		{"a component is listed once", SKU{Code: "G", Name: "g", Components: []Component{{"A", 1}, {"A", 1}}}, "component_repeated"},
		{"component quantities are positive", SKU{Code: "G", Name: "g", Components: []Component{{"A", 0}}}, "quantity_invalid"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.sku.Validate()
			fe, _ := err.(*fault.Error)
			switch {
			case c.code == "" && err != nil:
				t.Fatalf("Validate() = %v, want nil", err)
			case c.code != "" && (fe == nil || fe.Code != c.code || fe.Kind != fault.Invalid):
				t.Fatalf("Validate() = %v, want invalid %s", err, c.code)
			}
		})
	}
}
