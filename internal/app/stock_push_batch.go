package app

import (
	"context"
	"errors"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/shop"
)

// shopBatch is a shop whose connector writes many listings in one call
// (channel.BatchStockPusher).
type shopBatch struct {
	b        channel.BatchStockPusher
	sh       shop.Shop
	platform string
}

// batcher returns the shop's connector as a batch writer when it is one.
// A connector that cannot be built is left to the one-listing path, which
// meets the same error and hands the listings to the job queue.
// sp.flight must be held.
func (sp *shopPusher) batcher(ctx context.Context) (shopBatch, bool) {
	sp.p.mu.Lock()
	sh, ok := sp.p.index.shops[sp.shop]
	sp.p.mu.Unlock()
	if !ok {
		return shopBatch{}, false
	}
	platform, _ := sp.p.conns.Puller(sh)
	conn, err := sp.connector(ctx, sh, platform)
	if err != nil {
		return shopBatch{}, false
	}
	b, ok := conn.(channel.BatchStockPusher)
	if !ok || b.MaxStockBatch() < 1 {
		return shopBatch{}, false
	}
	return shopBatch{b, sh, platform}, true
}

// batchPush is one listing of a batch round.
type batchPush struct {
	k    listingKey
	st   *listingState
	push channel.StockPush
}

// pushBatch writes a round's listings in one call: each with the target
// read after the shop's turn came, so it is as fresh as a single write's,
// and Expected as the one-listing path sets it. A listing whose compare
// found another value — and, on a platform that writes a call all or
// none, one left unwritten for it (channel.ErrNotApplied) — is written
// once more in a second call with its target read anew, against the
// value the platform holds; what still fails goes to the job queue.
// sp.flight must be held.
func (p *StockPush) pushBatch(ctx context.Context, sp *shopPusher, sb shopBatch, keys []listingKey) {
	if len(keys) == 0 {
		return
	}
	round, err := p.batchRound(ctx, sb.sh.ID, keys)
	if err == nil && len(round) > 0 && p.waitTurn(ctx, sb.sh.ID, sb.platform) {
		round, err = p.batchRound(ctx, sb.sh.ID, keys) // the wait made the read stale
	}
	if err != nil {
		p.remark(keys, time.Now().Add(p.opt.Retry))
		return
	}
	if len(round) == 0 {
		return
	}
	out := sb.b.PushStocks(ctx, pushesOf(round))
	var again []int
	for i, o := range out {
		var ce *channel.Error
		if errors.Is(o.Err, channel.ErrNotApplied) || (errors.As(o.Err, &ce) && ce.Kind == channel.Conflict && ce.Current != nil) {
			again = append(again, i)
		}
	}
	if len(again) > 0 {
		p.pushAgain(ctx, sb, round, out, again)
	}
	p.settle(ctx, sp, round, out)
}

// pushAgain writes the round's listings at again a second time, in one
// call, and puts their outcomes in out.
func (p *StockPush) pushAgain(ctx context.Context, sb shopBatch, round []batchPush, out []channel.StockOutcome, again []int) {
	p.waitTurn(ctx, sb.sh.ID, sb.platform) // the compares took calls of their own
	keys := make([]listingKey, len(again))
	for j, i := range again {
		keys[j] = round[i].k
	}
	p.mu.Lock()
	skus := p.index.skusOf(keys)
	p.mu.Unlock()
	published, err := p.publishedOf(ctx, sb.sh.ID, skus)
	if err != nil {
		for _, i := range again {
			out[i].Err = readError{err}
		}
		return
	}
	pushes := make([]channel.StockPush, len(again))
	p.mu.Lock()
	for j, i := range again {
		pushes[j] = round[i].push
		if l, ok := p.index.listings[round[i].k]; ok {
			pushes[j].Quantity = p.index.target(l, published)
		}
		var ce *channel.Error
		if errors.As(out[i].Err, &ce) && ce.Kind == channel.Conflict {
			pushes[j].Expected = ce.Current
		}
	}
	p.mu.Unlock()
	for j, o := range sb.b.PushStocks(ctx, pushes) {
		out[again[j]] = o
	}
}

// batchRound reads what the shop may publish of keys' SKUs in one read
// and returns the listings whose platform may show another value, with
// what each is to show. Errors: readError.
func (p *StockPush) batchRound(ctx context.Context, shopID string, keys []listingKey) ([]batchPush, error) {
	p.mu.Lock()
	skus := p.index.skusOf(keys)
	p.mu.Unlock()
	published, err := p.publishedOf(ctx, shopID, skus)
	if err != nil {
		return nil, readError{err}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	var round []batchPush
	for _, k := range keys {
		l, ok := p.index.listings[k]
		if !ok {
			continue
		}
		st := p.stateOf(k)
		target := p.index.target(l, published)
		if st.known && st.pushed == target {
			continue
		}
		push := channel.StockPush{ExternalItemID: k.ItemID, ExternalSKUID: k.SKUID, Quantity: target}
		if st.known {
			pushed := st.pushed
			push.Expected = &pushed
		}
		round = append(round, batchPush{k, st, push})
	}
	return round, nil
}

func pushesOf(round []batchPush) []channel.StockPush {
	out := make([]channel.StockPush, len(round))
	for i, r := range round {
		out[i] = r.push
	}
	return out
}

// settle records what the platform took and hands what failed to the job
// queue, as the one-listing path does for each listing; a listing whose
// target could not be read again waits for the retry interval.
func (p *StockPush) settle(ctx context.Context, sp *shopPusher, round []batchPush, out []channel.StockOutcome) {
	var failed []int
	var reread []listingKey
	drop, took := false, 0
	p.mu.Lock()
	for i, o := range out {
		var re readError
		switch {
		case errors.As(o.Err, &re):
			reread = append(reread, round[i].k)
		case o.Err != nil:
			failed = append(failed, i)
			drop = drop || !channel.IsRetryable(o.Err)
		default:
			round[i].st.pushed, round[i].st.known = o.Result.Quantity, true
			took++
			sp.health.Pushes++
			sp.health.LastPushAt, sp.health.LastError = time.Now().UTC(), ""
		}
	}
	if took > 0 {
		p.reclaim(sp)
	}
	p.mu.Unlock()
	if drop {
		sp.dropConnector() // perhaps new credentials or settings; an outage keeps the connector and what it learnt
	}
	p.remark(reread, time.Now().Add(p.opt.Retry))
	for _, i := range failed {
		p.hand(ctx, sp, round[i].k, out[i].Err)
	}
}
