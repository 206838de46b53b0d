// Package parse reads each platform's settlement files into the shapes of
// internal/settlement. Every parser reads by header name, never by column
// position, keeps each source row, and uses exact decimals.
package parse

import (
	"slices"
	"strings"

	"github.com/fnshub/fnshub/internal/settlement"
)

// formats is every format the hub reads, listed here and nowhere else:
// each parser file defines its format, and this list registers it.
var formats = append([]settlement.Format{
	alipayBill,
	amazonV2,
	genericBill,
	paypalSTL,
	shopifyPayments,
	wechatPayBill,
}, presetFormats()...)

// Formats returns every format, sorted by name.
func Formats() []settlement.Format {
	out := slices.Clone(formats)
	slices.SortFunc(out, func(a, b settlement.Format) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Lookup returns the format called name.
func Lookup(name string) (settlement.Format, bool) {
	for _, f := range formats {
		if f.Name == name {
			return f, true
		}
	}
	return settlement.Format{}, false
}
