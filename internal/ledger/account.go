// Package ledger owns fnshub's double-entry books: the chart of accounts,
// balanced append-only journal entries chained by hash, balances and the
// invariants that prove them (DESIGN.md §5, invariants 1–2).
package ledger

import (
	"regexp"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
)

// Class is the account class of the Chinese Accounting Standards chart.
type Class string

const (
	Asset      Class = "asset"       // 资产类 1xxx
	Liability  Class = "liability"   // 负债类 2xxx
	Common     Class = "common"      // 共同类 3xxx
	Equity     Class = "equity"      // 所有者权益类 4xxx
	Cost       Class = "cost"        // 成本类 5xxx
	ProfitLoss Class = "profit_loss" // 损益类 6xxx
)

// Side is debit or credit.
type Side string

const (
	Debit  Side = "debit"
	Credit Side = "credit"
)

// Account is one account of the chart.
type Account struct {
	Code       string    `json:"code"`
	NameZH     string    `json:"name_zh"`
	NameEN     string    `json:"name_en"`
	Class      Class     `json:"class"`
	NormalSide Side      `json:"normal_side"` // the side its balance normally sits on
	CreatedAt  time.Time `json:"created_at"`
}

// accountCode: digits, optionally dotted sub-accounts, as merchants' ERPs use
// ("1122", "1122.01", "112201").
var accountCode = regexp.MustCompile(`^[0-9]{4}([0-9.]{0,27}[0-9])?$`)

// Validate returns an Invalid error naming the first bad field.
func (a Account) Validate() error {
	switch {
	case !accountCode.MatchString(a.Code):
		return fault.Invalidf("code", "account_code_invalid",
			"account code %q must be 4 to 32 digits, sub-accounts separated by '.', e.g. 1122 or 1122.01", a.Code)
	case a.NameZH == "" && a.NameEN == "":
		return fault.Invalidf("name_zh", "account_name_missing", "give the account a name in name_zh, name_en or both")
	case !a.Class.valid():
		return fault.Invalidf("class", "account_class_invalid",
			"class %q is not one of asset, liability, common, equity, cost, profit_loss", a.Class)
	case a.NormalSide != Debit && a.NormalSide != Credit:
		return fault.Invalidf("normal_side", "account_side_invalid", "normal_side %q must be debit or credit", a.NormalSide)
	}
	return nil
}

func (c Class) valid() bool {
	switch c {
	case Asset, Liability, Common, Equity, Cost, ProfitLoss:
		return true
	}
	return false
}
