package app

import (
	"context"
	"slices"
	"time"

	"github.com/fnshub/fnshub/internal/catalog"
	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/shop"
)

// freshRead is what a shop may publish of the SKUs a round's next listings
// need, and when that was read.
type freshRead struct {
	at        time.Time
	published map[string]int64
}

// readError is a failure to read what a shop may publish: the round stops
// and its listings wait for the retry interval, since no write can be made.
type readError struct{ err error }

func (e readError) Error() string { return "app: read what the shop may publish: " + e.err.Error() }
func (e readError) Unwrap() error { return e.err }

// readAhead is how many of a round's listings one read covers: enough
// that an unthrottled round reads once per window, few enough that a
// throttled one, which reads before every write, reads little.
const readAhead = 64

// targetOf is what listing l of shop may show, from read when it is no
// older than the window, else from a new read of ahead's SKUs.
func (p *StockPush) targetOf(ctx context.Context, shop string, l catalog.Listing, read *freshRead, ahead []listingKey) (int64, error) {
	if read.published == nil || time.Since(read.at) > p.opt.Window {
		p.mu.Lock()
		skus := p.index.skusOf(ahead[:min(len(ahead), readAhead)])
		p.mu.Unlock()
		at := time.Now()
		published, err := p.publishedOf(ctx, shop, skus)
		if err != nil {
			return 0, readError{err}
		}
		read.at, read.published = at, published
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.index.target(l, read.published), nil
}

// publishedOf is what shop may publish of each of skus now.
func (p *StockPush) publishedOf(ctx context.Context, shop string, skus []string) (map[string]int64, error) {
	ps, err := p.stock.PromisesOf(ctx, shop, skus)
	if err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(ps))
	for _, pr := range ps {
		out[pr.SKU] = pr.Published
	}
	return out, nil
}

// skusOf lists the SKUs whose stock the listings show: their own, or
// their bundle's components. p.mu must be held.
func (x *pushIndex) skusOf(keys []listingKey) []string {
	var out []string
	for _, k := range keys {
		sku := x.listings[k].SKU
		if comps := x.components[sku]; len(comps) > 0 {
			for _, c := range comps {
				out = append(out, c.SKU)
			}
			continue
		}
		out = append(out, sku)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// longestTurn is the longest the pusher waits for a shop's turn itself;
// a longer ban is left to the client, which fails the push (to the job
// queue) rather than wait.
const longestTurn = 2 * time.Second

// waitTurn waits until the shop's client would send a call at once — past
// a ban, with a token of its rate limit — so that what is read next is
// sent without the limiter's wait in between. It reports whether it
// waited.
func (p *StockPush) waitTurn(ctx context.Context, shopID, platform string) bool {
	cs, ok := p.conns.(clientStats)
	pl, known := channel.ByName(platform)
	if !ok || !known {
		return false
	}
	waited := false
	for {
		st, ok := cs.Stats(shopID, platform)
		if !ok {
			return waited
		}
		wait := time.Until(st.PausedUntil)
		if pl.Limits.Rate > 0 && st.Tokens < 1 {
			wait = max(wait, time.Duration((1-st.Tokens)/pl.Limits.Rate*float64(time.Second)))
		}
		if wait <= 0 || wait > longestTurn {
			return waited
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return waited
		case <-t.C:
		}
		waited = true
	}
}

// connector returns the shop's kept connector, building it the first
// time. sp.flight must be held.
func (sp *shopPusher) connector(ctx context.Context, sh shop.Shop, platform string) (channel.Connector, error) {
	sp.p.mu.Lock()
	conn := sp.conn
	sp.p.mu.Unlock()
	if conn != nil {
		return conn, nil
	}
	conn, err := sp.p.conns.Connector(ctx, sh, platform)
	if err != nil {
		return nil, err
	}
	sp.p.mu.Lock()
	sp.conn = conn
	sp.p.mu.Unlock()
	return conn, nil
}

func (sp *shopPusher) dropConnector() {
	sp.p.mu.Lock()
	defer sp.p.mu.Unlock()
	sp.conn = nil
}
