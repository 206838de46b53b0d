package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/fnshub/fnshub/internal/catalog/skuimport"
	"github.com/fnshub/fnshub/internal/config"
)

func importCmd() command {
	var file, what string
	var skipBad bool
	return command{name: "import", verb: "skus|orders|shipments", chosen: &what, args: "skus|orders|shipments [--skip-bad] FILE.csv|FILE.xlsx", operand: &file,
		summary: "import SKUs, orders or shipments from a CSV or Excel file",
		help: "fnshub import skus reads SKUs from a .csv (UTF-8 or GBK) or .xlsx file whose first row names the columns:\n" +
			"code, name, tax_rate (required), barcode, spec, unit, weight_g, product, components — or\n" +
			"商家编码, 名称, 税率, 条码, 规格, 单位, 重量(克), 商品编码, 组合明细 (components as TEA-250*2; TEA-500*1).\n" +
			"The SKU import is one transaction: a code that already exists imports nothing.\n\n" +
			importOrdersHelp + "\n\n" +
			importShipmentsHelp + "\n\n" +
			"Every row is checked first and each problem is listed by row and column. If any row is bad,\n" +
			"nothing is imported; with --skip-bad the good rows are imported and the bad ones listed\n" +
			"(for orders: the orders all of whose rows are good; for shipments: a row that cannot ship, e.g. an\n" +
			"order not allocated, is listed and the others ship).",
		flags: func(fs *flag.FlagSet) {
			fs.BoolVar(&skipBad, "skip-bad", false, "import the good rows even if some rows are bad")
		},
		run: func(ctx context.Context, env cliEnv, cfg config.Config) error {
			if file == "" {
				return usageErr("name the file: fnshub import %s FILE.csv", what)
			}
			switch what {
			case "orders":
				return runImportOrders(ctx, env, cfg, file, skipBad)
			case "shipments":
				return runImportShipments(ctx, env, cfg, file, skipBad)
			}
			return runImport(ctx, env, cfg, file, skipBad)
		}}
}

func runImport(ctx context.Context, env cliEnv, cfg config.Config, file string, skipBad bool) error {
	rows, err := readSKUFile(env, file, skipBad)
	if err != nil {
		return err
	}
	h, err := openHub(ctx, cfg, env.getenv, newLogger(env.stderr, cfg), true)
	if err != nil {
		return err
	}
	defer h.close()
	skus := skuimport.SKUs(rows)
	if err := h.catalog.ImportSKUs(ctx, skus, progressBar(env.stderr, len(skus))); err != nil {
		return fmt.Errorf("nothing imported: %w", err)
	}
	fmt.Fprintf(env.stdout, "imported %d SKUs from %s\n", len(skus), file)
	return h.recordCLI(ctx, env, "import skus", "skus", map[string]any{"file": filepath.Base(file), "skus": len(skus)})
}

// readSKUFile parses the file and reports bad rows on stderr.
func readSKUFile(env cliEnv, file string, skipBad bool) ([]skuimport.Row, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, bad, err := skuimport.Read(file, f)
	if err != nil {
		return nil, err
	}
	for _, e := range bad {
		fmt.Fprintf(env.stderr, "%s: %s\n", file, e)
	}
	if len(bad) > 0 && !skipBad {
		return nil, fmt.Errorf("nothing imported: %d problem(s) in %s; fix them, or pass --skip-bad to import the good rows only", len(bad), file)
	}
	return rows, nil
}

// progressBar draws "[#####.....] 500/1000" on w as SKUs are written.
func progressBar(w io.Writer, total int) func(done int) {
	return func(done int) {
		const width = 30
		filled := width * done / max(total, 1)
		fmt.Fprintf(w, "\r[%s%s] %d/%d", strings.Repeat("#", filled), strings.Repeat(".", width-filled), done, total)
		if done == total {
			fmt.Fprintln(w)
		}
	}
}
