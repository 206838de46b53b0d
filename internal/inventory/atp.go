package inventory

import (
	"cmp"
	"slices"
)

// Allotment is what one shop may publish of one SKU.
type Allotment struct {
	Shop      string
	SKU       string
	Published int64
	Rule      *Rule // the rule applied; nil when the shop has none for the SKU
}

// Allot splits each SKU's available stock (already net of safety stock)
// among every shop that has a rule, so that for every SKU the published
// quantities sum to at most what is available. Each shop's rule for a SKU
// is its rule for that SKU, else its "*" rule, else none (publish nothing).
// Fixed rules are served first (scaled down by largest remainder when they
// ask for more than there is), then shares of what is left, then caps.
// The result holds one Allotment per SKU and shop, by SKU, then shop.
// Quantities are expected within [0, MaxQuantity]; negatives count as 0.
// Rules are one per shop and SKU (the store's key); of duplicates the last
// counts.
func Allot(available map[string]int64, rules []Rule) []Allotment {
	byKey := make(map[[2]string]*Rule, len(rules))
	var shops []string
	for i := range rules {
		r := rules[i]
		byKey[[2]string{r.Shop, r.SKU}] = &r
		shops = append(shops, r.Shop)
	}
	slices.Sort(shops)
	shops = slices.Compact(shops)
	skus := make([]string, 0, len(available))
	for sku := range available {
		skus = append(skus, sku)
	}
	slices.Sort(skus)

	out := make([]Allotment, 0, len(skus)*len(shops))
	claims := make([]claim, len(shops))
	for _, sku := range skus {
		for i, shop := range shops {
			r := byKey[[2]string{shop, sku}]
			if r == nil {
				r = byKey[[2]string{shop, AnySKU}]
			}
			claims[i] = claim{rule: r}
		}
		allotSKU(max(available[sku], 0), claims)
		for i, shop := range shops {
			out = append(out, Allotment{Shop: shop, SKU: sku, Published: claims[i].got, Rule: claims[i].rule})
		}
	}
	return out
}

// claim is one shop's rule for the SKU being split and what it got; claims
// are in shop order, which breaks every rounding tie.
type claim struct {
	rule *Rule
	got  int64
}

func allotSKU(available int64, cs []claim) {
	left := available - allotFixed(available, cs)
	left -= allotShares(left, cs)
	allotCaps(left, cs)
}

// allotFixed gives each fixed rule its quantity, or, when they ask for more
// than is available, splits all of it in proportion by largest remainder
// (no part exceeds what was asked). It returns the units given.
func allotFixed(available int64, cs []claim) int64 {
	idx, weights := ofKind(cs, RuleFixed, func(r *Rule) int64 { return max(r.Quantity, 0) })
	total := sum(weights)
	if total > available {
		weights, total = largestRemainder(available, weights), available
	}
	for n, i := range idx {
		cs[i].got = weights[n]
	}
	return total
}

// allotShares sets aside ⌊left × Σshares / 100%⌋ (all of left when the
// shares add up to 100% or more) and splits it by largest remainder in
// proportion to the shares. Rounding once, on the pooled total, publishes
// every unit when shares cover 100% (two 50% shops of 5 units get 3 and
// 2, not 2 and 2). It returns the units given.
func allotShares(left int64, cs []claim) int64 {
	idx, weights := ofKind(cs, RuleShare, func(r *Rule) int64 { return min(max(r.ShareBP, 0), FullShare) })
	total := sum(weights)
	if total == 0 {
		return 0
	}
	q, _ := mulDiv(left, min(total, FullShare), FullShare)
	pool := int64(q)
	for n, part := range largestRemainder(pool, weights) {
		cs[idx[n]].got = part
	}
	return pool
}

// allotCaps splits left evenly among the cap rules, none above its cap
// (water-filling: the smallest caps are filled first, and what they cannot
// take goes to the others). Odd units go to the first shops by code.
func allotCaps(left int64, cs []claim) {
	idx, caps := ofKind(cs, RuleCap, func(r *Rule) int64 { return max(r.Quantity, 0) })
	order := make([]int, len(idx))
	for n := range order {
		order[n] = n
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(caps[a], caps[b]) })
	for n, o := range order {
		k := int64(len(order) - n)
		if caps[o] <= left/k {
			cs[idx[o]].got = caps[o]
			left -= caps[o]
			continue
		}
		// Every cap from here on exceeds the even part: split left evenly.
		rest := slices.Clone(order[n:])
		slices.Sort(rest) // back to shop order, for the odd units
		for m, part := range largestRemainder(left, ones(len(rest))) {
			cs[idx[rest[m]]].got = part
		}
		return
	}
}

// select_ returns the positions of the claims whose rule is of kind k and
// each one's weight.
func ofKind(cs []claim, k RuleKind, weight func(*Rule) int64) (idx []int, weights []int64) {
	for i := range cs {
		if cs[i].rule != nil && cs[i].rule.Kind == k {
			idx = append(idx, i)
			weights = append(weights, weight(cs[i].rule))
		}
	}
	return idx, weights
}

func sum(xs []int64) int64 {
	var t int64
	for _, x := range xs {
		t += x
	}
	return t
}

func ones(n int) []int64 {
	w := make([]int64, n)
	for i := range w {
		w[i] = 1
	}
	return w
}
