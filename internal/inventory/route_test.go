package inventory

import (
	"fmt"
	"testing"

	"pgregory.net/rapid"
)

func TestRouter_PrefersTheOrdersProvinceThenPriority(t *testing.T) {
	whs := []Warehouse{
		{Code: "SH", Province: "上海", Priority: 1, Active: true},
		{Code: "GZ", Province: "广东", Priority: 2, Active: true},
		{Code: "BJ", Province: "北京", Priority: 0, Active: false},
	}
	levels := []Level{
		{SKU: "A", Warehouse: "SH", OnHand: 5}, {SKU: "A", Warehouse: "GZ", OnHand: 5},
		{SKU: "B", Warehouse: "SH", OnHand: 1}, {SKU: "B", Warehouse: "GZ", OnHand: 3},
		{SKU: "A", Warehouse: "BJ", OnHand: 100},
	}
	cases := []struct {
		name     string
		needs    []Need
		province string
		split    bool
		want     string
	}{
		{"priority when no warehouse is local", []Need{{"A", 2}}, "浙江", false, "[{A SH 2}]"},
		{"the local warehouse first", []Need{{"A", 2}}, "广东", false, "[{A GZ 2}]"},
		{"whole order from the one warehouse that covers it", []Need{{"A", 1}, {"B", 2}}, "", false, "[{A GZ 1} {B GZ 2}]"},
		{"needs of one SKU add up", []Need{{"A", 3}, {"A", 3}}, "", false, "[]"},
		{"an inactive warehouse never ships", []Need{{"A", 11}}, "北京", true, "[]"},
		{"split across warehouses when allowed", []Need{{"A", 7}}, "", true, "[{A SH 5} {A GZ 2}]"},
		{"no split when not allowed", []Need{{"A", 7}}, "", false, "[]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lines, ok := NewRouter(whs, levels).Route(c.needs, c.province, c.split)
			if got := fmt.Sprint(lines); got != c.want && !(c.want == "[]" && !ok) {
				t.Fatalf("Route = %v, %v; want %s", lines, ok, c.want)
			}
			if ok == (c.want == "[]") {
				t.Fatalf("ok = %v for %v", ok, lines)
			}
		})
	}
}

// Whatever the orders, a router never promises more of a SKU in a warehouse
// than was available, every route covers its needs exactly, and a whole
// route uses one warehouse.
func TestRouter_NeverPromisesMoreThanAvailable(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		skus, codes := []string{"A", "B", "C"}, []string{"W1", "W2", "W3"}
		var whs []Warehouse
		var levels []Level
		avail := map[[2]string]int64{}
		for i, c := range codes {
			whs = append(whs, Warehouse{Code: c, Priority: rapid.IntRange(0, 3).Draw(t, "priority"), Active: true, Province: fmt.Sprint(i)})
			for _, s := range skus {
				q := rapid.Int64Range(0, 10).Draw(t, "on hand")
				levels = append(levels, Level{SKU: s, Warehouse: c, OnHand: q})
				avail[[2]string{s, c}] = q
			}
		}
		r := NewRouter(whs, levels)
		promised := map[[2]string]int64{}
		for range rapid.IntRange(1, 30).Draw(t, "orders") {
			var needs []Need
			want := map[string]int64{}
			for range rapid.IntRange(1, 4).Draw(t, "lines") {
				n := Need{SKU: rapid.SampledFrom(skus).Draw(t, "sku"), Quantity: rapid.Int64Range(1, 6).Draw(t, "qty")}
				needs, want[n.SKU] = append(needs, n), want[n.SKU]+n.Quantity
			}
			split := rapid.Bool().Draw(t, "split")
			lines, ok := r.Route(needs, rapid.SampledFrom([]string{"0", "1", "9"}).Draw(t, "province"), split)
			got, used := map[string]int64{}, map[string]bool{}
			for _, l := range lines {
				got[l.SKU] += l.Quantity
				used[l.Warehouse] = true
				promised[[2]string{l.SKU, l.Warehouse}] += l.Quantity
			}
			if ok && fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("route %v does not cover %v", lines, needs)
			}
			if !ok && len(lines) > 0 {
				t.Fatalf("a refused route took %v", lines)
			}
			if ok && !split && len(used) != 1 {
				t.Fatalf("a whole route used %d warehouses: %v", len(used), lines)
			}
		}
		for k, p := range promised {
			if p > avail[k] {
				t.Fatalf("promised %d of %v, only %d available", p, k, avail[k])
			}
		}
	})
}

func TestRouter_WithinTheShopsWarehouses(t *testing.T) {
	whs := []Warehouse{
		{Code: "SH", Province: "上海", Priority: 1, Active: true},
		{Code: "GZ", Province: "广东", Priority: 2, Active: true},
		{Code: "CD", Province: "四川", Priority: 3, Active: true},
	}
	levels := []Level{
		{SKU: "A", Warehouse: "SH", OnHand: 9}, {SKU: "A", Warehouse: "GZ", OnHand: 3}, {SKU: "A", Warehouse: "CD", OnHand: 3},
	}
	cases := []struct {
		name     string
		needs    []Need
		province string
		allowed  Allowed
		split    bool
		want     string
	}{
		{"no list: every warehouse, by the warehouses' priority", []Need{{"A", 2}}, "", nil, false, "[{A SH 2}]"},
		{"only the shop's warehouses, though another has the stock", []Need{{"A", 5}}, "", Allowed{"GZ": 0, "CD": 1}, false, "[]"},
		{"the shop's priority beats the warehouses' and the province", []Need{{"A", 2}}, "广东", Allowed{"SH": 5, "GZ": 9, "CD": 1}, false, "[{A CD 2}]"},
		{"a warehouse the shop lists but cannot cover is skipped", []Need{{"A", 4}}, "", Allowed{"CD": 0, "SH": 1}, false, "[{A SH 4}]"},
		{"equal shop priorities fall back to the province", []Need{{"A", 2}}, "广东", Allowed{"SH": 0, "GZ": 0}, false, "[{A GZ 2}]"},
		{"split only over the shop's warehouses", []Need{{"A", 6}}, "", Allowed{"CD": 0, "GZ": 1}, true, "[{A CD 3} {A GZ 3}]"},
		{"split cannot reach outside them", []Need{{"A", 7}}, "", Allowed{"CD": 0, "GZ": 1}, true, "[]"},
		{"a listed warehouse that is inactive or unknown adds nothing", []Need{{"A", 1}}, "", Allowed{"BJ": 0}, true, "[]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lines, ok := NewRouter(whs, levels).RouteWithin(c.needs, c.province, c.allowed, c.split)
			if got := fmt.Sprint(lines); got != c.want && !(c.want == "[]" && !ok) {
				t.Fatalf("RouteWithin = %v, %v; want %s", lines, ok, c.want)
			}
			if ok == (c.want == "[]") {
				t.Fatalf("ok = %v for %v", ok, lines)
			}
		})
	}
}
