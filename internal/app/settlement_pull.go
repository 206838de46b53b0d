package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/settlement/pull"
	"github.com/fnshub/fnshub/internal/shop"
)

// SettlementPulls fetches the shops' settlement files from their
// platforms' APIs, on a schedule or when asked, and imports them through
// the settlement import (docs/adr/0054-settlement-pulls.md). A shop is
// pulled from the sources its settlement_pull setting names.
type SettlementPulls struct {
	settlements *Settlements
	unit        Unit
	creds       Credentials
	opt         SettlementPullOptions

	mu      sync.Mutex
	clients map[string]*channel.Client // by source + "/" + shop: rate limit, pauses and breaker carry between runs
}

// SettlementPullOptions configure the pulls; zero fields take the
// defaults named.
type SettlementPullOptions struct {
	Every    time.Duration // how often a healthy source is pulled: 1 h
	Tick     time.Duration // how often the job looks for sources due: 5 min
	Lookback time.Duration // how far back a source's first pull reaches: 90 days (Amazon keeps reports that long)
	// RetryBase is the wait after a failed run, doubled with each failure
	// in a row up to Every: 1 min.
	RetryBase time.Duration
	// Client is what each source's client is built from (tests: clock,
	// transport). Its clock is a daily source's today (Alipay), so a test
	// that sets Now sets it to the same time.
	Client channel.ClientOptions
	Now    func() time.Time
	// MaxFile caps one downloaded settlement file, decompressed:
	// pull.DefaultMaxFile (1 GiB). TempDir is where downloads are written
	// until imported: os.TempDir().
	MaxFile int64
	TempDir string
}

func (o *SettlementPullOptions) defaults() {
	o.Every = cmpOr(o.Every, time.Hour)
	o.Tick = cmpOr(o.Tick, 5*time.Minute)
	o.Lookback = cmpOr(o.Lookback, 90*24*time.Hour)
	o.RetryBase = cmpOr(o.RetryBase, time.Minute)
	if o.Now == nil {
		o.Now = time.Now
	}
}

// NewSettlementPulls returns the pulls, importing through s.
func NewSettlementPulls(s *Settlements, unit Unit, creds Credentials, opt SettlementPullOptions) *SettlementPulls {
	opt.defaults()
	return &SettlementPulls{settlements: s, unit: unit, creds: creds, opt: opt, clients: map[string]*channel.Client{}}
}

// SourcePull is what one run of one source did.
type SourcePull struct {
	Source  string               `json:"source"`
	Imports []SettlementResult   `json:"imports"` // one per file fetched, oldest first
	State   settlement.PullState `json:"state"`
	Error   string               `json:"error,omitempty"`
}

// ShopPull is what a pull of one shop did, source by source.
type ShopPull struct {
	Shop    string       `json:"shop"`
	Sources []SourcePull `json:"sources"`
}

// In returns p with its times in loc, as the API shows times.
func (p ShopPull) In(loc *time.Location) ShopPull {
	p.Sources = slices.Clone(p.Sources)
	for i := range p.Sources {
		p.Sources[i].State = p.Sources[i].State.In(loc)
	}
	return p
}

