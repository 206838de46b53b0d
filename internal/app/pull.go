package app

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/shop"
)

// PullOptions configure Pulls.
type PullOptions struct {
	// Every is how often each shop is pulled; default 1 minute.
	Every time.Duration
	// Overlap is how far before its watermark a pull starts, so an order a
	// platform indexes late, or a webhook that never came, is still found;
	// default 10 minutes.
	Overlap time.Duration
	// FirstLookback is how far back a shop's first pull reaches; default
	// 24 hours.
	FirstLookback time.Duration
	// Slice is the longest part of a window paged as one: the watermark
	// moves past each slice as it is finished, so a run cut short (the
	// job's time is up, the platform fails) keeps what it read, and a
	// large window is got through over several runs; default 1 hour.
	Slice time.Duration
	// Concurrency is how many orders of a page are ingested at once, so
	// they share commits; default 32.
	Concurrency int
	Now         func() time.Time
}

// Pulls pulls each shop's changed orders from its platform in windows that
// overlap, behind a watermark per shop; the overlap is also the
// reconciliation that finds what webhooks missed
// (docs/adr/0032-webhook-intake.md).
type Pulls struct {
	orders *Orders
	shops  *shop.Service
	conns  Connectors
	opt    PullOptions
}

// NewPulls returns the pull use cases.
func NewPulls(orders *Orders, shops *shop.Service, conns Connectors, opt PullOptions) *Pulls {
	if opt.Every <= 0 {
		opt.Every = time.Minute
	}
	if opt.Overlap <= 0 {
		opt.Overlap = 10 * time.Minute
	}
	if opt.FirstLookback <= 0 {
		opt.FirstLookback = 24 * time.Hour
	}
	if opt.Slice <= 0 {
		opt.Slice = time.Hour
	}
	if opt.Concurrency <= 0 {
		opt.Concurrency = 32
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &Pulls{orders: orders, shops: shops, conns: conns, opt: opt}
}

// PullResult is what one pull of a shop did.
type PullResult struct {
	Window  channel.Window
	Orders  int // read from the platform
	Refused int // refused by ingestion (kept, to be fixed and replayed)
}

// pullShop pulls one shop; pullDue enqueues it for every shop that is due.
type (
	pullShop struct {
		Shop string `json:"shop"`
	}
	pullDue struct{}
)

func (pullShop) Kind() string { return "pull.shop" }
func (pullDue) Kind() string  { return "pull.due" }

// Register adds the pull jobs to w: every shop that pulls is pulled every
// Every, one pull per shop at a time.
func (p *Pulls) Register(w *job.Workers) {
	registerChannelJob(w, func(ctx context.Context, a pullShop) error {
		_, err := p.Pull(ctx, a.Shop)
		return err
	})
	job.Register(w, func(ctx context.Context, _ job.Job, _ pullDue) error { return p.EnqueueDue(ctx) })
	w.Every(p.opt.Every, pullDue{})
}

// EnqueueDue enqueues a pull of every active shop whose platform pulls,
// unless one is waiting or running already.
func (p *Pulls) EnqueueDue(ctx context.Context) error {
	after := ""
	for {
		shops, err := p.shops.List(ctx, after, 500)
		if err != nil || len(shops) == 0 {
			return err
		}
		err = p.orders.unit.InTx(ctx, func(s Stores) error {
			for _, sh := range shops {
				if _, ok := p.conns.Puller(sh); !ok || !sh.Active {
					continue
				}
				if _, err := s.Jobs.Enqueue(ctx, pullShop{Shop: sh.ID}, &job.Opts{Unique: true, MaxAttempts: channelAttempts}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("app: enqueue the shops' pulls: %w", err)
		}
		after = shops[len(shops)-1].ID
	}
}

// Pull reads the orders shop id's platform changed since its watermark
// (less the overlap) and ingests them, slice by slice, moving the
// watermark past each slice it finishes and at last to when the pull
// started. A failure leaves the watermark after the last finished slice,
// records why, and is returned, so the job tries again; what was ingested
// of the unfinished slice is a duplicate next time.
func (p *Pulls) Pull(ctx context.Context, id string) (PullResult, error) {
	sh, err := p.shops.Lookup(ctx, id)
	if err != nil {
		return PullResult{}, err
	}
	platform, ok := p.conns.Puller(sh)
	if !ok || !sh.Active {
		return PullResult{}, nil
	}
	wm, err := p.watermark(ctx, sh.ID, platform)
	if err != nil {
		return PullResult{}, err
	}
	res, err := p.pull(ctx, sh, platform, &wm)
	wm.LastRunAt, wm.LastError = p.opt.Now().UTC(), ""
	if err != nil {
		wm.LastError = channelMessage(err)
	} else {
		wm.LastSuccessAt = wm.LastRunAt
	}
	// The outcome is kept even when the run's context is done (its time
	// is up), so the shop's health says why its pulls stall.
	if serr := p.save(context.WithoutCancel(ctx), wm); serr != nil && err == nil {
		err = serr
	}
	if err != nil {
		return res, fmt.Errorf("app: pull shop %s: %w", sh.ID, err)
	}
	return res, nil
}

func (p *Pulls) save(ctx context.Context, wm channel.Watermark) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return p.orders.unit.InTx(ctx, func(s Stores) error { return s.Sync.SaveWatermark(ctx, wm) })
}

func (p *Pulls) watermark(ctx context.Context, shopID, platform string) (wm channel.Watermark, err error) {
	var ok bool
	err = p.orders.unit.Read(ctx, func(s Stores) error {
		wm, ok, err = s.Sync.Watermark(ctx, shopID)
		return err
	})
	if err == nil && !ok {
		wm = channel.Watermark{Shop: shopID, Platform: platform, PulledTo: p.opt.Now().UTC().Add(-p.opt.FirstLookback + p.opt.Overlap)}
	}
	wm.Platform = platform
	return wm, err
}

// pull reads the window slice by slice, moving wm past each slice it
// finishes (and saving it, but for the last slice, which Pull saves).
func (p *Pulls) pull(ctx context.Context, sh shop.Shop, platform string, wm *channel.Watermark) (PullResult, error) {
	res := PullResult{Window: channel.Window{From: wm.PulledTo.Add(-p.opt.Overlap), To: p.opt.Now().UTC()}}
	conn, err := p.conns.Connector(ctx, sh, platform)
	if err != nil {
		return res, err
	}
	for _, slice := range cutWindow(res.Window, p.opt.Slice) {
		read, refused, err := p.pullSlice(ctx, conn, sh.ID, platform, slice)
		res.Orders, res.Refused = res.Orders+read, res.Refused+refused
		if err != nil {
			return res, err
		}
		wm.PulledTo, wm.Orders = slice.To, wm.Orders+int64(read)
		if slice.To.Before(res.Window.To) {
			if err := p.save(ctx, *wm); err != nil {
				return res, err
			}
		}
	}
	return res, nil
}

// cutWindow cuts w into equal slices of at most d (and a second). Slices
// meet on whole seconds: platforms keep change times to the second and
// widen a window to whole seconds (Shopify), so a boundary inside a
// second would have both its slices read that second's orders.
func cutWindow(w channel.Window, d time.Duration) []channel.Window {
	span := w.To.Sub(w.From)
	n := max((span+d-1)/d, 1)
	out := make([]channel.Window, 0, n)
	from := w.From
	for i := time.Duration(1); i < n; i++ {
		to := w.From.Add(span / n * i).Truncate(time.Second)
		if to.After(from) {
			out = append(out, channel.Window{From: from, To: to})
			from = to
		}
	}
	return append(out, channel.Window{From: from, To: w.To})
}

// pullSlice pages one slice of a window and ingests each page.
func (p *Pulls) pullSlice(ctx context.Context, conn channel.Connector, shopID, platform string, w channel.Window) (read, refused int, err error) {
	cursor := ""
	for {
		page, err := conn.PullOrders(ctx, w, cursor)
		if err != nil {
			return read, refused, err
		}
		r, err := p.ingestPage(ctx, shopID, platform, page.Orders)
		read, refused = read+len(page.Orders), refused+r
		if err != nil || page.Next == "" {
			return read, refused, err
		}
		cursor = page.Next
	}
}

// ingestPage ingests a page's orders at once, so they share commits. It
// returns how many were refused, or the first error worth retrying on.
func (p *Pulls) ingestPage(ctx context.Context, shopID, platform string, orders []channel.Order) (refused int, err error) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, p.opt.Concurrency)
	for _, o := range orders {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			res := p.orders.Ingest(ctx, Input{Order: o.Order, BuyerID: o.BuyerID, Contact: o.Contact, PaidTotal: o.PaidTotal,
				Source: "pull:" + platform, Raw: o.Raw, Shop: shopID})
			if res.Err == nil {
				return
			}
			r, retry := refusalOr(res.Err)
			mu.Lock()
			defer mu.Unlock()
			if r != nil {
				refused++
			}
			if retry != nil && err == nil {
				err = retry
			}
		})
	}
	wg.Wait()
	return refused, err
}
