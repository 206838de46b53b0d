package main

import (
	"context"
	"errors"
	"fmt"
)

// pullSettlements pulls shopID's settlement sources now and prints what
// each did. A source that failed makes the command fail, after the others
// ran and were printed.
func pullSettlements(ctx context.Context, env cliEnv, h *hub, shopID string) error {
	res, err := h.settlementPulls.PullShop(ctx, shopID)
	if err != nil {
		return err
	}
	var failed []error
	applied := 0
	for _, sp := range res.Sources {
		for _, im := range sp.Imports {
			fmt.Fprintf(env.stdout, "%s: %s\n", sp.Source, settlementOutcome(im))
			if im.Status != "duplicate" {
				applied++
			}
		}
		if sp.Error != "" {
			failed = append(failed, fmt.Errorf("%s: %s (failed %d time(s) in a row; the cursor stays at %q)", sp.Source, sp.Error, sp.State.Failures, sp.State.Cursor))
			continue
		}
		if len(sp.Imports) == 0 {
			fmt.Fprintf(env.stdout, "%s: nothing new\n", sp.Source)
		}
	}
	if applied > 0 {
		if err := h.recordCLI(ctx, env, "settlement pull", "shop "+shopID, map[string]any{"result": res}); err != nil {
			return err
		}
	}
	return errors.Join(failed...)
}
