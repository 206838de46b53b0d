package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/order/orderdb"
	"github.com/fnshub/fnshub/internal/store/sqlite"
)

const importSKUs = `商家编码,名称,税率
TEA-250,西湖龙井 250g,0.13
TEA-500,西湖龙井 500g,0.13
`

// Three orders: one of two lines (order-level cells on its first line
// only), one naming a channel listing not mapped to a SKU, one cancelled. No stock has
// been received, so the mapped ones wait for stock.
const importOrders = `订单号,渠道,店铺,状态,商家编码,商品id,数量,单价,运费,实付金额,收货人,手机,省,市,区,详细地址,下单时间
T-1,web,S1,已付款,TEA-250,,2,88.00,10,354.00,张三,13812345678,浙江省,杭州市,西湖区,文三路 100 号,2026-11-11 00:00:01
T-1,web,S1,,TEA-500,,1,168,,,,,,,,,
T-2,web,S1,,,item-9,1,5,,,,,,,,,2026-11-11 00:05:00
T-3,web,S1,已取消,TEA-250,,1,88,,,,,,,,,2026-11-11 00:06:00
`

func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func (c *cli) storedOrders() []*order.Record {
	c.t.Helper()
	db, err := sqlite.Open(c.env["FNSHUB_DATA"])
	if err != nil {
		c.t.Fatal(err)
	}
	defer db.Close()
	recs, err := orderdb.New(db).List(context.Background(), order.Filter{Limit: 10_000})
	if err != nil {
		c.t.Fatal(err)
	}
	return recs
}

func TestCLI_ImportOrders(t *testing.T) {
	c := newCLI(t)
	c.addShop("web", "S1")
	c.mustRun("", "import", "skus", writeFile(t, "skus.csv", importSKUs))
	file := writeFile(t, "orders.csv", importOrders)

	out := c.mustRun("", "import", "orders", file)
	for _, want := range []string{"3 orders", "created    3", "duplicate  0", "held       2 (insufficient_stock 1, sku_unmapped 1)", "failed     0"} {
		if !strings.Contains(out, want) {
			t.Errorf("first import: summary lacks %q:\n%s", want, out)
		}
	}
	byID := map[string]*order.Record{}
	for _, r := range c.storedOrders() {
		byID[r.ExternalID] = r
	}
	t1 := byID["T-1"]
	switch {
	case len(byID) != 3 || t1 == nil || byID["T-3"].Status != order.Cancelled:
		t.Fatalf("stored orders: %v", byID)
	case len(t1.Lines) != 2 || t1.ShippingFee.String() != "10.00" || t1.Province != "浙江省" || t1.Contact == nil:
		t.Fatalf("T-1 stored as %+v", t1.Order)
	case bytes.Contains(t1.Contact, []byte("13812345678")):
		t.Fatal("the contact is stored in the clear")
	case byID["T-2"].Hold == nil || byID["T-2"].Hold.Reason != order.HoldUnmapped:
		t.Fatalf("T-2 should wait for a SKU mapping: %+v", byID["T-2"].Hold)
	}

	again := c.mustRun("", "import", "orders", file)
	if !strings.Contains(again, "created    0") || !strings.Contains(again, "duplicate  3") || !strings.Contains(again, "held       0") {
		t.Errorf("re-import should change nothing:\n%s", again)
	}
	if n := len(c.storedOrders()); n != 3 {
		t.Errorf("after re-import: %d orders, want 3", n)
	}
}

func TestCLI_ImportOrders_BadRowsImportNothingUnlessSkipBad(t *testing.T) {
	c := newCLI(t)
	c.addShop("web", "S1")
	c.mustRun("", "import", "skus", writeFile(t, "skus.csv", importSKUs))
	bad := strings.Replace(importOrders, "T-2,web,S1,,,item-9,1,", "T-2,web,S1,,,item-9,one,", 1)
	file := writeFile(t, "orders.csv", bad)

	code, _, errw := c.run(context.Background(), "", "import", "orders", file)
	if code != exitFailed || !strings.Contains(errw, "row 4, column 数量:") || !strings.Contains(errw, "nothing imported") {
		t.Fatalf("bad file: exit %d\n%s", code, errw)
	}
	if n := len(c.storedOrders()); n != 0 {
		t.Fatalf("a bad file imported %d orders", n)
	}

	code, out, errw := c.run(context.Background(), "", "import", "orders", "--skip-bad", file)
	if code != exitOK || !strings.Contains(out, "created    2") || !strings.Contains(errw, "skipped order web/S1/T-2 (row 4)") {
		t.Fatalf("--skip-bad: exit %d\n%s%s", code, out, errw)
	}
	if n := len(c.storedOrders()); n != 2 {
		t.Fatalf("--skip-bad imported %d orders, want the 2 good ones", n)
	}
}

