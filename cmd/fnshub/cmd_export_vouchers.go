package main

import (
	"bytes"
	"context"
	"fmt"
	"os"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/config"
	"github.com/fnshub/fnshub/internal/erp"
)

func runExportVouchers(ctx context.Context, env cliEnv, cfg config.Config, req app.ExportRequest, out string) error {
	if req.ERP == "" || req.Period == "" {
		return usageErr("name the ERP and the month: fnshub export vouchers --erp kingdee --period 2026-11")
	}
	if out == "" {
		out = "vouchers-" + req.ERP + "-" + req.Period + ".csv"
	}
	var buf bytes.Buffer
	if !req.Push {
		f, err := erp.FormatOf(out)
		if err != nil {
			return err
		}
		req.Format, req.Out = f, &buf
	}
	h, err := openHub(ctx, cfg, env.getenv, newLogger(env.stderr, cfg), false)
	if err != nil {
		return err
	}
	defer h.close()
	res, err := h.vouchers.ExportVouchers(ctx, req)
	if req.Push {
		return reportPush(ctx, env, h, res, err)
	}
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o600); err != nil { // the books: for the user only
		return err
	}
	fmt.Fprintf(env.stdout, "exported %d vouchers of entity %d, %s, to %s in the %s layout (account map version %d)\n",
		res.Vouchers, res.Entity, res.Period, out, res.ERP, res.MapVersion)
	return nil
}

// reportPush prints each voucher's outcome and records the push, which
// changed the ERP's books, in the audit log, even when it stopped part way.
func reportPush(ctx context.Context, env cliEnv, h *hub, res app.ExportResult, pushErr error) error {
	failed := 0
	for _, r := range res.Results {
		line := fmt.Sprintf("%s\t%s\t%s", r.ID, r.Outcome, r.ERPRef)
		if r.Err != nil {
			line += "\t" + r.Err.Error()
			failed++
		}
		fmt.Fprintln(env.stdout, line)
	}
	if res.ERP == "" {
		return pushErr // refused before anything was sent
	}
	fmt.Fprintf(env.stdout, "pushed %d of %d vouchers of entity %d, %s, to %s: %d failed, %d already there (account map version %d)\n",
		res.Sent, res.Vouchers, res.Entity, res.Period, res.ERP, failed, res.Arrived, res.MapVersion)
	if err := h.recordCLI(ctx, env, "export vouchers --push", res.ERP+" "+res.Period,
		map[string]any{"entity": res.Entity, "sent": res.Sent, "failed": failed, "map_version": res.MapVersion}); err != nil {
		return err
	}
	if pushErr == nil && failed > 0 {
		return fmt.Errorf("%d vouchers failed; fix what they say and run the push again: it sends only those", failed)
	}
	return pushErr
}
