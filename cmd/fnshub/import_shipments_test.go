package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/config"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/job/jobdb"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/sheet"
	"github.com/fnshub/fnshub/internal/store/sqlite"
	"os"
)

// stockUp opens the CLI's hub in-process and receives tea into a warehouse,
// which the CLI has no command for yet.
func (c *cli) stockUp(sku string, q int64) {
	c.t.Helper()
	ctx := context.Background()
	cfg, _, err := config.Load(flag.NewFlagSet("t", flag.ContinueOnError), nil, func(k string) string { return c.env[k] })
	if err != nil {
		c.t.Fatal(err)
	}
	h, err := openHub(ctx, cfg, func(k string) string { return c.env[k] }, slog.New(slog.NewTextHandler(io.Discard, nil)), true)
	if err != nil {
		c.t.Fatal(err)
	}
	defer h.close()
	if _, err := h.stock.CreateWarehouse(ctx, inventory.Warehouse{Code: "SH", Name: "上海仓", Province: "上海", Priority: 1, Active: true}); err != nil {
		c.t.Fatal(err)
	}
	cost := money.New(400, "CNY")
	if _, _, err := h.value.Receive(ctx, "po-1", inventory.Line{SKU: sku, Warehouse: "SH", Quantity: q}, &cost); err != nil {
		c.t.Fatal(err)
	}
}

func (c *cli) shipmentJobs() int {
	c.t.Helper()
	db, err := sqlite.Open(c.env["FNSHUB_DATA"])
	if err != nil {
		c.t.Fatal(err)
	}
	defer db.Close()
	q, err := jobdb.New(db, job.NewWorkers(), jobdb.Config{})
	if err != nil {
		c.t.Fatal(err)
	}
	page, err := q.List(context.Background(), job.Filter{Kind: "shipment.push"})
	if err != nil {
		c.t.Fatal(err)
	}
	return len(page.Jobs)
}

// TestCLI_OfflineShipping: export the pending orders of a tmall shop, fill
// in the sheet, import it twice: each order ships once, its write-back is
// queued once, and fnshub check finds the books whole.
func TestCLI_OfflineShipping(t *testing.T) {
	c := newCLI(t)
	c.addShop("tmall", "T1")
	c.mustRun("", "import", "skus", writeFile(t, "skus.csv", importSKUs))
	c.stockUp("TEA-250", 10)
	orders := "渠道,店铺,订单号,商家编码,数量,单价,收货人,手机,省,详细地址,下单时间\n" +
		"tmall,T1,3201,TEA-250,1,88.00,张三,13812345678,浙江省,文三路 100 号,2026-11-11 00:00:01\n" +
		"tmall,T1,3202,TEA-250,2,88.00,李四,13900000000,江苏省,中山路 1 号,2026-11-11 00:00:02\n"
	c.mustRun("", "import", "orders", writeFile(t, "orders.csv", orders))

	out := filepath.Join(t.TempDir(), "pending.xlsx")
	if got := c.mustRun("", "export", "pending-orders", "--shop", "T1", "--out", out); !strings.Contains(got, "exported 2 orders") {
		t.Fatalf("export: %s", got)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	table, err := sheet.ReadTable(out, f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(table) != 3 || table[1][2] != "3201" || table[1][9] != "张三" || table[1][3] != "2026-11-11 00:00:01" {
		t.Fatalf("the sheet: %q", table)
	}

	filled := fmt.Sprintf("订单号 Order,平台单号 External ID,快递公司 Carrier,运单号 Tracking No\n%s,3201,顺丰,SF1001\n%s,3202,,\n", table[1][0], table[2][0])
	file := writeFile(t, "filled.csv", filled)
	if got := c.mustRun("", "import", "shipments", file); !strings.Contains(got, "shipped 1, already shipped 0, not shipped yet 1, failed 0") {
		t.Fatalf("first import: %s", got)
	}
	if got := c.mustRun("", "import", "shipments", file); !strings.Contains(got, "shipped 0, already shipped 1") {
		t.Fatalf("second import: %s", got)
	}
	shipped := 0
	for _, r := range c.storedOrders() {
		if r.Status == order.Shipped {
			shipped++
			if r.ExternalID != "3201" || r.Carrier != "SF" || r.TrackingNo != "SF1001" {
				t.Fatalf("shipped %+v", r.Order)
			}
		}
	}
	if shipped != 1 || c.shipmentJobs() != 1 {
		t.Fatalf("%d orders shipped, %d write-backs queued; want 1 and 1", shipped, c.shipmentJobs())
	}
	if got := c.mustRun("", "check"); !strings.HasPrefix(got, "ok") {
		t.Fatalf("check: %s", got)
	}

	bad := writeFile(t, "bad.csv", fmt.Sprintf("订单号 Order,快递公司 Carrier,运单号 Tracking No\n%s,SF,\n", table[2][0]))
	code, _, errw := c.run(context.Background(), "", "import", "shipments", bad)
	if code != exitFailed || !strings.Contains(errw, "row 2, column 运单号 Tracking No:") || !strings.Contains(errw, "nothing shipped") {
		t.Fatalf("a bad row: exit %d\n%s", code, errw)
	}
}

func TestCLI_ExportNeedsAShop(t *testing.T) {
	c := newCLI(t)
	code, _, errw := c.run(context.Background(), "", "export", "pending-orders")
	if code != exitUsage || !strings.Contains(errw, "--shop") {
		t.Fatalf("exit %d\n%s", code, errw)
	}
}
