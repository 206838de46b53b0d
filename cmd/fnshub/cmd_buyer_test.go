package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCLI_BuyerEraseAndRewrap: imported orders name no buyer, so each has a
// data key of its own, erased as order:ID; check still passes after it, a
// repeat prints the same, and a master key rotation re-wraps the keys.
func TestCLI_BuyerEraseAndRewrap(t *testing.T) {
	c := newCLI(t)
	c.addShop("web", "S1")
	c.mustRun("", "import", "skus", writeFile(t, "skus.csv", importSKUs))
	c.mustRun("", "import", "orders", writeFile(t, "orders.csv", importOrders+
		"T-4,web,S1,已付款,TEA-250,,1,88.00,,88.00,李四,13987654321,浙江省,宁波市,海曙区,中山路 8 号,2026-11-11 00:07:00\n"))
	var id string
	for _, rec := range c.storedOrders() {
		if rec.ExternalID == "T-1" {
			id = fmt.Sprintf("order:%d", rec.ID)
		}
	}
	first := c.mustRun("", "buyer", "erase", id)
	if !strings.Contains(first, "erased buyer "+id) || !strings.Contains(first, "the contacts of 1 orders and 1 raw payloads") {
		t.Fatalf("erase: %s", first)
	}
	if again := c.mustRun("", "buyer", "erase", id); again != first {
		t.Fatalf("erase again printed %q, want %q", again, first)
	}
	c.mustRun("", "check")
	for _, bad := range []string{"u-42", "order:999"} {
		if code, _, errw := c.run(context.Background(), "", "buyer", "erase", bad); code != exitFailed || !strings.Contains(errw, "fnshub buyer:") {
			t.Fatalf("erase %s: exit %d %s", bad, code, errw)
		}
	}
	if code, _, _ := c.run(context.Background(), "", "buyer", "erase"); code != exitUsage {
		t.Fatalf("erase without a ref: exit %d, want %d", code, exitUsage)
	}

	key, err := os.ReadFile(filepath.Join(c.env["FNSHUB_DATA"], "master.key"))
	if err != nil {
		t.Fatal(err)
	}
	var old string
	for _, line := range strings.Split(string(key), "\n") {
		if strings.HasPrefix(line, "1:") {
			old = line
		}
	}
	c.env["FNSHUB_MASTER_KEY"] = "2:" + masterKey() + "," + old
	if out := c.mustRun("", "buyer", "rewrap"); !strings.Contains(out, "re-wrapped 1 buyer data keys") {
		t.Fatalf("rewrap: %s", out) // T-4's; T-1's was erased, T-2 and T-3 came without a contact
	}
	if out := c.mustRun("", "buyer", "rewrap"); !strings.Contains(out, "re-wrapped 0 buyer data keys") {
		t.Fatalf("rewrap again: %s", out)
	}
	c.mustRun("", "check")
}