// Sources returns the settlement sources a shop's settings say to pull.
func Sources(settings map[string]string) []string {
	var out []string
	for _, s := range strings.Split(settings[pull.SettingSources], ",") {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// PullShop pulls every source of shop id now, whatever their schedule.
// A source's failure is in its SourcePull (and its state), not the error.
// Errors: NotFound (the shop), Conflict (it has no settlement source).
func (p *SettlementPulls) PullShop(ctx context.Context, id string) (ShopPull, error) {
	sh, err := p.settlements.shops.Get(ctx, id)
	if err != nil {
		return ShopPull{}, err
	}
	names := Sources(sh.Settings)
	if len(names) == 0 {
		return ShopPull{}, fault.New(fault.Conflict, "settlement_source_missing",
			"shop %s has no settlement source to pull: fnshub shop update %s --setting %s=%s (the sources are: %s)",
			sh.ID, sh.ID, pull.SettingSources, strings.Join(p.fitting(sh), ","), strings.Join(pull.Names(), ", "))
	}
	out := ShopPull{Shop: sh.ID}
	for _, name := range names {
		sp, err := p.pullSource(ctx, sh, name)
		if err != nil {
			return out, err
		}
		out.Sources = append(out.Sources, sp)
	}
	return out, nil
}

// fitting names the sources that serve sh's channel.
func (p *SettlementPulls) fitting(sh shop.Shop) []string {
	var out []string
	for _, n := range pull.Names() {
		if k, _ := pull.Lookup(n); slices.Contains(k.Channels, sh.Channel) {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		return []string{"…"}
	}
	return out
}

// pullSource runs one source of sh: fetch what is new since its cursor,
// import each file, and move the cursor past a file only once its import
// committed. The run's outcome is recorded in the source's state; only a
// failure to record it is returned.
func (p *SettlementPulls) pullSource(ctx context.Context, sh shop.Shop, name string) (SourcePull, error) {
	out := SourcePull{Source: name, Imports: []SettlementResult{}}
	var state settlement.PullState
	if err := p.unit.Read(ctx, func(s Stores) (err error) { state, err = s.Settlements.PullState(ctx, sh.ID, name); return err }); err != nil {
		return out, err
	}
	now := p.opt.Now().UTC()
	runErr := p.fetch(ctx, sh, name, &state, now, func(r SettlementResult) { out.Imports = append(out.Imports, r) })
	state.LastRunAt = now
	if runErr != nil {
		state.LastError, state.Failures = clipError(runErr), state.Failures+1
	} else {
		state.LastSuccessAt, state.LastError, state.Failures = now, "", 0
	}
	if err := p.save(ctx, state); err != nil {
		return out, err
	}
	out.State, out.Error = state, state.LastError
	return out, nil
}

// fetch builds the source and imports what it fetches, saving the cursor
// after each file.
func (p *SettlementPulls) fetch(ctx context.Context, sh shop.Shop, name string, state *settlement.PullState, now time.Time, done func(SettlementResult)) error {
	src, err := p.source(ctx, sh, name)
	if err != nil {
		return err
	}
	return src.Fetch(ctx, state.Cursor, now.Add(-p.opt.Lookback), func(f pull.File) error {
		if f.Empty() { // nothing to import for what the cursor passes
			state.Cursor = f.Cursor
			return p.save(ctx, *state)
		}
		res, err := p.settlements.ImportSettlement(ctx, SettlementImport{Shop: sh.ID, Format: f.Format, FileName: f.Name,
			Body: f.Reader(), By: "pull:" + name})
		if err != nil {
			return fmt.Errorf("import %s: %w", f.Name, err)
		}
		done(res)
		state.Cursor, state.Imports = f.Cursor, state.Imports+1
		// The import committed; if this write is lost, the next run fetches
		// the file again and its import is a duplicate.
		return p.save(ctx, *state)
	})
}

func (p *SettlementPulls) save(ctx context.Context, s settlement.PullState) error {
	return p.unit.InTx(ctx, func(st Stores) error { return st.Settlements.SavePullState(ctx, s) })
}

// source builds shop sh's source called name from its credentials.
func (p *SettlementPulls) source(ctx context.Context, sh shop.Shop, name string) (pull.Source, error) {
	k, ok := pull.Lookup(name)
	switch {
	case !ok:
		return nil, fault.Invalidf("settings."+pull.SettingSources, "settlement_source_unknown", "no settlement source %q; the sources are: %s", name, strings.Join(pull.Names(), ", "))
	case !slices.Contains(k.Channels, sh.Channel):
		return nil, fault.Invalidf("settings."+pull.SettingSources, "settlement_source_mismatch", "source %s serves %s shops, and shop %s sells on %s",
			name, strings.Join(k.Channels, ", "), sh.ID, sh.Channel)
	}
	settings, secrets, base, err := p.creds.Credentials(ctx, sh.ID)
	if err != nil {
		return nil, err
	}
	if err := missing(sh.ID, channel.Platform{Name: name, Settings: k.Settings, Secrets: k.Secrets}, settings, secrets); err != nil {
		return nil, err
	}
	return k.New(pull.Config{Shop: sh.ID, Settings: settings, Secrets: secrets, BaseURL: base, HTTP: p.client(sh.ID, k),
		MaxFile: p.opt.MaxFile, TempDir: p.opt.TempDir})
}

func (p *SettlementPulls) client(shopID string, k pull.Kind) *channel.Client {
	p.mu.Lock()
	defer p.mu.Unlock()
	key := k.Name + "/" + shopID
	if c := p.clients[key]; c != nil {
		return c
	}
	opt := p.opt.Client
	opt.Platform, opt.Limits = k.Name, k.Limits
	c := pull.NewClient(opt) // downloads stream to a temporary file
	p.clients[key] = c
	return c
}

// clipError is err's text as a state keeps it: one line, at most 500 bytes.
func clipError(err error) string {
	s := strings.ReplaceAll(err.Error(), "\n", "; ")
	if len(s) > 500 {
		s = s[:500] + "…"
	}
	return s
}

// States returns shop id's pull states, by source: what the shop's health
// and GET …/settlement-pull show. Errors: NotFound.
func (p *SettlementPulls) States(ctx context.Context, id string) ([]settlement.PullState, error) {
	sh, err := p.settlements.shops.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	out := []settlement.PullState{}
	err = p.unit.Read(ctx, func(s Stores) error {
		for _, name := range Sources(sh.Settings) {
			st, err := s.Settlements.PullState(ctx, sh.ID, name)
			if err != nil {
				return err
			}
			out = append(out, st)
		}
		return nil
	})
	return out, err
}
