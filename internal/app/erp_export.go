package app

import (
	"context"
	"io"
	"net/http"
	"slices"
	"time"

	"github.com/fnshub/fnshub/internal/entity"
	"github.com/fnshub/fnshub/internal/erp"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/pii"
)

// EntryPages is what the voucher export reads of the ledger: an entity's
// entries in chain order, a page at a time.
type EntryPages interface {
	Entries(ctx context.Context, entity, after int64, limit int) ([]ledger.Entry, error)
}

// EntityZones finds the entities, for the zone their books' dates are in.
type EntityZones interface {
	ByID(ctx context.Context, id int64) (entity.Entity, error)
	List(ctx context.Context) ([]entity.Entity, error)
}

// Vouchers exports an entity's journal entries of a month to an ERP
// (docs/adr/0047): as vouchers in the ERP's import file, or pushed over
// its API, each voucher once.
type Vouchers struct {
	entries  EntryPages
	entities EntityZones
	store    erp.Store
	keys     *pii.Keyring
	now      func() time.Time
	// HTTP is the client pushers use; nil for their default.
	HTTP *http.Client
}

// NewVouchers returns the voucher export over its stores.
func NewVouchers(entries EntryPages, entities EntityZones, store erp.Store, keys *pii.Keyring, now func() time.Time) *Vouchers {
	if now == nil {
		now = time.Now
	}
	return &Vouchers{entries: entries, entities: entities, store: store, keys: keys, now: now}
}

// ExportRequest says which vouchers go where.
type ExportRequest struct {
	ERP    string // kingdee, yonyou, netsuite, odoo, or csv (a file only)
	Entity int64  // 0: the default entity
	Period string // YYYY-MM, in the entity's zone
	Push   bool   // push over the ERP's API; otherwise write the file
	Format erp.Format
	Out    io.Writer // the file, when not pushing
}

// ExportResult is what an export did.
type ExportResult struct {
	ERP        string       `json:"erp"`
	Entity     int64        `json:"entity"`
	Period     string       `json:"period"`
	MapVersion int64        `json:"map_version"`
	Vouchers   int          `json:"vouchers"`          // built for the period
	Sent       int          `json:"sent"`              // pushed this time (a push)
	Arrived    int          `json:"already_arrived"`   // skipped: an earlier push got them there
	Results    []erp.Result `json:"results,omitempty"` // per voucher sent, in order
}

// pageSize is how many entries a read of the ledger takes.
const pageSize = 1000

// ExportVouchers builds the period's vouchers and writes them to req.Out in
// the ERP's layout, or pushes those no earlier push got there and records
// each outcome. Nothing is written or pushed when an account is unmapped
// (Invalid, erp.CodeUnmapped, listing them). A push that stops part way
// (the ERP unreachable) records what it did and returns the error: run it
// again to send the rest.
func (x *Vouchers) ExportVouchers(ctx context.Context, req ExportRequest) (ExportResult, error) {
	if err := erp.CheckName("erp", req.ERP); err != nil {
		return ExportResult{}, err
	}
	if req.Entity == 0 {
		req.Entity = ledger.DefaultEntity
	}
	vs, m, err := x.build(ctx, req)
	if err != nil {
		return ExportResult{}, err
	}
	res := ExportResult{ERP: req.ERP, Entity: req.Entity, Period: req.Period, MapVersion: m.Version, Vouchers: len(vs)}
	if !req.Push {
		return res, x.writeFile(ctx, req, vs)
	}
	return x.push(ctx, req, vs, res)
}

func (x *Vouchers) build(ctx context.Context, req ExportRequest) ([]erp.Voucher, erp.Map, error) {
	ent, err := x.entities.ByID(ctx, req.Entity)
	if err != nil {
		return nil, erp.Map{}, err
	}
	zone, err := time.LoadLocation(ent.Timezone)
	if err != nil {
		return nil, erp.Map{}, fault.Invalidf("entity", "timezone_invalid", "entity %s has time zone %q, which this system does not know", ent.Code, ent.Timezone)
	}
	period, err := erp.ParsePeriod(req.Period, zone)
	if err != nil {
		return nil, erp.Map{}, err
	}
	m, err := x.accountMap(ctx, req.ERP)
	if err != nil {
		return nil, erp.Map{}, err
	}
	entries, err := x.periodEntries(ctx, req.Entity, period)
	if err != nil {
		return nil, erp.Map{}, err
	}
	vs, err := erp.Build(entries, m, zone)
	return vs, m, err
}

