package catalog

import (
	"strings"

	"github.com/fnshub/fnshub/internal/fault"
)

// Stockable returns nil when stock can be kept of s, and Invalid for a
// bundle: a bundle has no stock of its own, it is stocked (received,
// counted, moved, kept safe) through its components.
func (s SKU) Stockable() error {
	if !s.IsBundle() {
		return nil
	}
	codes := make([]string, len(s.Components))
	for i, c := range s.Components {
		codes[i] = c.SKU
	}
	e := fault.New(fault.Invalid, "sku_is_bundle", "%s is a bundle; bundles are stocked through their components (%s)",
		s.Code, strings.Join(codes, ", "))
	e.Field = "sku"
	return e
}
