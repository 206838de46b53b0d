package erp

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
)

// CodeUnmapped is the error code of an export refused because hub accounts
// have no ERP account in the map.
const CodeUnmapped = "erp_account_unmapped"

// VoucherID is the hub's id of the voucher of entity's entry: stable, so
// every export and push of the entry names the same voucher.
func VoucherID(entity, entry int64) string { return fmt.Sprintf("FNS-%d-%d", entity, entry) }

// Period is one calendar month of an entity's books, in its zone.
type Period struct {
	Year  int
	Month time.Month
	Zone  *time.Location
}

// ParsePeriod reads "YYYY-MM" in zone. Errors: Invalid on field "period".
func ParsePeriod(s string, zone *time.Location) (Period, error) {
	t, err := time.ParseInLocation("2006-01", s, zone)
	if err != nil || len(s) != 7 {
		return Period{}, fault.Invalidf("period", "period_invalid", "period %q must be a month as YYYY-MM, e.g. 2026-11", s)
	}
	return Period{Year: t.Year(), Month: t.Month(), Zone: zone}, nil
}

// Start is the period's first instant.
func (p Period) Start() time.Time { return time.Date(p.Year, p.Month, 1, 0, 0, 0, 0, p.Zone) }

// End is the instant after the period.
func (p Period) End() time.Time { return p.Start().AddDate(0, 1, 0) }

// String is "YYYY-MM".
func (p Period) String() string { return fmt.Sprintf("%04d-%02d", p.Year, int(p.Month)) }

// Contains reports whether t falls within the period.
func (p Period) Contains(t time.Time) bool { return !t.Before(p.Start()) && t.Before(p.End()) }

// Build turns entries into vouchers through m, one voucher per entry and
// one line per posting, in the order given. Dates are in zone. Nothing is
// built when a posting's hub account has no ERP account in m: the error
// (Invalid, code CodeUnmapped) lists every such account, so one fix of the
// map serves the whole export.
func Build(entries []ledger.Entry, m Map, zone *time.Location) ([]Voucher, error) {
	out := make([]Voucher, 0, len(entries))
	missing := map[string]bool{}
	for _, e := range entries {
		v, err := voucher(e, m, zone, missing)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if len(missing) > 0 {
		return nil, unmapped(m, missing)
	}
	return out, nil
}

func voucher(e ledger.Entry, m Map, zone *time.Location, missing map[string]bool) (Voucher, error) {
	date := e.EffectiveAt.In(zone)
	v := Voucher{ID: VoucherID(e.Entity, e.ID), Entity: e.Entity, EntryID: e.ID, Date: date,
		Period: date.Format("2006-01"), Memo: e.Description, MappingVersion: m.Version}
	for i, p := range e.Postings {
		cur := p.Amount.Currency()
		if i == 0 {
			v.Currency = cur
		} else if cur != v.Currency {
			return Voucher{}, fault.New(fault.Invalid, "erp_voucher_currencies",
				"entry %d mixes %s and %s; an ERP voucher has one currency, so export it by hand", e.ID, v.Currency, cur)
		}
		me, ok := m.Lookup(p.Account, p.Dims)
		if !ok {
			missing[missingKey(p)] = true
			continue
		}
		v.Lines = append(v.Lines, line(p, me, e.Description))
	}
	return v, nil
}

func line(p ledger.Posting, me MapEntry, memo string) Line {
	l := Line{Account: me.Account, HubAccount: p.Account, Memo: memo, Dims: p.Dims, Aux: me.Aux,
		Debit: money.Zero(p.Amount.Currency()), Credit: money.Zero(p.Amount.Currency())}
	if p.Amount.Sign() >= 0 {
		l.Debit = p.Amount
	} else {
		// A posted amount is never math.MinInt64 (the ledger sums and
		// negates every entry when it posts it), so Neg cannot overflow.
		l.Credit, _ = p.Amount.Neg()
	}
	return l
}

// missingKey names the hub account and the dimensions a mapping could
// match on: "6001 (channel tmall, shop T1)".
func missingKey(p ledger.Posting) string {
	var dims []string
	if p.Channel != "" {
		dims = append(dims, "channel "+p.Channel)
	}
	if p.Shop != "" {
		dims = append(dims, "shop "+p.Shop)
	}
	if len(dims) == 0 {
		return p.Account
	}
	return p.Account + " (" + strings.Join(dims, ", ") + ")"
}

func unmapped(m Map, missing map[string]bool) error {
	keys := make([]string, 0, len(missing))
	for k := range missing {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	version := "no account map yet"
	if m.Version > 0 {
		version = fmt.Sprintf("account map version %d", m.Version)
	}
	err := fault.New(fault.Invalid, CodeUnmapped,
		"%s (%s) has no ERP account for hub account(s): %s; add them (PUT /api/v1/erp/%s/account-map) and export again — nothing was exported",
		m.ERP, version, strings.Join(keys, "; "), m.ERP)
	err.Field = "account_map"
	return err
}

// Balanced reports whether v's debits equal its credits.
func (v Voucher) Balanced() bool {
	var d, c int64
	for _, l := range v.Lines {
		d += l.Debit.Minor()
		c += l.Credit.Minor()
	}
	return d == c
}
