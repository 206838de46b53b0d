package app

import (
	"context"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/job"
)

// The sync engine's retry rules (docs/adr/0037-sync-engine-retries.md).
// Every job that calls a platform — processing a push message, pulling a
// shop, pushing a listing's stock, writing a shipment back — gets
// channelAttempts attempts, and an attempt is a call the platform failed:
//
//   - the client did not call at all (the shop is banned, its call rate is
//     used up, the breaker is open): the job is put off until the client
//     would call, without spending an attempt;
//   - the platform throttled the call: put off for as long as it asked, or
//     a second, again without spending one — a throttle is the platform
//     pacing the shop, not failing it;
//   - the platform failed (an outage, a hang, a broken answer): the attempt
//     counts, and the next waits channelRetryBase, doubling each time up
//     to channelRetryMax;
//   - anything else — the hub's own database, a refusal that needs a
//     person — takes the queue's own, short backoff.
const (
	// channelAttempts is how many failed calls a sync-engine job makes
	// before it is a dead letter the jobs API shows and can retry.
	channelAttempts = 8
	// channelRetryBase is the wait after the first failed attempt and
	// channelRetryMax the longest: 30 s, 1, 2, 4, 8, 10, 10 min, so the
	// attempts outlast about half an hour of a platform being down, and a
	// job that met the outage runs again no later than ten minutes after
	// it ends. Past that the dead letter waits for a person, while the
	// reconciliation pull and the stock resync still cover the orders and
	// the stock.
	channelRetryBase = 30 * time.Second
	channelRetryMax  = 10 * time.Minute
	// throttleFloor is the least a throttled job is put off when the
	// platform did not say for how long.
	throttleFloor = time.Second
)

// channelRetry says when a sync-engine job whose attempt number attempt
// failed with err runs again.
func channelRetry(attempt int, err error) error {
	if err == nil {
		return nil
	}
	if wait, ok := channel.NotSent(err); ok {
		return job.Postpone(err, max(wait, throttleFloor))
	}
	switch channel.KindOf(err) {
	case channel.Throttled:
		return job.Postpone(err, max(channel.RetryAfter(err), throttleFloor))
	case channel.Unavailable:
		return job.RetryAfter(err, min(channelRetryBase<<min(max(attempt-1, 0), 10), channelRetryMax))
	}
	return err
}

// registerChannelJob registers fn for T's kind under the sync engine's
// retry rules.
func registerChannelJob[T job.Args](w *job.Workers, fn func(ctx context.Context, a T) error) {
	job.Register(w, func(ctx context.Context, j job.Job, a T) error { return channelRetry(j.Attempt, fn(ctx, a)) })
}
