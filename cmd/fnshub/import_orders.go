package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/config"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/order/orderimport"
	"github.com/fnshub/fnshub/internal/sheet"
)

const importOrdersHelp = "fnshub import orders reads orders, one row per order line, from a .csv (UTF-8 or GBK) or .xlsx\n" +
	"file. Columns, in English or Chinese (* required):\n" +
	"  channel* 渠道, shop* 店铺, external_id* 订单号, version 版本 (default 1), status 状态 (paid 已付款,\n" +
	"  the default; awaiting_payment 待付款; cancelled 已取消; refunded 已退款), currency 币种 (default CNY),\n" +
	"  buyer_id 买家, sku 商家编码 — or external_item_id 商品id and external_sku_id skuid to map the channel's\n" +
	"  listing —, title 商品名称, quantity* 数量, unit_price* 单价, line_discount 商品优惠, shipping_fee 运费,\n" +
	"  order_discount 优惠, paid_total 实付金额, receiver 收货人, phone 手机, province 省, city 市, district 区,\n" +
	"  address 详细地址, created_at* 下单时间, paid_at 付款时间.\n" +
	"Rows with the same channel, shop and external_id are one order; a row with all three blank continues\n" +
	"the order above it (as merged cells read). Order-level columns may be repeated on every line or given\n" +
	"on one; lines that give one must agree. Amounts are exact decimals (12.50, never rounded); times are\n" +
	"2026-11-11 20:30:00 in --timezone, RFC 3339, or unix seconds. Each order is ingested on its own, as\n" +
	"the API does: importing a file again changes nothing (duplicates), a higher version updates an order.\n" +
	"The summary counts created, applied, duplicate, stale, held (by reason) and failed orders."

// ingestWorkers submit orders concurrently so that group commit can put
// many of them in one transaction.
const ingestWorkers = 48

func runImportOrders(ctx context.Context, env cliEnv, cfg config.Config, file string, skipBad bool) error {
	parsed, refused := readOrderFile(env, file, cfg.Location(), skipBad)
	if parsed.Orders == nil && parsed.Skipped == nil && refused != nil {
		return refused // not a table of orders at all
	}
	h, err := openHub(ctx, cfg, env.getenv, newLogger(env.stderr, cfg), true)
	if err != nil {
		return err
	}
	defer h.close()
	if err := keepSkipped(ctx, h.orders, parsed.Skipped); err != nil {
		return err
	}
	if refused != nil {
		return refused
	}
	results := ingestOrders(ctx, h.orders, parsed.Orders, progressBar(env.stderr, len(parsed.Orders)))
	sum := summarise(results)
	for i, r := range results {
		if r.Err != nil {
			fmt.Fprintf(env.stderr, "%s: %s (order %s): %v\n", file, rowList(parsed.Orders[i].Rows), parsed.Orders[i].Order.Key(), r.Err)
		}
	}
	sum.print(env.stdout, file, len(parsed.Orders), parsed)
	if err := h.recordCLI(ctx, env, "import orders", "orders", map[string]any{"file": filepath.Base(file),
		"orders": len(parsed.Orders), "failed": sum.failed, "skipped": len(parsed.Skipped)}); err != nil {
		return err
	}
	if sum.failed > 0 {
		return fmt.Errorf("%d of %d orders failed (listed above); the others are in, and importing the file again is safe", sum.failed, len(results))
	}
	return nil
}

// keepSkipped keeps the rows of each order refused for a bad row, so that
// nothing read is lost and it can be replayed once fixed (docs/adr/0021).
func keepSkipped(ctx context.Context, orders *app.Orders, skipped []orderimport.Skipped) error {
	for _, s := range skipped {
		refusal := fault.New(fault.Invalid, "rows_invalid", "rows %s have a problem (listed by the import)", rowList(s.Rows))
		if _, err := orders.Keep(ctx, app.Payload{Source: "import", Body: s.Raw, Key: s.Key}, refusal); err != nil {
			return err
		}
	}
	return nil
}

