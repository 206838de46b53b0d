package inventory_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/inventory"
	"pgregory.net/rapid"
)

func fixed(shop, sku string, n int64) inventory.Rule {
	return inventory.Rule{Shop: shop, SKU: sku, Kind: inventory.RuleFixed, Quantity: n}
}

func share(shop, sku string, bp int64) inventory.Rule {
	return inventory.Rule{Shop: shop, SKU: sku, Kind: inventory.RuleShare, ShareBP: bp}
}

func capped(shop, sku string, n int64) inventory.Rule {
	return inventory.Rule{Shop: shop, SKU: sku, Kind: inventory.RuleCap, Quantity: n}
}

// published returns "shop=n" per shop of sku, in shop order.
func published(as []inventory.Allotment, sku string) string {
	out := ""
	for _, a := range as {
		if a.SKU == sku {
			out += fmt.Sprintf("%s=%d ", a.Shop, a.Published)
		}
	}
	return out
}

func TestAllot(t *testing.T) {
	cases := []struct {
		name      string
		available int64
		rules     []inventory.Rule
		want      string
	}{
		{"fixed rules are served first and shares split the rest", 100,
			[]inventory.Rule{fixed("A", "*", 10), share("B", "*", 5000), share("C", "*", 2500)}, "A=10 B=45 C=22 "},
		{"fixed rules asking too much are scaled down by largest remainder", 10,
			[]inventory.Rule{fixed("A", "*", 10), fixed("B", "*", 5), share("C", "*", 10000)}, "A=7 B=3 C=0 "},
		{"shares over 100% are scaled to what is left", 9,
			[]inventory.Rule{share("A", "*", 10000), share("B", "*", 5000)}, "A=6 B=3 "},
		{"two halves of an odd pool publish every unit, the tie to the first shop", 5,
			[]inventory.Rule{share("A", "*", 5000), share("B", "*", 5000)}, "A=3 B=2 "},
		{"shares under 100% round the pooled part down", 10,
			[]inventory.Rule{share("A", "*", 3333), share("B", "*", 3333), share("C", "*", 3333)}, "A=3 B=3 C=3 "},
		{"caps split what shares leave evenly, small caps first", 100,
			[]inventory.Rule{share("A", "*", 5000), capped("B", "*", 5), capped("C", "*", 1000), capped("D", "*", 1000)}, "A=50 B=5 C=23 D=22 "},
		{"a lone uncapped-enough cap shop takes all that is left", 100,
			[]inventory.Rule{fixed("A", "*", 30), capped("B", "*", 1_000_000)}, "A=30 B=70 "},
		{"a SKU rule overrides the shop's default", 100,
			[]inventory.Rule{share("A", "*", 10000), fixed("A", "SKU-1", 7), share("B", "*", 5000)}, "A=7 B=46 "},
		{"a shop with rules only for other SKUs publishes nothing here", 100,
			[]inventory.Rule{fixed("A", "SKU-2", 7), share("B", "*", 10000)}, "A=0 B=100 "},
		{"nothing is available, nothing is published", 0,
			[]inventory.Rule{fixed("A", "*", 7), share("B", "*", 10000), capped("C", "*", 3)}, "A=0 B=0 C=0 "},
		{"negative availability counts as none", -5,
			[]inventory.Rule{fixed("A", "*", 7)}, "A=0 "},
		{"stock of 10¹² units does not overflow", 1_000_000_000_000,
			[]inventory.Rule{share("A", "*", 3333), fixed("B", "*", inventory.MaxQuantity)}, "A=0 B=1000000000000 "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := published(inventory.Allot(map[string]int64{"SKU-1": c.available}, c.rules), "SKU-1")
			if got != c.want {
				t.Fatalf("published %q, want %q", got, c.want)
			}
		})
	}
}

func TestAllot_reportsTheRuleApplied(t *testing.T) {
	as := inventory.Allot(map[string]int64{"SKU-1": 10, "SKU-2": 10},
		[]inventory.Rule{share("A", "*", 10000), fixed("A", "SKU-2", 3), fixed("B", "SKU-2", 1)})
	if len(as) != 4 {
		t.Fatalf("allotments = %+v, want one per SKU and shop", as)
	}
	want := []string{"A SKU-1 share *", "B SKU-1 none", "A SKU-2 fixed SKU-2", "B SKU-2 fixed SKU-2"}
	for i, a := range as {
		got := a.Shop + " " + a.SKU + " none"
		if a.Rule != nil {
			got = a.Shop + " " + a.SKU + " " + string(a.Rule.Kind) + " " + a.Rule.SKU
		}
		if got != want[i] {
			t.Errorf("allotment %d = %q, want %q", i, got, want[i])
		}
	}
}

