package main

import (
	"context"
	"strings"
	"testing"
)

func TestCLI_EntitiesAndShops(t *testing.T) {
	c := newCLI(t)
	c.env["FNSHUB_CURRENCY"] = "USD"
	if out := c.mustRun("", "entity", "list"); !strings.Contains(out, "default") || !strings.Contains(out, "USD") {
		t.Fatalf("the default entity does not follow --currency before it has books:\n%s", out)
	}
	c.mustRun("", "entity", "add", "--code", "hk", "--name", "HK Ltd", "--base-currency", "HKD", "--zone", "Asia/Hong_Kong")
	c.mustRun("", "entity", "rename", "--code", "hk", "--name", "HK Trading Ltd")
	if out := c.mustRun("", "entity", "list"); !strings.Contains(out, "HK Trading Ltd") || !strings.Contains(out, "HKD") {
		t.Fatalf("entity list:\n%s", out)
	}
	c.mustRun("", "shop", "add", "--id", "hk-tmall", "--channel", "tmall", "--name", "天猫国际", "--entity", "hk")
	c.mustRun("", "shop", "update", "--id", "hk-tmall", "--active=false", "--name", "天猫国际店")
	out := c.mustRun("", "shop", "list")
	if !strings.Contains(out, "hk-tmall") || !strings.Contains(out, "天猫国际店") || !strings.Contains(out, "inactive") || !strings.Contains(out, "HKD") {
		t.Fatalf("shop list:\n%s", out)
	}
	code, _, errw := c.run(context.Background(), "", "shop", "add", "--id", "x", "--channel", "ebay", "--name", "x")
	if code != exitFailed || !strings.Contains(errw, "channel must be one of tmall") {
		t.Fatalf("unknown channel: exit %d %s", code, errw)
	}
	code, _, errw = c.run(context.Background(), "", "shop", "update", "--name", "x")
	if code != exitUsage || !strings.Contains(errw, "--id is required") {
		t.Fatalf("update without --id: exit %d %s", code, errw)
	}
}

func TestCLI_ImportOrdersForAnUnknownShopIsRefused(t *testing.T) {
	c := newCLI(t)
	c.mustRun("", "import", "skus", writeFile(t, "skus.csv", importSKUs))
	code, out, errw := c.run(context.Background(), "", "import", "orders", writeFile(t, "orders.csv", importOrders))
	if code == exitOK || !strings.Contains(out+errw, "fnshub shop add --id S1 --channel web") {
		t.Fatalf("orders for an unknown shop: exit %d\n%s%s", code, out, errw)
	}
	if n := len(c.storedOrders()); n != 0 {
		t.Fatalf("%d orders stored for an unknown shop", n)
	}
}
