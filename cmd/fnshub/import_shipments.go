package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/fnshub/fnshub/internal/config"
	"github.com/fnshub/fnshub/internal/order/shipsheet"
	"github.com/fnshub/fnshub/internal/sheet"
)

const importShipmentsHelp = "fnshub import shipments reads a filled-in shipping sheet (what fnshub export pending-orders wrote,\n" +
	"or any .csv/.xlsx with its columns): 订单号 Order (fnshub's order id) or 店铺 Shop and 平台单号 External ID,\n" +
	"快递公司 Carrier (SF, YTO, ZTO, STO, YUNDA, EMS, JD, their Chinese names, or a platform's code) and\n" +
	"运单号 Tracking No; other columns are ignored, and a row with neither carrier nor tracking number has not\n" +
	"shipped yet. Each row ships its order as POST /api/v1/orders/{id}/ship does, under the key\n" +
	"import-ship:<order id>:<tracking no>, so importing the file again ships and books nothing twice. Shipping\n" +
	"queues the write-back to the shop's platform, which lands once its API answers (fnshub serve runs it)."

func runImportShipments(ctx context.Context, env cliEnv, cfg config.Config, file string, skipBad bool) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	table, err := sheet.ReadTable(file, f)
	if err != nil {
		return err
	}
	parsed := shipsheet.Parse(table)
	for _, e := range parsed.Errors {
		fmt.Fprintf(env.stderr, "%s: %s\n", file, e)
	}
	if len(parsed.Errors) > 0 && !skipBad {
		return fmt.Errorf("nothing shipped: %d problem(s) in %s; fix them, or pass --skip-bad to ship the good rows only", len(parsed.Errors), file)
	}
	h, err := openHub(ctx, cfg, env.getenv, newLogger(env.stderr, cfg), true)
	if err != nil {
		return err
	}
	defer h.close()
	res, err := h.orders.ImportShipments(ctx, parsed.Shipments)
	if err != nil {
		return err
	}
	for _, e := range res.Errors {
		fmt.Fprintf(env.stderr, "%s: %s\n", file, e)
	}
	fmt.Fprintf(env.stdout, "%s: shipped %d, already shipped %d, not shipped yet %d, failed %d\n",
		file, res.Shipped, res.Already, parsed.Blank, len(res.Errors))
	if err := h.recordCLI(ctx, env, "import shipments", "shipments", map[string]any{"file": filepath.Base(file),
		"shipped": res.Shipped, "failed": len(res.Errors)}); err != nil {
		return err
	}
	if len(res.Errors) > 0 {
		return fmt.Errorf("%d row(s) shipped nothing (listed above); the others shipped, and importing the file again is safe", len(res.Errors))
	}
	return nil
}