// scenario is one random input to Allot.
type scenario struct {
	available map[string]int64
	rules     map[[2]string]inventory.Rule
}

func genScenario() *rapid.Generator[scenario] {
	shops := []string{"A", "B", "C", "D", "E", "F"}
	skus := []string{"S1", "S2", "S3", inventory.AnySKU}
	quantity := rapid.OneOf(rapid.Int64Range(0, 20), rapid.Int64Range(0, 1000), rapid.Int64Range(0, inventory.MaxQuantity))
	return rapid.Custom(func(t *rapid.T) scenario {
		sc := scenario{available: map[string]int64{}, rules: map[[2]string]inventory.Rule{}}
		for _, sku := range skus[:3] {
			sc.available[sku] = quantity.Draw(t, "available")
		}
		for range rapid.IntRange(0, 12).Draw(t, "rules") {
			shop, sku := rapid.SampledFrom(shops).Draw(t, "shop"), rapid.SampledFrom(skus).Draw(t, "sku")
			var r inventory.Rule
			switch rapid.IntRange(0, 2).Draw(t, "kind") {
			case 0:
				r = fixed(shop, sku, quantity.Draw(t, "fixed"))
			case 1:
				r = share(shop, sku, rapid.Int64Range(0, inventory.FullShare).Draw(t, "share"))
			default:
				r = capped(shop, sku, quantity.Draw(t, "cap"))
			}
			sc.rules[[2]string{shop, sku}] = r
		}
		return sc
	})
}

// TestAllot_properties checks 5,000 random rule sets and stock levels
// (rapid's 100 checks × 50): whatever the rules, no SKU is published past
// what is available, and the order the rules come in does not matter.
func TestAllot_properties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		for i, sc := range rapid.SliceOfN(genScenario(), 50, 50).Draw(t, "scenarios") {
			rules := slices.Collect(maps.Values(sc.rules))
			slices.SortFunc(rules, func(a, b inventory.Rule) int { return strings.Compare(a.Shop+" "+a.SKU, b.Shop+" "+b.SKU) })
			got := inventory.Allot(sc.available, rules)
			checkAllotments(t, sc.available, sc.rules, got)
			shuffled := inventory.Allot(sc.available, rapid.Permutation(rules).Draw(t, "order"))
			if !slices.EqualFunc(got, shuffled, func(a, b inventory.Allotment) bool { return a.Published == b.Published }) {
				t.Fatalf("scenario %d: the order of the rules changed the result", i)
			}
		}
	})
}

func checkAllotments(t *rapid.T, available map[string]int64, rules map[[2]string]inventory.Rule, got []inventory.Allotment) {
	total, fixedAsked, fixedGot, shares := map[string]int64{}, map[string]int64{}, map[string]int64{}, map[string]int64{}
	for _, a := range got {
		want, ok := rules[[2]string{a.Shop, a.SKU}]
		if !ok {
			want, ok = rules[[2]string{a.Shop, inventory.AnySKU}]
		}
		switch {
		case a.Published < 0:
			t.Fatalf("%s/%s published %d", a.Shop, a.SKU, a.Published)
		case !ok && (a.Rule != nil || a.Published != 0):
			t.Fatalf("%s/%s has no rule but published %d under %+v", a.Shop, a.SKU, a.Published, a.Rule)
		case ok && (a.Rule == nil || *a.Rule != want):
			t.Fatalf("%s/%s applied %+v, want %+v", a.Shop, a.SKU, a.Rule, want)
		case ok && want.Kind != inventory.RuleShare && a.Published > want.Quantity:
			t.Fatalf("%s/%s published %d past its %s of %d", a.Shop, a.SKU, a.Published, want.Kind, want.Quantity)
		}
		total[a.SKU] += a.Published
		if ok && want.Kind == inventory.RuleFixed {
			fixedAsked[a.SKU] += want.Quantity
			fixedGot[a.SKU] += a.Published
		}
		if ok && want.Kind == inventory.RuleShare {
			shares[a.SKU] += want.ShareBP
		}
	}
	for sku, avail := range available {
		switch {
		case total[sku] > avail:
			t.Fatalf("%s: published %d in all, only %d available", sku, total[sku], avail)
		case fixedAsked[sku] <= avail && fixedGot[sku] != fixedAsked[sku]:
			t.Fatalf("%s: fixed rules got %d of %d with %d available", sku, fixedGot[sku], fixedAsked[sku], avail)
		case fixedAsked[sku] > avail && fixedGot[sku] != avail:
			t.Fatalf("%s: fixed rules asking %d got %d of %d available", sku, fixedAsked[sku], fixedGot[sku], avail)
		case shares[sku] >= inventory.FullShare && total[sku] != avail:
			t.Fatalf("%s: shares cover 100%% but only %d of %d is published", sku, total[sku], avail)
		}
	}
}
