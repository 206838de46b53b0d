package app

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"sync"
	"time"

	"github.com/fnshub/fnshub/internal/catalog"
	"github.com/fnshub/fnshub/internal/event"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/shop"
)

// StockPushOptions configure StockPush.
type StockPushOptions struct {
	// Window is how long changes of one listing are gathered before it is
	// pushed; default 20 ms.
	Window time.Duration
	// Refresh is how often the listings are read again, so a new mapping
	// is pushed; default 5 s.
	Refresh time.Duration
	// Retry is how long a shop waits after it could not read what it may
	// publish; default 1 s.
	Retry time.Duration
}

// StockPush publishes each listing's quantity to its shop's platform as
// stock changes (docs/adr/0033-stock-push.md). Changes of one listing are
// coalesced over Window; what is pushed is what the shop may publish
// (available-to-promise, ADR 10), never more; each shop's pushes run one at
// a time, so an older value never lands after a newer one. A push that
// fails is handed to the job queue, which retries it and, in the end,
// keeps it as a dead letter.
type StockPush struct {
	stock *inventory.Service
	cat   *catalog.Service
	shops *shop.Service
	conns Connectors
	unit  Unit
	opt   StockPushOptions

	mu      sync.Mutex
	index   *pushIndex
	state   map[listingKey]*listingState
	pushers map[string]*shopPusher
}

// listingState is what the pusher knows of one listing.
type listingState struct {
	due     time.Time // when its gathered changes are pushed; zero: nothing pending
	changes int       // changes gathered since it was last taken: its urgency under a rate limit
	pushed  int64     // the quantity the platform last confirmed
	known   bool      // pushed is known (not before the first push since start)
	handed  bool      // a push failed and the job queue owns it now
}

// NewStockPush returns the pusher; Start runs it.
func NewStockPush(stock *inventory.Service, cat *catalog.Service, shops *shop.Service, conns Connectors, unit Unit, opt StockPushOptions) *StockPush {
	if opt.Window <= 0 {
		opt.Window = 20 * time.Millisecond
	}
	if opt.Refresh <= 0 {
		opt.Refresh = 5 * time.Second
	}
	if opt.Retry <= 0 {
		opt.Retry = time.Second
	}
	return &StockPush{stock: stock, cat: cat, shops: shops, conns: conns, unit: unit, opt: opt,
		state: map[listingKey]*listingState{}, pushers: map[string]*shopPusher{}}
}

// Subscribe takes stock.changed from the in-process bus.
func (p *StockPush) Subscribe(bus *event.Local) {
	bus.Subscribe("stock.changed", func(ctx context.Context, e event.Event) error {
		var pl struct {
			SKU string `json:"sku"`
		}
		if err := json.Unmarshal(e.Payload, &pl); err != nil {
			return fmt.Errorf("app: stock.changed %d: %w", e.ID, err)
		}
		p.Changed(pl.SKU)
		return nil
	})
}

// Start reads the listings, pushes every listing once (what the platforms
// show is unknown after a start), and keeps the listings fresh until ctx
// ends.
func (p *StockPush) Start(ctx context.Context) error {
	if err := p.refresh(ctx); err != nil {
		return err
	}
	p.All()
	go func() {
		t := time.NewTicker(p.opt.Refresh)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				_ = p.refresh(ctx) // a failed read keeps the index it has
			}
		}
	}()
	return nil
}

func (p *StockPush) refresh(ctx context.Context) error {
	x, err := loadPushIndex(ctx, p.cat, p.shops, p.conns)
	if err != nil {
		return fmt.Errorf("app: read the listings to push: %w", err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	prev := p.index
	p.index = x
	for id, sh := range x.shops {
		sp := p.pusher(ctx, id)
		if prev != nil && !reflect.DeepEqual(prev.shops[id], sh) {
			sp.conn = nil // its settings or address changed: build the connector anew
		}
	}
	return nil
}

// Changed marks every listing that sku's stock feeds to be pushed after
// the window, unless it is already waiting.
func (p *StockPush) Changed(skus ...string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.index == nil {
		return
	}
	now := time.Now()
	for _, sku := range skus {
		for _, k := range p.index.bySKU[sku] {
			p.mark(k, now.Add(p.opt.Window))
		}
	}
}

// All marks every listing to be pushed now (after a start, by the resync).
func (p *StockPush) All() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.index == nil {
		return
	}
	now := time.Now()
	for k := range p.index.listings {
		p.mark(k, now)
	}
}

// mark sets when listing k is pushed: at, unless it is due sooner. A
// listing the job queue owns keeps the mark for when it hands it back.
// p.mu must be held.
func (p *StockPush) mark(k listingKey, at time.Time) {
	st := p.stateOf(k)
	st.changes++
	if !st.due.IsZero() && !st.due.After(at) {
		return
	}
	st.due = at
	if sp := p.pushers[k.Shop]; sp != nil && !st.handed {
		sp.wake()
	}
}

func (p *StockPush) stateOf(k listingKey) *listingState {
	st := p.state[k]
	if st == nil {
		st = &listingState{}
		p.state[k] = st
	}
	return st
}
