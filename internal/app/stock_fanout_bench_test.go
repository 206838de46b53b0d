package app_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/event"
	"github.com/fnshub/fnshub/internal/event/eventdb"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/job/jobdb"
	"github.com/fnshub/fnshub/internal/sandbox"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/fnshub/fnshub/internal/store/unit"
)

// fanoutConfig is one run of BenchmarkStockFanout, from the environment
// (FNSHUB_FANOUT_*), so a quick run can be shorter than the issue's.
type fanoutConfig struct {
	rate       int           // stock changes (reservations) committed per second
	skus       int           // SKUs, each listed on all 8 shops
	before     time.Duration // selling before the outage
	outage     time.Duration // one shop's platform answering 503 to everything
	after      time.Duration // selling after the outage
	unlimited  bool          // FNSHUB_FANOUT_LIMITS=none: no client rate limit (the hub's own latency)
	settleWait time.Duration // how long the listings may take to converge, at the start and the end
}

func fanoutConfigFromEnv(b *testing.B) fanoutConfig {
	c := fanoutConfig{rate: 50_000, skus: 500, before: 10 * time.Second, outage: 60 * time.Second, after: 20 * time.Second,
		settleWait: 15 * time.Minute}
	num := func(name string, v *int) {
		if s := os.Getenv(name); s != "" {
			n, err := strconv.Atoi(s)
			must(b, err)
			*v = n
		}
	}
	dur := func(name string, v *time.Duration) {
		if s := os.Getenv(name); s != "" {
			d, err := time.ParseDuration(s)
			must(b, err)
			*v = d
		}
	}
	num("FNSHUB_FANOUT_RATE", &c.rate)
	num("FNSHUB_FANOUT_SKUS", &c.skus)
	dur("FNSHUB_FANOUT_BEFORE", &c.before)
	dur("FNSHUB_FANOUT_OUTAGE", &c.outage)
	dur("FNSHUB_FANOUT_AFTER", &c.after)
	dur("FNSHUB_FANOUT_SETTLE", &c.settleWait)
	c.unlimited = os.Getenv("FNSHUB_FANOUT_LIMITS") == "none"
	return c
}

// BenchmarkStockFanout is issue 8 item 11: a flash sale commits stock
// changes (reservations, many SKUs, a few hundred per transaction) at
// FNSHUB_FANOUT_RATE a second while the production pusher — subscribed to
// the outbox relay's bus and started as serve starts it, with the real
// connectors and their clients' rate limits — keeps 8 shops' listings at
// what each may publish; one shop's platform is down for
// FNSHUB_FANOUT_OUTAGE mid-run. It runs once whatever b.N, on SQLite
// (FNSHUB_FANOUT_ENGINE=postgres for PostgreSQL), and reports:
// commit-to-request latency (stock_fanout_check_test.go says exactly what
// is measured) for the shops that stayed up and for the one that went
// down, the process's CPU per wall second while selling, writes per shop,
// and how long the down shop took to converge after its outage. It fails
// if a write showed more than its shop could publish, or if any listing
// does not end at what its shop may publish.
//
//	go test -run '^$' -bench StockFanout -benchtime 1x -timeout 60m ./internal/app
func BenchmarkStockFanout(b *testing.B) {
	cfg := fanoutConfigFromEnv(b)
	open := storetest.SQLite
	if os.Getenv("FNSHUB_FANOUT_ENGINE") == "postgres" {
		open = storetest.Postgres
	}
	stock := int64(cfg.rate) * int64((cfg.before+cfg.outage+cfg.after+time.Second)/time.Second) // the hottest SKU could sell out otherwise
	r := newFanoutRig(b, open, cfg.skus, stock, cfg.unlimited)
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	push := r.startPusher(b, runCtx, cfg.unlimited)
	publish := r.publishedTable()

	avail := append([]int64(nil), r.log.initial...)
	start := time.Now()
	r.settle(b, push, avail, publish, cfg.settleWait, "the start")
	b.Logf("start: every listing at what its shop publishes after %v", time.Since(start).Round(time.Millisecond))

	down := r.shops[0]
	cpu0, wall0 := cpuTime(), time.Now()
	var sold, txs int
	seller := &fanoutSeller{r: r, rate: cfg.rate, avail: avail, rnd: rand.New(rand.NewPCG(7, 8)), started: wall0}
	sell := func(d time.Duration) {
		n, t := seller.run(b, time.Now().Add(d))
		sold, txs = sold+n, txs+t
	}
	sell(cfg.before)
	outStart := time.Now()
	down.faults.Chaos(1, sandbox.ServerError)
	sell(cfg.outage)
	down.faults.Chaos(0)
	outEnd := time.Now()
	sell(cfg.after)
	wall, cpu := time.Since(wall0), cpuTime()-cpu0
	r.settle(b, push, avail, publish, cfg.settleWait, "the end")

	r.report(b, fanoutRun{cfg: cfg, sold: sold, txs: txs, wall: wall, cpu: cpu, from: wall0, outStart: outStart, outEnd: outEnd}, publish)
	for _, sh := range r.shops {
		b.Logf("%s health %+v", sh.id, push.Health(sh.id))
	}
}

