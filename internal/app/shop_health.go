package app

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/shop"
)

// Health is how one shop's connection to its platform is going
// (docs/adr/0035-connector-health.md): its pulls, push messages, stock
// pushes, failed jobs and HTTP client, and the status they add up to.
type Health struct {
	Shop     string `json:"shop"`
	Platform string `json:"platform"`
	Verdict
	Since     time.Time    `json:"since,omitzero"` // when the health check first saw this status
	CheckedAt time.Time    `json:"checked_at"`
	Pull      PullHealth   `json:"pull"`
	Webhooks  HookHealth   `json:"webhooks"`
	StockPush PushHealth   `json:"stock_push"`
	Jobs      JobHealth    `json:"jobs"`
	Client    ClientHealth `json:"client"`
	// SettlementPulls are the shop's settlement sources and how their
	// pulls go (docs/adr/0054); none when it has none.
	SettlementPulls []settlement.PullState `json:"settlement_pulls,omitempty"`
}

// Verdict is the status a shop's health adds up to, and why.
type Verdict struct {
	Status  HealthStatus `json:"status"`
	Reasons []Reason     `json:"reasons"` // why it is not ok; [] when it is
}

// HealthStatus is a shop's status.
type HealthStatus string

const (
	StatusOK       HealthStatus = "ok"
	StatusDegraded HealthStatus = "degraded" // working, but behind or failing in part
	StatusDown     HealthStatus = "down"     // the platform is not being reached
)

// Reason is one cause of a status other than ok. Codes are stable; the
// message says what was seen against which threshold.
type Reason struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// PullHealth is how the shop's pulls are going.
type PullHealth struct {
	Pulls         bool      `json:"pulls"` // false: the platform only pushes (generic)
	LastRunAt     time.Time `json:"last_run_at,omitzero"`
	LastSuccessAt time.Time `json:"last_success_at,omitzero"`
	LastError     string    `json:"last_error,omitempty"`
	PulledTo      time.Time `json:"pulled_to,omitzero"`
	LagSeconds    float64   `json:"lag_seconds"` // now less PulledTo; 0 before the first pull
	Orders        int64     `json:"orders"`      // orders read by the pulls, all told
}

// HookHealth is how the shop's push messages are going: the counts of the
// last hour, and the ones still waiting for their job however old.
type HookHealth struct {
	ReceivedLastHour     int       `json:"received_last_hour"`
	PendingLastHour      int       `json:"pending_last_hour"`
	RefusedLastHour      int       `json:"refused_last_hour"`
	Pending              int       `json:"pending"`
	OldestPendingAt      time.Time `json:"oldest_pending_at,omitzero"`
	OldestPendingSeconds float64   `json:"oldest_pending_seconds"`
}

// JobHealth are the shop's failed jobs of the sync kinds.
type JobHealth = job.ShopCounts

// ClientHealth is the shop's HTTP client on this node: its budget, breaker
// and recent error rate.
type ClientHealth struct {
	Active      bool      `json:"active"` // false while no call was made on this node
	Breaker     string    `json:"breaker"`
	Tokens      float64   `json:"rate_limit_tokens"` // the rate limiter's budget now
	PausedUntil time.Time `json:"paused_until,omitzero"`
	Calls       uint64    `json:"calls"`
	Failed      uint64    `json:"failed"`
	Throttled   uint64    `json:"throttled"`
	// ErrorRate is failed calls over calls in the last ErrorWindow (or
	// since the client started, while it is younger).
	ErrorRate     float64 `json:"error_rate"`
	WindowCalls   uint64  `json:"window_calls"`
	WindowSeconds float64 `json:"window_seconds"`
}

// syncKinds are the job kinds that work for one shop; their failures count
// against its health.
var syncKinds = []string{"hook.process", "pull.shop", "stock.push", "shipment.push"}

// ShopJobs counts failed jobs by shop (jobdb.Queue).
type ShopJobs interface {
	ShopCounts(ctx context.Context, kinds []string) (map[string]job.ShopCounts, error)
}

// clientStats reads a shop's client counters (ShopConnectors).
type clientStats interface {
	Stats(shopID, platform string) (channel.Stats, bool)
}

// MonitorOptions configure the Monitor.
type MonitorOptions struct {
	Thresholds Thresholds // zero fields take DefaultThresholds'
	// Every is how often the shop.health job checks every shop; default 30 s.
	Every time.Duration
	Now   func() time.Time
}

