package app

import (
	"context"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/job"
)

// PullNow enqueues a pull of shop id now, as the schedule would: Unique,
// so a pull already waiting or running is reported (Skipped) instead of
// a second one queued, and pressing "sync now" twice pulls once.
// Errors: NotFound (no such shop), Conflict (the shop is inactive, or its
// platform is not pulled).
func (p *Pulls) PullNow(ctx context.Context, id string) (job.Enqueued, error) {
	sh, err := p.shops.Get(ctx, id)
	if err != nil {
		return job.Enqueued{}, err
	}
	if !sh.Active {
		return job.Enqueued{}, fault.New(fault.Conflict, "shop_inactive", "shop %s is inactive; activate it (PATCH /api/v1/shops/%s {\"active\":true}) before syncing it", id, id)
	}
	if _, ok := p.conns.Puller(sh); !ok {
		return job.Enqueued{}, fault.New(fault.Conflict, "shop_not_pulled", "shop %s's platform is not pulled (its orders arrive by webhook or API); there is nothing to sync", id)
	}
	var q job.Enqueued
	err = p.orders.unit.InTx(ctx, func(s Stores) error {
		q, err = s.Jobs.Enqueue(ctx, pullShop{Shop: sh.ID}, &job.Opts{Unique: true, MaxAttempts: channelAttempts})
		return err
	})
	return q, err
}
