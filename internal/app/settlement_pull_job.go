package app

import (
	"context"
	"errors"
	"time"

	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/settlement"
)

// settlementPullArgs is the periodic look for settlement sources due:
// unique, so while one waits or runs the leader enqueues no twin.
type settlementPullArgs struct{}

func (settlementPullArgs) Kind() string { return "settlement.pull" }

// Register adds the settlement pulls to w: every Tick, each source due is
// pulled.
func (p *SettlementPulls) Register(w *job.Workers) {
	job.Register(w, func(ctx context.Context, _ job.Job, _ settlementPullArgs) error { return p.PullDue(ctx) })
	w.Every(p.opt.Tick, settlementPullArgs{})
}

// due reports whether a source in state s is to be pulled at now: Every
// after its last run, or after a failure RetryBase doubled with each
// failure in a row, at most Every — a platform that is down is asked
// again soon, then less and less often.
func (p *SettlementPulls) due(s settlement.PullState, now time.Time) bool {
	if s.LastRunAt.IsZero() {
		return true
	}
	wait := p.opt.Every
	if s.Failures > 0 {
		wait = p.opt.RetryBase << min(s.Failures-1, 20)
		wait = min(wait, p.opt.Every)
	}
	return !now.Before(s.LastRunAt.Add(wait))
}

// PullDue pulls every source of every active shop that is due. A source's
// failure is recorded in its state, shown in the shop's health, and does
// not stop the others; only the store's errors are returned.
func (p *SettlementPulls) PullDue(ctx context.Context) error {
	var states []settlement.PullState
	if err := p.unit.Read(ctx, func(s Stores) (err error) { states, err = s.Settlements.PullStates(ctx); return err }); err != nil {
		return err
	}
	byKey := make(map[string]settlement.PullState, len(states))
	for _, s := range states {
		byKey[s.Shop+"/"+s.Source] = s
	}
	now := p.opt.Now().UTC()
	var errs []error
	for after := ""; ; {
		shops, err := p.settlements.shops.List(ctx, after, 500)
		if err != nil || len(shops) == 0 {
			return errors.Join(append(errs, err)...)
		}
		for _, sh := range shops {
			if !sh.Active {
				continue
			}
			for _, name := range Sources(sh.Settings) {
				if !p.due(byKey[sh.ID+"/"+name], now) {
					continue
				}
				if _, err := p.pullSource(ctx, sh, name); err != nil {
					errs = append(errs, err)
				}
			}
		}
		after = shops[len(shops)-1].ID
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}