// startPusher wires the pusher as serve does: the outbox relay follows
// every 10 ms into an in-process bus the pusher subscribes to, and its
// failed pushes go to a job queue.
func (r *fanoutRig) startPusher(b *testing.B, runCtx context.Context, unlimited bool) *app.StockPush {
	_, err := jobdb.Migrate(ctx, r.db)
	must(b, err)
	var conns app.Connectors = r.conns
	if unlimited {
		conns = &unlimitedConnectors{creds: r.hub.shops, clients: map[string]*channel.Client{}}
	}
	push := app.NewStockPush(r.stock, r.cat, r.hub.shops, conns, unit.New(r.db), app.StockPushOptions{})
	w := job.NewWorkers()
	push.Register(w)
	q, err := jobdb.New(r.db, w, jobdb.Config{Workers: 10, Poll: 100 * time.Millisecond})
	must(b, err)
	must(b, q.Start(runCtx))
	b.Cleanup(func() { _ = q.Stop(context.Background()) })
	bus := event.NewLocal()
	push.Subscribe(bus)
	must(b, push.Start(runCtx))
	relay := &event.Relay{Outbox: eventdb.New(r.db), Buses: []event.Bus{bus}, Holder: "bench"}
	go relay.Follow(runCtx, 10*time.Millisecond, func(err error) { b.Logf("relay: %v", err) })
	return push
}

