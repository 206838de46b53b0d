package orderimport

import (
	"fmt"
	"strings"

	"github.com/fnshub/fnshub/internal/order"
)

// row is one non-blank row of the file.
type row struct {
	line int // spreadsheet row number
	rec  []string
}

// group is the rows of one order.
type group struct {
	key  order.Key
	rows []row
}

func (g *group) lines() []int {
	out := make([]int, len(g.rows))
	for i, r := range g.rows {
		out[i] = r.line
	}
	return out
}

// group gathers the rows (after the header) into orders, in the order each
// first appears. A row naming only part of its order's key belongs to no
// order and is reported.
func (s *layout) group(records [][]string) ([]*group, []RowError) {
	var groups []*group
	var errs []RowError
	byKey := map[order.Key]*group{}
	var prev *group // the order a row with a blank key continues
	lost := 0       // the row of a partial key, which rows below cannot continue
	for i, rec := range records {
		r := row{line: i + 2, rec: rec}
		if blank(rec) {
			continue
		}
		k := order.Key{Channel: s.cell(rec, "channel"), Shop: s.cell(rec, "shop"), ExternalID: s.cell(rec, "external_id")}
		switch {
		case k == order.Key{} && prev != nil:
			prev.rows = append(prev.rows, r)
		case k == order.Key{}:
			errs = append(errs, s.orphan(r.line, lost))
		case k.Channel == "" || k.Shop == "" || k.ExternalID == "":
			errs = append(errs, RowError{Row: r.line, Column: s.name(missing(k)), Reason: "give channel, shop and external_id on this line, or leave all three blank to continue the order above"})
			prev, lost = nil, r.line
		default:
			g := byKey[k]
			if g == nil {
				g = &group{key: k}
				byKey[k] = g
				groups = append(groups, g)
			}
			g.rows = append(g.rows, r)
			prev = g
		}
	}
	return groups, errs
}

func (s *layout) orphan(line, lost int) RowError {
	if lost > 0 {
		return RowError{Row: line, Column: s.name("external_id"), Reason: fmt.Sprintf("this line continues row %d, which names no complete order; fill in channel, shop and external_id", lost)}
	}
	return RowError{Row: line, Column: s.name("external_id"), Reason: "the first line needs channel, shop and external_id; only later lines may leave them blank to continue the order above"}
}

func missing(k order.Key) string {
	switch {
	case k.Channel == "":
		return "channel"
	case k.Shop == "":
		return "shop"
	}
	return "external_id"
}

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}
