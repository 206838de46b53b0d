package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/sheet"
)

// TestCLI_Invoices: request an invoice for an imported order, export it,
// import its number back twice, and see it issued once.
func TestCLI_Invoices(t *testing.T) {
	c := newCLI(t)
	c.addShop("tmall", "T1")
	c.mustRun("", "import", "skus", writeFile(t, "skus.csv", importSKUs))
	c.stockUp("TEA-250", 10)
	c.mustRun("", "import", "orders", writeFile(t, "orders.csv", "渠道,店铺,订单号,商家编码,数量,单价,收货人,手机,省,详细地址,下单时间\n"+
		"tmall,T1,3201,TEA-250,1,88.00,张三,13812345678,浙江省,文三路 100 号,2026-11-11 00:00:01\n"))
	id := c.storedOrders()[0].ID

	ask := []string{"invoice", "request", "--order", fmt.Sprint(id), "--title", "福州某某科技有限公司", "--tax-no", "91350100M000100Y43", "--type", "81"}
	if got := c.mustRun("", ask...); !strings.Contains(got, "requested invoice 1 for order") || !strings.Contains(got, "88.00 CNY") {
		t.Fatalf("request: %s", got)
	}
	if got := c.mustRun("", ask...); !strings.Contains(got, "(duplicate)") {
		t.Fatalf("request again: %s", got)
	}
	out := filepath.Join(t.TempDir(), "inv.xlsx")
	if got := c.mustRun("", "invoice", "export", "--out", out); !strings.Contains(got, "exported 1 requested invoice") {
		t.Fatalf("export: %s", got)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	table, err := sheet.ReadTable(out, f)
	f.Close()
	if err != nil || len(table) != 2 || table[1][0] != "FNS-INV-1" || table[1][5] != "91350100M000100Y43" {
		t.Fatalf("the sheet: %q %v", table, err)
	}
	file := writeFile(t, "issued.csv", "发票流水号,发票号码,开票日期\nFNS-INV-1,26332000000000000001,2026/12/01\n")
	if got := c.mustRun("", "invoice", "import-issued", file); !strings.Contains(got, "issued 1, issued before 0") {
		t.Fatalf("import: %s", got)
	}
	if got := c.mustRun("", "invoice", "import-issued", file); !strings.Contains(got, "issued 0, issued before 1") {
		t.Fatalf("import again: %s", got)
	}
	if got := c.mustRun("", "invoice", "list", "--status", "issued"); !strings.Contains(got, "26332000000000000001") || !strings.Contains(got, "issued") {
		t.Fatalf("list: %s", got)
	}
}
