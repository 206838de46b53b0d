package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/job"
)

// erpPushArgs is the daily push of every configured ERP: unique, so
// while one waits or runs the leader enqueues no twin.
type erpPushArgs struct{}

func (erpPushArgs) Kind() string { return "erp.push" }

// erpPushEvery is how often the books are pushed to the ERPs.
const erpPushEvery = 24 * time.Hour

// Register adds the daily ERP push to w.
func (x *Vouchers) Register(w *job.Workers) {
	job.Register(w, func(ctx context.Context, _ job.Job, _ erpPushArgs) error { return x.PushAll(ctx) })
	w.Every(erpPushEvery, erpPushArgs{})
}

// PushAll pushes, for every ERP with a connection and a pusher and every
// entity, the newest period and the one before it while yesterday was in
// it (in the entity's zone): entries booked late into last month go on the
// first day of this one. A closed month takes no new entries (late items
// post into the first open month, ADR 0046), so these two months hold all
// that can be new since the run before. A voucher already
// there is skipped, so a run again pushes only what is new or failed. An
// entity with no account map for an ERP, or an unmapped account, is
// reported and does not stop the others.
func (x *Vouchers) PushAll(ctx context.Context) error {
	erps, err := x.Configured(ctx)
	if err != nil || len(erps) == 0 {
		return err
	}
	ents, err := x.entities.List(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, name := range erps {
		for _, e := range ents {
			zone, err := time.LoadLocation(e.Timezone)
			if err != nil {
				errs = append(errs, fmt.Errorf("entity %s: zone %q: %w", e.Code, e.Timezone, err))
				continue
			}
			for _, period := range openPeriods(x.now().In(zone)) {
				_, err := x.ExportVouchers(ctx, ExportRequest{ERP: name, Entity: e.ID, Period: period, Push: true})
				if err != nil {
					errs = append(errs, fmt.Errorf("push %s of entity %s to %s: %w", period, e.Code, name, err))
				}
			}
		}
	}
	return errors.Join(errs...)
}

// openPeriods is the month of yesterday and the month of now, once each.
func openPeriods(now time.Time) []string {
	cur, prev := now.Format("2006-01"), now.AddDate(0, 0, -1).Format("2006-01")
	if prev == cur {
		return []string{cur}
	}
	return []string{prev, cur}
}