// accountMap is the ERP's newest map; the plain CSV without one keeps the
// hub's own codes (version 0).
func (x *Vouchers) accountMap(ctx context.Context, name string) (erp.Map, error) {
	m, err := x.store.CurrentMap(ctx, name)
	if fault.KindOf(err) == fault.NotFound && name == erp.CSV {
		return erp.Map{ERP: erp.CSV, Identity: true}, nil
	}
	return m, err
}

// periodEntries reads every entry of entity effective in the period. The
// chain is in posting order, not effective order, so the whole chain is
// read and filtered.
func (x *Vouchers) periodEntries(ctx context.Context, entity int64, p erp.Period) ([]ledger.Entry, error) {
	var out []ledger.Entry
	for after := int64(0); ; {
		page, err := x.entries.Entries(ctx, entity, after, pageSize)
		if err != nil {
			return nil, err
		}
		for _, e := range page {
			if p.Contains(e.EffectiveAt) {
				out = append(out, e)
			}
		}
		if len(page) < pageSize {
			return out, nil
		}
		after = page[len(page)-1].ID
	}
}

func (x *Vouchers) writeFile(ctx context.Context, req ExportRequest, vs []erp.Voucher) error {
	l, err := erp.LayoutOf(req.ERP)
	if err != nil {
		return err
	}
	opts := erp.FileOptions{}
	if c, _, err := x.store.Connection(ctx, req.ERP); err == nil {
		opts = erp.FileOptions{Book: c.Settings["account_book"], VoucherGroup: c.Settings["voucher_word"],
			Subsidiary: c.Settings["subsidiary"], Journal: c.Settings["journal"]}
	} else if fault.KindOf(err) != fault.NotFound {
		return err
	}
	return l.Write(req.Out, req.Format, vs, opts)
}

func (x *Vouchers) push(ctx context.Context, req ExportRequest, vs []erp.Voucher, res ExportResult) (ExportResult, error) {
	if req.ERP == erp.CSV {
		return res, fault.Invalidf("erp", "erp_push_unsupported", "csv is a file layout, not an ERP: leave out --push")
	}
	p, err := x.Pusher(ctx, req.ERP)
	if err != nil {
		return res, err
	}
	done, err := x.store.Pushes(ctx, req.ERP, req.Entity, req.Period)
	if err != nil {
		return res, err
	}
	var todo []erp.Voucher
	for _, v := range vs {
		if i := slices.IndexFunc(done, func(d erp.Push) bool { return d.VoucherID == v.ID }); i >= 0 && done[i].Arrived() {
			res.Arrived++
			continue
		}
		todo = append(todo, v)
	}
	if len(todo) == 0 {
		return res, nil
	}
	results, pushErr := p.Push(ctx, todo)
	res.Results, res.Sent = results, len(results)
	if err := x.store.RecordPushes(ctx, pushRows(req, todo, results, x.now())); err != nil {
		return res, err
	}
	return res, pushErr
}

func pushRows(req ExportRequest, vs []erp.Voucher, rs []erp.Result, at time.Time) []erp.Push {
	out := make([]erp.Push, 0, len(rs))
	for i, r := range rs {
		v := vs[i]
		p := erp.Push{ERP: req.ERP, VoucherID: v.ID, Entity: v.Entity, EntryID: v.EntryID, Period: req.Period,
			MapVersion: v.MappingVersion, Outcome: r.Outcome, ERPRef: r.ERPRef, At: at}
		if r.Err != nil {
			p.Error = r.Err.Error()
		}
		out = append(out, p)
	}
	return out
}
