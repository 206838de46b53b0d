package erp

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/ledger"
)

// The ERPs the hub exports to. CSV is no ERP: the plain layout of the
// vouchers, for a spreadsheet or an ERP without a layout of its own.
const (
	Kingdee  = "kingdee"
	Yonyou   = "yonyou"
	NetSuite = "netsuite"
	Odoo     = "odoo"
	CSV      = "csv"
)

// Names lists the ERPs an account map and an export can name, in
// documentation order.
func Names() []string { return []string{Kingdee, Yonyou, NetSuite, Odoo, CSV} }

// ValidName reports whether erp is one of Names.
func ValidName(erp string) bool { return slices.Contains(Names(), erp) }

// CheckName returns an Invalid error naming field when erp is unknown.
func CheckName(field, erp string) error {
	if ValidName(erp) {
		return nil
	}
	return fault.Invalidf(field, "erp_unknown", "erp %q is not one of %s", erp, strings.Join(Names(), ", "))
}

// MapEntry maps one hub account, for one channel and/or shop or (both
// empty) for any, to an ERP account and its auxiliary codes.
type MapEntry struct {
	Hub     string            `json:"hub"`               // the hub's account code, e.g. 1122
	Channel string            `json:"channel,omitempty"` // only postings of this channel ("" any)
	Shop    string            `json:"shop,omitempty"`    // only postings of this shop ("" any)
	Account string            `json:"account"`           // the ERP's account code
	Aux     map[string]string `json:"aux,omitempty"`     // the ERP's auxiliary codes for the line
}

// Map is one version of an ERP's account map. Versions count from 1 and
// never change once saved: a change is a new version, and every voucher
// records the version its accounts came from.
type Map struct {
	ERP       string     `json:"erp"`
	Version   int64      `json:"version"`
	Entries   []MapEntry `json:"entries"`
	CreatedAt time.Time  `json:"created_at"`
	// Identity maps every hub account to the same code: the plain CSV's
	// map (version 0) until one is saved.
	Identity bool `json:"-"`
}

// Limits on one map, so a request cannot exhaust a transaction.
const (
	MaxMapEntries = 5000
	maxCodeLen    = 64
	maxAux        = 16
)

// erpCode is an ERP account or auxiliary code: what the ERPs' charts use
// (digits, letters, dots, dashes, underscores), never a quote or comma that
// would break a query filter or a CSV cell.
var erpCode = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z._\-]{0,63}$`)

// auxName is the name of an auxiliary field: an ERP field key.
var auxName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{0,63}$`)

// ValidateEntries checks the entries a merchant sends for one ERP's map and
// returns them sorted (hub, channel, shop). Errors: Invalid, naming the entry.
func ValidateEntries(entries []MapEntry) ([]MapEntry, error) {
	if len(entries) == 0 {
		return nil, fault.Invalidf("entries", "erp_map_empty", "an account map needs at least one entry: hub account → ERP account")
	}
	if len(entries) > MaxMapEntries {
		return nil, fault.Invalidf("entries", "erp_map_too_large", "an account map has at most %d entries; it has %d", MaxMapEntries, len(entries))
	}
	seen := map[[3]string]int{}
	for i, e := range entries {
		if err := validEntry(fmt.Sprintf("entries[%d]", i), e); err != nil {
			return nil, err
		}
		k := [3]string{e.Hub, e.Channel, e.Shop}
		if j, dup := seen[k]; dup {
			return nil, fault.Invalidf(fmt.Sprintf("entries[%d]", i), "erp_map_entry_duplicate",
				"entries[%d] maps hub account %s (channel %q, shop %q) again; keep one", j, e.Hub, e.Channel, e.Shop)
		}
		seen[k] = i
	}
	out := slices.Clone(entries)
	slices.SortFunc(out, func(a, b MapEntry) int {
		return strings.Compare(a.Hub+"\x00"+a.Channel+"\x00"+a.Shop, b.Hub+"\x00"+b.Channel+"\x00"+b.Shop)
	})
	return out, nil
}

func validEntry(field string, e MapEntry) error {
	hub := ledger.Account{Code: e.Hub, NameEN: "x", Class: ledger.Asset, NormalSide: ledger.Debit}
	switch {
	case hub.Validate() != nil:
		return fault.Invalidf(field+".hub", "account_code_invalid", "hub account %q must be 4 to 32 digits, sub-accounts separated by '.', e.g. 1122.01", e.Hub)
	case !erpCode.MatchString(e.Account):
		return fault.Invalidf(field+".account", "erp_account_invalid",
			"ERP account %q must be 1 to 64 letters, digits, '.', '-' or '_', starting with a letter or digit", e.Account)
	case len(e.Channel) > maxCodeLen || len(e.Shop) > maxCodeLen:
		return fault.Invalidf(field, "erp_map_dimension_too_long", "channel and shop are at most %d bytes each", maxCodeLen)
	case len(e.Aux) > maxAux:
		return fault.Invalidf(field+".aux", "erp_aux_too_many", "an entry has at most %d auxiliary codes", maxAux)
	}
	for _, name := range slices.Sorted(maps.Keys(e.Aux)) {
		if !auxName.MatchString(name) {
			return fault.Invalidf(field+".aux", "erp_aux_name_invalid", "auxiliary field %q must be an ERP field key: a letter, then letters, digits or '_'", name)
		}
		if !erpCode.MatchString(e.Aux[name]) {
			return fault.Invalidf(field+".aux."+name, "erp_aux_code_invalid", "auxiliary code %q must be 1 to 64 letters, digits, '.', '-' or '_'", e.Aux[name])
		}
	}
	return nil
}

// Lookup returns the entry for a posting on hub account code with dims:
// the most specific one, shop and channel before shop before channel
// before any.
func (m Map) Lookup(hub string, d ledger.Dims) (MapEntry, bool) {
	if m.Identity {
		return MapEntry{Hub: hub, Account: hub}, true
	}
	best, score := MapEntry{}, -1
	for _, e := range m.Entries {
		if e.Hub != hub || (e.Channel != "" && e.Channel != d.Channel) || (e.Shop != "" && e.Shop != d.Shop) {
			continue
		}
		s := 0
		if e.Shop != "" {
			s += 2
		}
		if e.Channel != "" {
			s++
		}
		if s > score {
			best, score = e, s
		}
	}
	return best, score >= 0
}
