package finance

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/ledger"
)

// Roles lists every role, in documentation order.
func Roles() []Role {
	return []Role{Receivable, Advance, Revenue, OutputVAT, COGS, Inventory, Payable, StockGain, StockLoss,
		InterCompanyReceivable, InterCompanyPayable,
		Cash, PlatformBalance, Commission, PlatformFee, Advertising, ShippingExpense, PlatformReserve,
		SettlementDifference, FXDifference}
}

func (r Role) valid() bool { return slices.Contains(Roles(), r) }

// Map is one version of an entity's account map. Version 0 is the built-in
// default, before the merchant saved one; saved versions count from 1 and
// never change (a change is a new version), so every entry's MapVersion
// keeps telling which accounts its rule used.
type Map struct {
	Entity    int64      `json:"entity"`
	Version   int64      `json:"version"`
	Accounts  []MapEntry `json:"accounts"`
	CreatedAt time.Time  `json:"created_at"`
}

// MapEntry maps a role, for one channel or (channel "") for any, to an account.
type MapEntry struct {
	Role    Role   `json:"role"`
	Channel string `json:"channel"`
	Account string `json:"account"`
}

// DefaultMap is the map an entity posts with until its merchant saves one:
// the accounts fnshub has always used.
func DefaultMap(entity int64) Map {
	if entity == 0 {
		entity = ledger.DefaultEntity
	}
	return Map{Entity: entity, Accounts: []MapEntry{
		{Role: Receivable, Account: "1122"}, {Role: Advance, Account: "2203"}, {Role: Revenue, Account: "6001"},
		{Role: OutputVAT, Account: "2221"}, {Role: COGS, Account: "6401"}, {Role: Inventory, Account: "1405"},
		{Role: Payable, Account: "2202"}, {Role: StockGain, Account: "6301"}, {Role: StockLoss, Account: "6711"},
		{Role: InterCompanyReceivable, Account: "1221"}, {Role: InterCompanyPayable, Account: "2241"},
		// Settlement (docs/adr/0045-reconciliation.md). Platform fees go to
		// 6603 财务费用 because most of them are payment-processing charges
		// (支付宝/微信 服务费, Shopify and PayPal card fees), which the
		// Chinese standards book as 手续费 under financial expenses;
		// commission, ads and shipping are selling costs (6601). A merchant
		// whose fees are mostly fulfilment (Amazon FBA) maps platform_fee
		// to 6601 for that channel.
		{Role: Cash, Account: "1002"}, {Role: PlatformBalance, Account: "1012"},
		{Role: Commission, Account: "6601"}, {Role: PlatformFee, Account: "6603"},
		{Role: Advertising, Account: "6601"}, {Role: ShippingExpense, Account: "6601"},
		// Reserves and differences sit in sub-accounts of 1221 其他应收款:
		// 1221 itself is the inter-company receivable, which must net to
		// zero across the group, and these do not.
		{Role: PlatformReserve, Account: "1221.02"},
		{Role: SettlementDifference, Account: "1221.01"}, {Role: FXDifference, Account: "6603"},
	}}
}

// Account returns the account of role for channel: the channel's own entry,
// else the role's entry for any channel, else — in a version saved before
// the role was added — the default map's account.
func (m Map) Account(role Role, channel string) (string, error) {
	fallback := ""
	for _, e := range m.Accounts {
		if e.Role != role {
			continue
		}
		if e.Channel == channel && channel != "" {
			return e.Account, nil
		}
		if e.Channel == "" {
			fallback = e.Account
		}
	}
	if fallback == "" && m.Version > 0 {
		// A map saved before the role existed: the role keeps its default
		// account, as a role left out when saving does (Complete).
		return DefaultMap(m.Entity).Account(role, channel)
	}
	if fallback == "" {
		return "", fmt.Errorf("finance: account map %d of entity %d maps no account to role %s", m.Version, m.Entity, role)
	}
	return fallback, nil
}

// Complete validates the entries a merchant sends and returns the map they
// make: the default map's accounts for the roles they leave out, then
// theirs. Errors: Invalid, naming the entry.
func Complete(entity int64, entries []MapEntry) (Map, error) {
	m := DefaultMap(entity)
	seen := map[[2]string]int{}
	for i, e := range entries {
		field := fmt.Sprintf("accounts[%d]", i)
		switch {
		case !e.Role.valid():
			return Map{}, fault.Invalidf(field+".role", "role_invalid", "role %q is not one of %v", e.Role, Roles())
		case ledger.Account{Code: e.Account, NameEN: "x", Class: ledger.Asset, NormalSide: ledger.Debit}.Validate() != nil:
			return Map{}, fault.Invalidf(field+".account", "account_code_invalid",
				"account %q must be 4 to 32 digits, sub-accounts separated by '.', e.g. 1122.01", e.Account)
		case len(e.Channel) > 64:
			return Map{}, fault.Invalidf(field+".channel", "channel_invalid", "channel is at most 64 bytes")
		}
		k := [2]string{string(e.Role), e.Channel}
		if j, dup := seen[k]; dup {
			return Map{}, fault.Invalidf(field, "map_entry_duplicate", "accounts[%d] maps role %s for channel %q again; keep one", j, e.Role, e.Channel)
		}
		seen[k] = i
	}
	var out []MapEntry
	for _, d := range m.Accounts {
		if _, given := seen[[2]string{string(d.Role), ""}]; !given {
			out = append(out, d)
		}
	}
	out = append(out, entries...)
	slices.SortFunc(out, func(a, b MapEntry) int {
		if a.Role != b.Role {
			return slices.Index(Roles(), a.Role) - slices.Index(Roles(), b.Role)
		}
		if a.Channel < b.Channel {
			return -1
		}
		if a.Channel > b.Channel {
			return 1
		}
		return 0
	})
	m.Accounts = out
	return m, nil
}

// Codes returns the distinct accounts role maps to in maps.
func Codes(role Role, maps ...Map) []string {
	var out []string
	for _, m := range maps {
		for _, e := range m.Accounts {
			if e.Role == role && !slices.Contains(out, e.Account) {
				out = append(out, e.Account)
			}
		}
	}
	slices.Sort(out)
	return out
}

// TxMaps is what a use case reads of account maps inside its transaction
// (bound by financedb.Bind).
type TxMaps interface {
	// Current returns entity's newest saved map, or its DefaultMap.
	Current(ctx context.Context, entity int64) (Map, error)
}
