package app

import (
	"cmp"
	"slices"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
)

// takeDue clears and returns the shop's listings due by now that the job
// queue does not own: all of them, or, with limit > 0, the limit most
// urgent. A listing's urgency is the changes it gathered times how long
// it has been due, so under a rate limit the listings that sell most are
// written most often, and one that sells little still has its turn.
func (p *StockPush) takeDue(shop string, now time.Time, limit int) []listingKey {
	p.mu.Lock()
	defer p.mu.Unlock()
	var keys []listingKey
	for _, k := range p.index.byShop[shop] {
		if st := p.state[k]; st != nil && !st.handed && !st.due.IsZero() && !st.due.After(now) {
			keys = append(keys, k)
		}
	}
	if limit > 0 && len(keys) > limit {
		keys = p.mostUrgent(keys, now, limit)
	}
	for _, k := range keys {
		st := p.state[k]
		st.due, st.changes = time.Time{}, 0
	}
	return keys
}

// anyDue reports whether a listing of shop that the job queue does not
// own is due by now.
func (p *StockPush) anyDue(shop string, now time.Time) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, k := range p.index.byShop[shop] {
		if st := p.state[k]; st != nil && !st.handed && !st.due.IsZero() && !st.due.After(now) {
			return true
		}
	}
	return false
}

// mostUrgent returns the limit most urgent of keys, most urgent first.
// p.mu must be held.
func (p *StockPush) mostUrgent(keys []listingKey, now time.Time, limit int) []listingKey {
	type ranked struct {
		k       listingKey
		urgency float64
	}
	urgency := func(k listingKey) float64 {
		st := p.state[k]
		return float64(st.changes) * (now.Sub(st.due) + time.Millisecond).Seconds()
	}
	if limit == 1 { // the usual round under a rate limit: one pass, no sort
		best, most := 0, urgency(keys[0])
		for i, k := range keys[1:] {
			if u := urgency(k); u > most {
				best, most = i+1, u
			}
		}
		return []listingKey{keys[best]}
	}
	rs := make([]ranked, len(keys))
	for i, k := range keys {
		rs[i] = ranked{k, urgency(k)}
	}
	slices.SortStableFunc(rs, func(a, b ranked) int { return cmp.Compare(b.urgency, a.urgency) })
	out := keys[:limit]
	for i := range out {
		out[i] = rs[i].k
	}
	return out
}

// perRound is how many listings of a shop one round takes: as many as its
// platform's rate limit lets through in a window (at least one), so a
// round ends soon and the next one picks the most urgent again; all of
// them on a platform without a limit.
func (p *StockPush) perRound(platform string) int {
	pl, ok := channel.ByName(platform)
	if !ok || pl.Limits.Rate <= 0 {
		return 0
	}
	return max(1, int(pl.Limits.Rate*p.opt.Window.Seconds()))
}