// settle waits until every listing shows what its shop may publish of the
// stock now, failing the benchmark if that takes longer than wait.
func (r *fanoutRig) settle(b *testing.B, push *app.StockPush, avail []int64, publish func(int, int64) int64, wait time.Duration, what string) {
	deadline := time.Now().Add(wait)
	for {
		miss := r.mismatches(avail, publish)
		if len(miss) == 0 {
			return
		}
		if time.Now().After(deadline) {
			b.Errorf("%s: %d listings not at what their shop publishes after %v: %s", what, len(miss), wait, shortList(miss))
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// fanoutSeller commits reservations at rate a second: every 10 ms one
// transaction of what is due (a flash sale's orders, one unit each, over
// many SKUs, the first SKUs hotter), and logs each SKU's available stock
// after each commit that changed it.
type fanoutSeller struct {
	r       *fanoutRig
	rate    int
	avail   []int64
	rnd     *rand.Rand
	started time.Time
	sent    int
}

// maxPerTx bounds a transaction when the seller is behind.
const maxPerTx = 5000

func (s *fanoutSeller) run(b *testing.B, until time.Time) (sold, txs int) {
	u := unit.New(s.r.db)
	touched := make([]int, len(s.avail)) // the transaction number that last logged the SKU
	for now := time.Now(); now.Before(until); now = time.Now() {
		due := int(now.Sub(s.started).Seconds()*float64(s.rate)) - s.sent
		if due <= 0 {
			time.Sleep(time.Millisecond)
			continue
		}
		reqs, skus := s.requests(min(due, maxPerTx))
		var outs []inventory.ReserveOutcome
		err := u.InTx(ctx, func(st app.Stores) error {
			var err error
			outs, err = st.Stock.Reserve(ctx, reqs, time.Now())
			return err
		})
		must(b, err)
		at := time.Now()
		txs++
		s.sent += len(reqs)
		for i, o := range outs {
			if o.Err != nil {
				b.Fatalf("reservation %s refused: %v", reqs[i].Key, o.Err)
			}
			k := skus[i]
			s.avail[k]--
			sold++
			if touched[k] != txs {
				touched[k] = txs
				s.r.log.levels[k] = append(s.r.log.levels[k], levelAt{at: at})
			}
		}
		for k, tx := range touched {
			if tx == txs {
				s.r.log.levels[k][len(s.r.log.levels[k])-1].avail = s.avail[k]
			}
		}
		time.Sleep(time.Until(at.Add(10 * time.Millisecond)))
	}
	return sold, txs
}

func (s *fanoutSeller) requests(n int) ([]inventory.ReserveRequest, []int) {
	reqs, skus := make([]inventory.ReserveRequest, n), make([]int, n)
	for i := range reqs {
		u := s.rnd.Float64()
		k := int(u * u * float64(len(s.avail))) // the first SKUs sell most
		key := "fs-" + strconv.Itoa(s.sent+i)
		reqs[i] = inventory.ReserveRequest{Key: key, Ref: key, Lines: []inventory.Line{{SKU: s.r.skus[k], Warehouse: "SH", Quantity: 1}}}
		skus[i] = k
	}
	return reqs, skus
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

type fanoutRun struct {
	cfg                    fanoutConfig
	sold, txs              int
	wall, cpu              time.Duration
	from, outStart, outEnd time.Time
}

func (r *fanoutRig) report(b *testing.B, run fanoutRun, publish func(int, int64) int64) {
	name := func(k int) string { return r.skus[k] }
	r.log.mu.Lock() // the pusher still runs (the resync): hold its writes while reading
	defer r.log.mu.Unlock()
	var up []time.Duration
	var above []string
	unreflected := 0
	for s, sh := range r.shops {
		res := r.log.analyse(s, publish, run.from, run.from.Add(run.wall), name)
		if s > 0 {
			up = append(up, res.latencies...)
		}
		unreflected += res.unreflected
		for _, a := range res.above {
			above = append(above, sh.id+" "+a)
		}
		b.Logf("%s: %d writes while selling (%.1f/s), latency p50 %v p99 %v max %v over %d falls, %d unreflected, %d above",
			sh.id, res.writes, float64(res.writes)/run.wall.Seconds(), quantile(res.latencies, 0.5), quantile(res.latencies, 0.99),
			quantile(res.latencies, 1), len(res.latencies), res.unreflected, len(res.above))
	}
	conv, ok := r.log.converged(0, publish, run.outEnd)
	b.Logf("sold %d in %d transactions over %v: %.0f changes/s (aim %d); process CPU %v = %.2f cores",
		run.sold, run.txs, run.wall.Round(time.Millisecond), float64(run.sold)/run.wall.Seconds(), run.cfg.rate, run.cpu.Round(time.Millisecond), run.cpu.Seconds()/run.wall.Seconds())
	b.Logf("shops up: commit-to-request p50 %v p99 %v over %d falls; %s down %v, converged %v after (%v)",
		quantile(up, 0.5), quantile(up, 0.99), len(up), r.shops[0].id, run.outEnd.Sub(run.outStart).Round(time.Millisecond), conv.Round(time.Millisecond), ok)
	b.ReportMetric(float64(run.sold)/run.wall.Seconds(), "changes/s")
	b.ReportMetric(float64(quantile(up, 0.5).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(quantile(up, 0.99).Microseconds())/1000, "p99-ms")
	b.ReportMetric(run.cpu.Seconds()/run.wall.Seconds(), "cores")
	b.ReportMetric(conv.Seconds(), "converge-s")
	if len(above) > 0 {
		b.Errorf("%d writes showed more than their shop could publish %v before they arrived: %s", len(above), staleAllowance, shortList(above))
	}
	if !ok {
		b.Errorf("%s never converged after its outage", r.shops[0].id)
	}
}

// unlimitedConnectors builds the real connectors with clients that have
// no rate limit, to measure the hub's own latency (FNSHUB_FANOUT_LIMITS=none).
type unlimitedConnectors struct {
	creds   *shop.Service
	mu      sync.Mutex
	clients map[string]*channel.Client
}

func (c *unlimitedConnectors) Connector(ctx context.Context, sh shop.Shop, platform string) (channel.Connector, error) {
	p, ok := channel.ByName(platform)
	if !ok {
		return nil, fmt.Errorf("no connector %s", platform)
	}
	settings, secrets, base, err := c.creds.Credentials(ctx, sh.ID)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	cl := c.clients[sh.ID]
	if cl == nil {
		cl = channel.NewClient(channel.ClientOptions{Platform: p.Name})
		c.clients[sh.ID] = cl
	}
	c.mu.Unlock()
	return p.New(channel.Config{Shop: sh.ID, Channel: sh.Channel, Settings: settings, Secrets: secrets, BaseURL: base, HTTP: cl})
}

func (c *unlimitedConnectors) Puller(sh shop.Shop) (string, bool) {
	p, ok := channel.Lookup(sh.Channel)
	if !ok || p.PushOnly {
		return "", false
	}
	return p.Name, true
}
