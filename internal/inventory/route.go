package inventory

import (
	"cmp"
	"slices"
)

// Need is a quantity of one SKU an order needs, from wherever it ships.
type Need struct {
	SKU      string
	Quantity int64
}

// Router picks warehouses for orders against a view of available stock that
// it draws down as it routes, so a group of orders routed together never
// promises the same unit twice.
type Router struct {
	warehouses []Warehouse         // active ones, unordered
	available  map[[2]string]int64 // (sku, warehouse) → available
}

// NewRouter routes over the active warehouses among whs and the levels.
func NewRouter(whs []Warehouse, levels []Level) *Router {
	r := &Router{available: make(map[[2]string]int64, len(levels))}
	for _, w := range whs {
		if w.Active {
			r.warehouses = append(r.warehouses, w)
		}
	}
	for _, l := range levels {
		r.available[[2]string{l.SKU, l.Warehouse}] = l.Available()
	}
	return r
}

// Route returns the lines to reserve for needs, or ok=false when stock does
// not cover them. Warehouses in the order's province come first, then by
// priority (lower first), then by code. Whole orders ship from the first
// warehouse that covers every need; with split, each need is drawn from the
// warehouses in that order, so an order ships in as few parcels as the
// preference allows. A successful route is drawn from the router's view.
func (r *Router) Route(needs []Need, province string, split bool) (lines []Line, ok bool) {
	return r.RouteWithin(needs, province, nil, split)
}

// Allowed is the warehouses one shop may ship from, by code, each with the
// shop's priority for it (lower first). Nil or empty allows every
// warehouse, at the warehouses' own priorities.
type Allowed map[string]int

// RouteWithin is Route over the warehouses allowed lets through: only those
// are drawn from, in the shop's priority order first (lower first), then
// Route's order (province, the warehouse's priority, code). A need no
// allowed warehouse covers is not routed, whatever other warehouses hold.
func (r *Router) RouteWithin(needs []Need, province string, allowed Allowed, split bool) (lines []Line, ok bool) {
	order := r.preference(province, allowed)
	total := map[string]int64{}
	for _, n := range needs {
		total[n.SKU] += n.Quantity
	}
	for _, w := range order {
		if r.covers(w.Code, total) {
			return r.take(w.Code, total), true
		}
	}
	if !split {
		return nil, false
	}
	return r.split(order, total)
}

func (r *Router) preference(province string, allowed Allowed) []Warehouse {
	var order []Warehouse
	if len(allowed) == 0 {
		order = slices.Clone(r.warehouses)
	} else {
		order = make([]Warehouse, 0, len(allowed))
		for _, w := range r.warehouses {
			if _, ok := allowed[w.Code]; ok {
				order = append(order, w)
			}
		}
	}
	slices.SortFunc(order, func(a, b Warehouse) int {
		if c := cmp.Compare(allowed[a.Code], allowed[b.Code]); c != 0 {
			return c // the shop's preference first; 0 for all without a list
		}
		aHome, bHome := province != "" && a.Province == province, province != "" && b.Province == province
		if aHome != bHome {
			if aHome {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(a.Priority, b.Priority), cmp.Compare(a.Code, b.Code))
	})
	return order
}

func (r *Router) covers(wh string, total map[string]int64) bool {
	for sku, q := range total {
		if r.available[[2]string{sku, wh}] < q {
			return false
		}
	}
	return true
}

// take draws total from one warehouse: one line per SKU, in SKU order, so
// an order holding a SKU on several lines (or inside bundles) reserves it
// once.
func (r *Router) take(wh string, total map[string]int64) []Line {
	lines := make([]Line, 0, len(total))
	for _, sku := range sortedSKUs(total) {
		r.available[[2]string{sku, wh}] -= total[sku]
		lines = append(lines, Line{SKU: sku, Warehouse: wh, Quantity: total[sku]})
	}
	return lines
}

func sortedSKUs(total map[string]int64) []string {
	skus := make([]string, 0, len(total))
	for sku := range total {
		skus = append(skus, sku)
	}
	slices.Sort(skus)
	return skus
}

// split draws each SKU's total from the warehouses in preference order, or
// takes nothing when the warehouses together do not cover it.
func (r *Router) split(order []Warehouse, total map[string]int64) ([]Line, bool) {
	skus := sortedSKUs(total)
	for _, sku := range skus {
		sum := int64(0)
		for _, w := range order {
			sum += max(r.available[[2]string{sku, w.Code}], 0)
		}
		if sum < total[sku] {
			return nil, false
		}
	}
	var lines []Line
	for _, sku := range skus {
		left := total[sku]
		for _, w := range order {
			k := [2]string{sku, w.Code}
			if n := min(left, r.available[k]); n > 0 {
				r.available[k] -= n
				left -= n
				lines = append(lines, Line{SKU: sku, Warehouse: w.Code, Quantity: n})
			}
		}
	}
	return lines, true
}
