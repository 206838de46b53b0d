package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/config"
	"github.com/fnshub/fnshub/internal/order/shipsheet"
	"github.com/fnshub/fnshub/internal/pii"
)

func exportCmd() command {
	var what, shopID, out, erpName, period string
	var noContacts, push bool
	var entity int64
	return command{name: "export", verb: "pending-orders|vouchers", chosen: &what,
		args:    "pending-orders --shop ID [--out FILE.xlsx] [--no-contacts] | vouchers --erp ERP --period YYYY-MM [--entity N] [--out FILE.csv|.xlsx] [--push]",
		summary: "export a shop's orders awaiting shipment to Excel, or a month's journal entries as ERP vouchers",
		help: "fnshub export pending-orders writes the shop's orders awaiting shipment (allocated or approved), oldest\n" +
			"first, one row per order, to an .xlsx file (default pending-orders-<shop>.xlsx): 订单号 Order, 店铺 Shop,\n" +
			"平台单号 External ID, 下单时间 Created and 付款时间 Paid (in --timezone), 商品 Lines, 件数 Units,\n" +
			"仓库 Warehouse, 省份 Province, 收件人 Name, 电话 Phone, 地址 Address (left out with --no-contacts),\n" +
			"and blank 快递公司 Carrier and 运单号 Tracking No. Fill in the carrier and tracking number of each order\n" +
			"that shipped and import the file back with: fnshub import shipments FILE.xlsx\n\n" +
			"fnshub export vouchers turns the entity's journal entries effective in the month (in the entity's time\n" +
			"zone) into vouchers, one per entry, through the ERP's account map (PUT /api/v1/erp/{erp}/account-map),\n" +
			"and writes them in the ERP's import layout (kingdee 金蝶 凭证引入, yonyou 用友 凭证导入, netsuite journal\n" +
			"entry CSV, odoo account.move import, or csv: every field, hub accounts kept without a map) to --out\n" +
			"(.csv or .xlsx; default vouchers-<erp>-<period>.csv). With --push it sends them over the ERP's API\n" +
			"instead (connection: PUT /api/v1/erp/{erp}/settings), each voucher once: those an earlier push got\n" +
			"there are skipped, and the ERP is asked for each by its id before it is created. An unmapped account\n" +
			"refuses the whole export and names every such account.",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&shopID, "shop", "", "pending-orders: the shop whose orders to export (required)")
			fs.StringVar(&out, "out", "", "the file to write; default pending-orders-<shop>.xlsx or vouchers-<erp>-<period>.csv")
			fs.BoolVar(&noContacts, "no-contacts", false, "pending-orders: leave out the buyers' name, phone and address")
			fs.StringVar(&erpName, "erp", "", "vouchers: kingdee, yonyou, netsuite, odoo or csv (required)")
			fs.StringVar(&period, "period", "", "vouchers: the month, YYYY-MM (required)")
			fs.Int64Var(&entity, "entity", 0, "vouchers: the legal entity's id; default the default entity")
			fs.BoolVar(&push, "push", false, "vouchers: push to the ERP's API instead of writing a file")
		},
		run: func(ctx context.Context, env cliEnv, cfg config.Config) error {
			if what == "vouchers" {
				return runExportVouchers(ctx, env, cfg, app.ExportRequest{ERP: erpName, Entity: entity, Period: period, Push: push}, out)
			}
			if shopID == "" {
				return usageErr("name the shop: fnshub export pending-orders --shop ID")
			}
			if out == "" {
				out = "pending-orders-" + shopID + ".xlsx"
			}
			return runExportPending(ctx, env, cfg, shopID, out, !noContacts)
		}}
}

func runExportPending(ctx context.Context, env cliEnv, cfg config.Config, shopID, out string, contacts bool) error {
	h, err := openHub(ctx, cfg, env.getenv, newLogger(env.stderr, cfg), false)
	if err != nil {
		return err
	}
	defer h.close()
	sh, err := h.shops.Get(ctx, shopID)
	if err != nil {
		return err
	}
	recs, err := h.orders.AwaitingShipment(ctx, sh.ID)
	if err != nil {
		return err
	}
	ps := make([]shipsheet.Pending, len(recs))
	for i, rec := range recs {
		ps[i] = shipsheet.Pending{Order: rec}
		if !contacts {
			continue
		}
		if ps[i].Contact, err = h.orders.Contact(ctx, rec); err != nil && !errors.Is(err, pii.ErrErased) {
			return err // an erased buyer's cells stay blank
		}
	}
	var buf bytes.Buffer
	if err := shipsheet.Write(&buf, ps, shipsheet.Options{Location: cfg.Location(), Contacts: contacts}); err != nil {
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o600); err != nil { // buyers' contacts: for the user only
		return err
	}
	fmt.Fprintf(env.stdout, "exported %d orders of shop %s awaiting shipment to %s\n", len(recs), sh.ID, out)
	if !contacts {
		return nil
	}
	return h.recordCLI(ctx, env, "export pending-orders", "shop "+sh.ID, map[string]any{"orders": len(recs), "contacts": true})
}
