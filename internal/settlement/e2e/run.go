package e2e

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/settlement/recon/recontest"
	"github.com/fnshub/fnshub/internal/settlement/settlementtest"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/unit"
)

// FormatName is the settlement format the harness's files are in.
const FormatName = "tsv-full"

func formats() app.Formats {
	f := settlementtest.FullTSV(FormatName, "")
	return app.Formats{All: func() []settlement.Format { return []settlement.Format{f} },
		Lookup: func(name string) (settlement.Format, bool) { return f, name == f.Name }}
}

// Plan is what a timed run needs of a generated month, without its lines:
// the shops' terms, payouts in reconciling order and the injections.
type Plan struct {
	Shops    []ShopPlan
	Injected []recontest.Injection
}

// ShopPlan is one platform's part of a Plan.
type ShopPlan struct {
	Platform *recontest.Platform // Runs without lines
	Payouts  []string            // refs, in the order they are reconciled
}

// PlanOf keeps what a run needs of m and drops its lines and orders, so
// the month's memory can go before the timed phases.
func PlanOf(m *recontest.Month) Plan {
	pl := Plan{Injected: m.Injected}
	for _, p := range m.Platforms {
		sp := ShopPlan{Platform: &recontest.Platform{Name: p.Name, Shop: p.Shop, Channel: p.Channel, Contract: p.Contract, Periods: p.Periods}}
		for _, r := range p.Runs {
			sp.Payouts = append(sp.Payouts, r.Input.Payout.Ref)
		}
		pl.Shops = append(pl.Shops, sp)
	}
	return pl
}

// Lines counts the month's settlement lines.
func Lines(m *recontest.Month) int64 {
	var n int64
	for _, p := range m.Platforms {
		for _, r := range p.Runs {
			n += int64(len(r.Input.Lines))
		}
	}
	return n
}

// Run imports every shop's file and reconciles every payout in order
// through the app use cases, timing each phase, and checks what the runs
// found against the plan's injections.
func Run(ctx context.Context, db *store.DB, shops app.SettlementShops, files map[string]string, pl Plan, lines int64) (Report, error) {
	return RunWith(ctx, db, shops, files, pl, lines, Options{})
}

// Options vary how Run reconciles.
type Options struct {
	// OneByOne reconciles each payout with Reconcile, reading nothing
	// ahead, instead of all of them with ReconcileEach: the twin the
	// read ahead is held equal to, and measured against.
	OneByOne bool
}

// RunWith is Run with options.
func RunWith(ctx context.Context, db *store.DB, shops app.SettlementShops, files map[string]string, pl Plan, lines int64, o Options) (Report, error) {
	var rep Report
	u := unit.New(db)
	now := func() time.Time { return time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC) }
	imp := app.NewSettlements(u, shops, now).WithFormats(formats())
	t := startTimer()
	var read int64
	for _, sp := range pl.Shops {
		res, err := importFile(ctx, imp, sp.Platform.Shop, files[sp.Platform.Shop])
		if err != nil {
			return rep, err
		}
		read += res.LinesNew
	}
	rep.Phases = append(rep.Phases, t.phase("import", read))
	if read != lines {
		return rep, fmt.Errorf("e2e: imported %d new lines of %d", read, lines)
	}
	t = startTimer()
	found, err := reconcileAll(ctx, u, pl, o)
	if err != nil {
		return rep, err
	}
	rep.Phases = append(rep.Phases, t.phase("reconcile", lines))
	rep.Missed, rep.Invented = check(&recontest.Month{Injected: pl.Injected}, found)
	rep.PeakRSS = PeakRSS()
	return rep, nil
}

func importFile(ctx context.Context, imp *app.Settlements, shopID, path string) (app.SettlementResult, error) {
	f, err := os.Open(path)
	if err != nil {
		return app.SettlementResult{}, err
	}
	defer f.Close()
	return imp.ImportSettlement(ctx, app.SettlementImport{Shop: shopID, Format: FormatName, FileName: path, Body: f, By: "e2e"})
}

// reconcileAll reconciles each shop's payouts in the order they were paid
// (what a payout settles of an order is what the next one reads as
// settled elsewhere), as one ReconcileEach unless o says one by one, and
// returns every difference found, keyed as the injections are.
func reconcileAll(ctx context.Context, u *unit.Unit, pl Plan, o Options) (map[string]bool, error) {
	uc := &app.SettlementReconcile{Unit: u, Settlements: func(st app.Stores) settlement.Reader { return st.Settlements }, FX: recontest.Rates}
	var reqs []app.ReconcileRequest
	var refs []string
	for _, sp := range pl.Shops {
		ids, err := payoutIDs(ctx, uc, sp.Platform.Shop)
		if err != nil {
			return nil, err
		}
		p := sp.Platform
		for _, ref := range sp.Payouts {
			reqs = append(reqs, app.ReconcileRequest{PayoutID: ids[ref], Channel: p.Channel, Contract: p.Contract,
				Rules: recontest.Lenient, Periods: p.Periods})
			refs = append(refs, ref)
		}
	}
	found := map[string]bool{}
	record := func(i int, out app.ReconcileOutcome) error {
		for _, d := range out.Result.Differences {
			found[injectionKey(string(d.Class), refs[i], d.Subject)] = true
		}
		return nil
	}
	if !o.OneByOne {
		if err := uc.ReconcileEach(ctx, reqs, record); err != nil {
			return nil, fmt.Errorf("e2e: reconcile: %w", err)
		}
		return found, nil
	}
	for i, req := range reqs {
		out, err := uc.Reconcile(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("e2e: reconcile %s: %w", refs[i], err)
		}
		_ = record(i, out)
	}
	return found, nil
}

func payoutIDs(ctx context.Context, uc *app.SettlementReconcile, shopID string) (map[string]int64, error) {
	ps, err := uc.ShopPayouts(ctx, shopID)
	if err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(ps))
	for _, p := range ps {
		out[p.Ref] = p.ID
	}
	return out, nil
}
