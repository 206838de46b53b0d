package shopify

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// quantityEntry is one quantities entry of an inventorySetQuantities input.
func quantityEntry(s *Shop, v Variant, qty int64, changeFrom string) string {
	return fmt.Sprintf(`{"inventoryItemId":%q,"locationId":%q,"quantity":%d,"changeFromQuantity":%s}`,
		gid("InventoryItem", v.InventoryItemID), gid("Location", s.LocationID()), qty, changeFrom)
}

func setVars(key string, entries ...string) string {
	return `{"key":"` + key + `","input":{"name":"available","reason":"correction","referenceDocumentUri":"gid://t/1","quantities":[` +
		strings.Join(entries, ",") + `]}}`
}

// Several quantities in one call are all written, each with its own
// changeFromQuantity checked.
func TestGraphQL_inventorySetQuantitiesMany(t *testing.T) {
	s := testShop(WebhookOptions{})
	a, b, c := s.AddVariant(Variant{SKU: "A"}), s.AddVariant(Variant{SKU: "B"}), s.AddVariant(Variant{SKU: "C"})
	s.SetAvailable(a.ID, 1)
	s.SetAvailable(b.ID, 2)
	s.SetAvailable(c.ID, 3)
	_, out := post(t, s, s.Token(), "SetAvailable", setVars("m1",
		quantityEntry(s, a, 10, "1"), quantityEntry(s, b, 20, "null"), quantityEntry(s, c, 30, "3")))
	if code := userErrorCode(t, out, "inventorySetQuantities"); code != "" {
		t.Fatalf("refused: %v", out)
	}
	got := []int64{s.Available(a.ID), s.Available(b.ID), s.Available(c.ID)}
	if !reflect.DeepEqual(got, []int64{10, 20, 30}) {
		t.Fatalf("available %v, want [10 20 30]", got)
	}
	changes := out["data"].(map[string]any)["inventorySetQuantities"].(map[string]any)["inventoryAdjustmentGroup"].(map[string]any)["changes"].([]any)
	if len(changes) != 3 {
		t.Fatalf("changes %v, want one per quantity", changes)
	}
}

// One stale changeFromQuantity refuses the whole call, as Shopify
// documents: nothing is written, no adjustment group, and the userError's
// field names the stale quantity by its index.
func TestGraphQL_inventorySetQuantitiesOneStaleWritesNone(t *testing.T) {
	s := testShop(WebhookOptions{})
	a, b := s.AddVariant(Variant{SKU: "A"}), s.AddVariant(Variant{SKU: "B"})
	s.SetAvailable(a.ID, 1)
	s.SetAvailable(b.ID, 2)
	_, out := post(t, s, s.Token(), "SetAvailable", setVars("m2", quantityEntry(s, a, 10, "1"), quantityEntry(s, b, 20, "7")))
	payload := out["data"].(map[string]any)["inventorySetQuantities"].(map[string]any)
	ue := payload["userErrors"].([]any)
	if len(ue) != 1 || payload["inventoryAdjustmentGroup"] != nil {
		t.Fatalf("want one userError and no group: %v", payload)
	}
	e := ue[0].(map[string]any)
	if e["code"] != "CHANGE_FROM_QUANTITY_STALE" || !reflect.DeepEqual(e["field"], []any{"input", "quantities", "1", "changeFromQuantity"}) {
		t.Fatalf("userError %v", e)
	}
	if s.Available(a.ID) != 1 || s.Available(b.ID) != 2 {
		t.Fatalf("nothing may be written: %d, %d", s.Available(a.ID), s.Available(b.ID))
	}
}

func TestGraphQL_inventorySetQuantitiesRefusals(t *testing.T) {
	s := testShop(WebhookOptions{})
	a := s.AddVariant(Variant{SKU: "A"})
	s.SetAvailable(a.ID, 1)
	t.Run("the same item and location twice", func(t *testing.T) {
		_, out := post(t, s, s.Token(), "SetAvailable", setVars("d1", quantityEntry(s, a, 4, "1"), quantityEntry(s, a, 5, "null")))
		if code := userErrorCode(t, out, "inventorySetQuantities"); code != "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR" || s.Available(a.ID) != 1 {
			t.Fatalf("code %q, available %d", code, s.Available(a.ID))
		}
	})
	t.Run("more than 250 quantities", func(t *testing.T) {
		entries := make([]string, 251)
		for i := range entries {
			entries[i] = quantityEntry(s, a, 4, "null")
		}
		_, out := post(t, s, s.Token(), "SetAvailable", setVars("d2", entries...))
		errs, _ := out["errors"].([]any)
		if len(errs) != 1 || errs[0].(map[string]any)["extensions"].(map[string]any)["code"] != "MAX_INPUT_SIZE_EXCEEDED" || s.Available(a.ID) != 1 {
			t.Fatalf("want a MAX_INPUT_SIZE_EXCEEDED error: %v", out)
		}
	})
}

func TestGraphQL_variantInventoryItems(t *testing.T) {
	s := testShop(WebhookOptions{})
	a, b := s.AddVariant(Variant{SKU: "A"}), s.AddVariant(Variant{SKU: "B"})
	_, out := post(t, s, s.Token(), "VariantInventoryItems", fmt.Sprintf(`{"ids":[%q,"gid://shopify/ProductVariant/31337",%q]}`,
		gid("ProductVariant", b.ID), gid("ProductVariant", a.ID)))
	nodes := out["data"].(map[string]any)["nodes"].([]any)
	item := func(n any) any { return n.(map[string]any)["inventoryItem"].(map[string]any)["id"] }
	if len(nodes) != 3 || item(nodes[0]) != gid("InventoryItem", b.InventoryItemID) || nodes[1] != nil || item(nodes[2]) != gid("InventoryItem", a.InventoryItemID) {
		t.Fatalf("nodes %v: want b's, null, a's, in the order asked", nodes)
	}
}
