package profit

import (
	"fmt"
	"slices"
	"strings"
)

// Dimensions a report may group by.
const (
	ByShop     = "shop"
	ByChannel  = "channel"
	ByCampaign = "campaign"
	ByDay      = "day"
	BySKU      = "sku"
)

// ParseGroup reads a comma-separated group list, like "channel,day".
// Errors name the dimension at fault and the ones there are.
func ParseGroup(s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out []string
	for _, g := range strings.Split(s, ",") {
		g = strings.TrimSpace(g)
		switch g {
		case ByShop, ByChannel, ByCampaign, ByDay, BySKU:
		default:
			return nil, fmt.Errorf("cannot group by %q: group by shop, channel, campaign, day or sku, comma-separated", g)
		}
		if slices.Contains(out, g) {
			return nil, fmt.Errorf("%q is named twice", g)
		}
		out = append(out, g)
	}
	if slices.Contains(out, BySKU) && slices.Contains(out, ByCampaign) {
		return nil, fmt.Errorf("sku cannot be grouped with campaign: group sku with shop, channel or day")
	}
	return out, nil
}

// Filter selects rollup rows: the UTC hours [FromHour, ToHour), shops and
// channels (nil: all), a campaign (nil: all).
type Filter struct {
	FromHour, ToHour int64
	Shops, Channels  []string
	Campaign         *string
	Group            []string // of ByShop, ByChannel, ByCampaign, ByDay, BySKU
	// DaysAt, when set, folds hours into days of a zone at this whole-hour
	// offset from UTC in the database; else rows come per hour (Hour set)
	// whenever ByDay is asked, and the caller folds them.
	DaysAt *int64
}

// Row is one group of a report; dimensions not grouped by are "".
type Row struct {
	Hour     int64 // the first hour of the group's day (or the hour); 0 when not grouped by day
	Shop     string
	Channel  string
	Campaign string
	SKU      string
	Currency string
	Figures
}

// Has reports whether f groups by dim.
func (f Filter) Has(dim string) bool { return slices.Contains(f.Group, dim) }