// readOrderFile parses the file and reports bad rows on stderr.
func readOrderFile(env cliEnv, file string, loc *time.Location, skipBad bool) (orderimport.Parsed, error) {
	f, err := os.Open(file)
	if err != nil {
		return orderimport.Parsed{}, err
	}
	defer f.Close()
	table, err := sheet.ReadTable(file, f)
	if err != nil {
		return orderimport.Parsed{}, err
	}
	p := orderimport.Parse(table, loc)
	for _, e := range p.Errors {
		fmt.Fprintf(env.stderr, "%s: %s\n", file, e)
	}
	if len(p.Errors) > 0 && !skipBad {
		return p, fmt.Errorf("nothing imported: %d problem(s) in %s; fix them, or pass --skip-bad to import only the orders whose rows are all good", len(p.Errors), file)
	}
	for _, s := range p.Skipped {
		fmt.Fprintf(env.stderr, "%s: skipped order %s (%s): it has a bad row\n", file, s.Key, rowList(s.Rows))
	}
	return p, nil
}

// ingestOrders ingests every order with a pool of workers and returns the
// results in the file's order, calling progress as orders finish.
func ingestOrders(ctx context.Context, orders *app.Orders, in []orderimport.Order, progress func(done int)) []app.Result {
	results := make([]app.Result, len(in))
	jobs, done := make(chan int), make(chan struct{}, len(in))
	var wg sync.WaitGroup
	for range min(ingestWorkers, len(in)) {
		wg.Go(func() {
			for i := range jobs {
				o := in[i]
				results[i] = orders.Ingest(ctx, importInput(o))
				done <- struct{}{}
			}
		})
	}
	go func() {
		for i := range in {
			jobs <- i
		}
		close(jobs)
	}()
	step := max(len(in)/200, 1) // redraw the bar at most about 200 times
	for n := 1; n <= len(in); n++ {
		<-done
		if n%step == 0 || n == len(in) {
			progress(n)
		}
	}
	wg.Wait()
	return results
}

// importSummary counts what the import did.
type importSummary struct {
	effects map[app.Effect]int
	held    map[order.HoldReason]int // of the orders created or changed
	failed  int
}

func summarise(results []app.Result) importSummary {
	s := importSummary{effects: map[app.Effect]int{}, held: map[order.HoldReason]int{}}
	for _, r := range results {
		switch {
		case r.Err != nil:
			s.failed++
			continue
		case r.Order != nil && r.Order.Hold != nil && (r.Effect == app.EffectCreated || r.Effect == app.EffectApplied):
			s.held[r.Order.Hold.Reason]++
		}
		s.effects[r.Effect]++
	}
	return s
}

func (s importSummary) print(w io.Writer, file string, n int, p orderimport.Parsed) {
	fmt.Fprintf(w, "imported %s: %s\n", file, plural(n, "order"))
	for _, e := range []app.Effect{app.EffectCreated, app.EffectApplied, app.EffectDuplicate, app.EffectStale} {
		fmt.Fprintf(w, "  %-10s %d\n", e, s.effects[e])
	}
	total, reasons := 0, make([]string, 0, len(s.held))
	for r, c := range s.held {
		total += c
		reasons = append(reasons, fmt.Sprintf("%s %d", r, c))
	}
	slices.Sort(reasons)
	if total > 0 {
		fmt.Fprintf(w, "  %-10s %d (%s)\n", "held", total, strings.Join(reasons, ", "))
	} else {
		fmt.Fprintf(w, "  %-10s 0\n", "held")
	}
	fmt.Fprintf(w, "  %-10s %d\n", "failed", s.failed)
	if len(p.Errors) > 0 {
		fmt.Fprintf(w, "  %-10s %s with bad rows; %s listed on stderr\n", "skipped", plural(len(p.Skipped), "order"), plural(len(p.Errors), "problem"))
	}
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// rowList writes rows as "row 2" or "rows 2-4, 7".
func rowList(rows []int) string {
	if len(rows) == 1 {
		return fmt.Sprintf("row %d", rows[0])
	}
	var b strings.Builder
	b.WriteString("rows ")
	for i := 0; i < len(rows); {
		j := i
		for j+1 < len(rows) && rows[j+1] == rows[j]+1 {
			j++
		}
		if i > 0 {
			b.WriteString(", ")
		}
		if j > i {
			fmt.Fprintf(&b, "%d-%d", rows[i], rows[j])
		} else {
			fmt.Fprintf(&b, "%d", rows[i])
		}
		i = j + 1
	}
	return b.String()
}