// Monitor assembles the shops' health, announces its changes, and
// reports it to /metrics.
type Monitor struct {
	unit    Unit
	shops   *shop.Service
	conns   Connectors
	push    *StockPush // nil: stock pushes are not counted
	jobs    ShopJobs   // nil: failed jobs are not counted
	windows *callWindows
	opt     MonitorOptions
}

// NewMonitor returns the health monitor.
func NewMonitor(unit Unit, shops *shop.Service, conns Connectors, push *StockPush, jobs ShopJobs, opt MonitorOptions) *Monitor {
	opt.Thresholds = opt.Thresholds.withDefaults()
	if opt.Every <= 0 {
		opt.Every = 30 * time.Second
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &Monitor{unit: unit, shops: shops, conns: conns, push: push, jobs: jobs, opt: opt,
		windows: &callWindows{span: opt.Thresholds.ErrorWindow, byKey: map[string][]callSample{}}}
}

// ShopHealth returns shop id's health now. Errors: NotFound.
func (m *Monitor) ShopHealth(ctx context.Context, id string) (Health, error) {
	sh, err := m.shops.Get(ctx, id)
	if err != nil {
		return Health{}, err
	}
	now := m.opt.Now().UTC()
	var in healthInputs
	var hour channel.DeliveryCounts
	err = m.unit.Read(ctx, func(s Stores) error {
		if in, err = readInputs(ctx, s); err != nil {
			return err
		}
		hour, err = s.Sync.DeliveryCounts(ctx, sh.ID, now.Add(-time.Hour))
		return err
	})
	if err != nil {
		return Health{}, fmt.Errorf("app: health of shop %s: %w", sh.ID, err)
	}
	if in.jobs, err = m.failedJobs(ctx); err != nil {
		return Health{}, err
	}
	h := m.assemble(sh, in, now)
	h.Webhooks.ReceivedLastHour, h.Webhooks.PendingLastHour, h.Webhooks.RefusedLastHour = hour.Received, hour.Pending, hour.Refused
	return h, nil
}

// All returns the health of every active shop a connector serves, in a
// few queries whatever the number of shops (no per-shop counts of the last
// hour): for the health check and /metrics.
func (m *Monitor) All(ctx context.Context) ([]Health, error) {
	var in healthInputs
	err := m.unit.Read(ctx, func(s Stores) (err error) {
		in, err = readInputs(ctx, s)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("app: health of the shops: %w", err)
	}
	if in.jobs, err = m.failedJobs(ctx); err != nil {
		return nil, err
	}
	now := m.opt.Now().UTC()
	var out []Health
	for after := ""; ; {
		shops, err := m.shops.List(ctx, after, 500)
		if err != nil {
			return nil, err
		}
		if len(shops) == 0 {
			return out, nil
		}
		for _, sh := range shops {
			if m.platform(sh) != "" && sh.Active {
				out = append(out, m.assemble(sh, in, now))
			}
		}
		after = shops[len(shops)-1].ID
	}
}

// healthInputs are what the database says of every shop's health.
type healthInputs struct {
	watermarks map[string]channel.Watermark
	pending    map[string]channel.PendingDeliveries
	marks      map[string]channel.HealthMark
	jobs       map[string]job.ShopCounts
	settle     map[string][]settlement.PullState // by shop
}

func readInputs(ctx context.Context, s Stores) (in healthInputs, err error) {
	ws, err := s.Sync.Watermarks(ctx)
	if err != nil {
		return in, err
	}
	in.watermarks = make(map[string]channel.Watermark, len(ws))
	for _, w := range ws {
		in.watermarks[w.Shop] = w
	}
	if in.pending, err = s.Sync.PendingDeliveries(ctx); err != nil {
		return in, err
	}
	if in.marks, err = s.Sync.HealthMarks(ctx); err != nil {
		return in, err
	}
	states, err := s.Settlements.PullStates(ctx)
	in.settle = map[string][]settlement.PullState{}
	for _, st := range states {
		in.settle[st.Shop] = append(in.settle[st.Shop], st)
	}
	return in, err
}

func (m *Monitor) failedJobs(ctx context.Context) (map[string]job.ShopCounts, error) {
	if m.jobs == nil {
		return nil, nil
	}
	return m.jobs.ShopCounts(ctx, syncKinds)
}

// assemble puts together shop sh's health from in and this node's pusher
// and client, and judges its status.
func (m *Monitor) assemble(sh shop.Shop, in healthInputs, now time.Time) Health {
	h := Health{Shop: sh.ID, CheckedAt: now, Jobs: in.jobs[sh.ID]}
	h.Platform = m.platform(sh)
	_, h.Pull.Pulls = m.conns.Puller(sh)
	if w, ok := in.watermarks[sh.ID]; ok && h.Pull.Pulls {
		h.Pull = PullHealth{Pulls: true, LastRunAt: w.LastRunAt, LastSuccessAt: w.LastSuccessAt, LastError: w.LastError,
			PulledTo: w.PulledTo, LagSeconds: max(now.Sub(w.PulledTo), 0).Seconds(), Orders: w.Orders}
	}
	if p := in.pending[sh.ID]; p.Count > 0 {
		h.Webhooks.Pending, h.Webhooks.OldestPendingAt = p.Count, p.Oldest
		h.Webhooks.OldestPendingSeconds = max(now.Sub(p.Oldest), 0).Seconds()
	}
	if m.push != nil {
		h.StockPush = m.push.Health(sh.ID)
	}
	h.Client = m.client(sh.ID, h.Platform, now)
	h.SettlementPulls = settlementPulls(sh, in.settle[sh.ID])
	h.Verdict = m.opt.Thresholds.judge(h)
	if mark, ok := in.marks[sh.ID]; ok && mark.Status == string(h.Status) {
		h.Since = mark.ChangedAt
	}
	return h
}

// platform names the connector serving sh: the one it is pulled from, the
// one its channel registered, or else one that serves every channel (the
// generic webhook); "" when none.
func (m *Monitor) platform(sh shop.Shop) string {
	if name, ok := m.conns.Puller(sh); ok {
		return name
	}
	if p, ok := channel.Lookup(sh.Channel); ok {
		return p.Name
	}
	for _, name := range channel.Names() {
		if p, _ := channel.ByName(name); len(p.Channels) == 0 {
			return name
		}
	}
	return ""
}

func (m *Monitor) client(shopID, platform string, now time.Time) ClientHealth {
	cs, ok := m.conns.(clientStats)
	if !ok || platform == "" {
		return ClientHealth{Breaker: "closed"}
	}
	st, ok := cs.Stats(shopID, platform)
	if !ok {
		return ClientHealth{Breaker: "closed"}
	}
	c := ClientHealth{Active: true, Breaker: st.Breaker, Tokens: st.Tokens, Calls: st.Calls, Failed: st.Failed, Throttled: st.Throttled}
	if st.PausedUntil.After(now) {
		c.PausedUntil = st.PausedUntil
	}
	w := m.windows.observe(platform+"/"+shopID, now, st)
	c.WindowCalls, c.WindowSeconds = w.calls, w.span.Seconds()
	if w.calls > 0 {
		c.ErrorRate = float64(w.failed) / float64(w.calls)
	}
	return c
}

// In returns h with its times in loc, for an answer.
func (h Health) In(loc *time.Location) Health {
	at := func(t *time.Time) {
		if !t.IsZero() {
			*t = t.In(loc)
		}
	}
	for _, t := range []*time.Time{&h.Since, &h.CheckedAt, &h.Pull.LastRunAt, &h.Pull.LastSuccessAt, &h.Pull.PulledTo,
		&h.Webhooks.OldestPendingAt, &h.StockPush.LastPushAt, &h.Client.PausedUntil} {
		at(t)
	}
	if h.Reasons == nil {
		h.Reasons = []Reason{}
	}
	h.SettlementPulls = slices.Clone(h.SettlementPulls)
	for i, sp := range h.SettlementPulls {
		h.SettlementPulls[i] = sp.In(loc)
	}
	return h
}

// settlementPulls are the states of the sources sh is set to pull, a
// source not yet run in its zero state; a source no longer set is left out.
func settlementPulls(sh shop.Shop, states []settlement.PullState) []settlement.PullState {
	var out []settlement.PullState
	for _, name := range Sources(sh.Settings) {
		st := settlement.PullState{Shop: sh.ID, Source: name}
		for _, s := range states {
			if s.Source == name {
				st = s
			}
		}
		out = append(out, st)
	}
	return out
}