// Many orders go through the worker pool and group commit; each ends up
// stored once and the results keep the file's order.
func TestCLI_ImportOrders_Many(t *testing.T) {
	c := newCLI(t)
	c.addShop("web", "S1")
	c.mustRun("", "import", "skus", writeFile(t, "skus.csv", importSKUs))
	var b strings.Builder
	b.WriteString("channel,shop,external_id,sku,quantity,unit_price,created_at\n")
	const n = 300
	for i := range n {
		fmt.Fprintf(&b, "web,S1,M-%d,TEA-250,1,%d.00,%d\n", i, i+1, 1762790400+i)
	}
	out := c.mustRun("", "import", "orders", writeFile(t, "many.csv", b.String()))
	if !strings.Contains(out, fmt.Sprintf("created    %d", n)) {
		t.Fatalf("summary:\n%s", out)
	}
	recs := c.storedOrders()
	if len(recs) != n {
		t.Fatalf("%d orders stored, want %d", len(recs), n)
	}
	for _, r := range recs {
		var i int
		fmt.Sscanf(r.ExternalID, "M-%d", &i)
		if r.Lines[0].UnitPrice.Minor() != int64(i+1)*100 {
			t.Fatalf("order %s has the price of another row: %s", r.ExternalID, r.Lines[0].UnitPrice)
		}
	}
}

func TestCLI_ImportOrders_Usage(t *testing.T) {
	c := newCLI(t)
	for _, args := range [][]string{{"import", "orders"}, {"import", "widgets", "x.csv"}} {
		if code, _, errw := c.run(context.Background(), "", args...); code != exitUsage {
			t.Errorf("fnshub %v: exit %d, want %d\n%s", args, code, exitUsage, errw)
		}
	}
	if code, _, errw := c.run(context.Background(), "", "import", "--help"); code != exitOK || !strings.Contains(errw, "import orders") || !strings.Contains(errw, "下单时间") {
		t.Errorf("import --help: exit %d\n%s", code, errw)
	}
}

func TestRowList(t *testing.T) {
	if got := rowList([]int{2, 3, 4, 7, 9, 10}); got != "rows 2-4, 7, 9-10" {
		t.Errorf("rowList = %q", got)
	}
	if got := rowList([]int{5}); got != "row 5" {
		t.Errorf("rowList = %q", got)
	}
}

// An order refused for a bad row is kept, and so is every imported order:
// replay reads them again with today's rules. On the code before issue 6
// the refused rows were lost.
func TestCLI_ReplayKeptImports(t *testing.T) {
	c := newCLI(t)
	c.addShop("web", "S1")
	c.mustRun("", "import", "skus", writeFile(t, "skus.csv", importSKUs))
	bad := strings.Replace(importOrders, "T-2,web,S1,,,item-9,1,", "T-2,web,S1,,,item-9,one,", 1)
	file := writeFile(t, "orders.csv", bad)
	if code, _, errw := c.run(context.Background(), "", "import", "orders", file); code != exitFailed {
		t.Fatalf("bad file: exit %d\n%s", code, errw)
	}
	code, out, errw := c.run(context.Background(), "", "replay", "--source", "import", "--refused")
	if code != exitFailed || !strings.Contains(out, "refused: ") || !strings.Contains(out, "replayed 1 payload(s): 1 refused") {
		t.Fatalf("replay of the refused rows: exit %d\n%s%s", code, out, errw)
	}
	c.mustRun("", "import", "orders", "--skip-bad", file)
	code, out, errw = c.run(context.Background(), "", "replay", "--source", "import")
	if code != exitFailed || strings.Count(out, " duplicate, now ") != 2 || !strings.Contains(out, "replayed 4 payload(s): 2 refused") {
		t.Fatalf("replay of every import: exit %d\n%s%s", code, out, errw)
	}
	if n := len(c.storedOrders()); n != 2 {
		t.Fatalf("after replays: %d orders, want the 2 good ones", n)
	}
	if code, _, errw := c.run(context.Background(), "", "replay"); code != exitFailed || !strings.Contains(errw, "choose what to replay") {
		t.Fatalf("replay of nothing: exit %d\n%s", code, errw)
	}
}

// addShop adds the shop the test's orders name.
func (c *cli) addShop(channel, id string) {
	c.t.Helper()
	c.mustRun("", "shop", "add", "--id", id, "--channel", channel, "--name", id)
}
