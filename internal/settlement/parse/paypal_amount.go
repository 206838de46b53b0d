package parse

import (
	"strings"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement"
)

// amount reads an STL money field: unsigned digits with the direction in
// its CR/DR column. PayPal writes every currency with two implied
// decimals — "100,00 yen and $100.00 USD are both represented as 10000" —
// so the digits are hundredths and are rescaled to the currency's minor
// units: JPY 10000 is ¥100 (a value that is not whole yen is rejected, not
// rounded), KWD 10000 is 100.000. CR is money to the merchant (+), DR
// money taken (−). curCol blank falls back to def.
func (p *paypalParser) amount(col, dcCol, curCol int, def money.Currency) (money.Amount, error) {
	cur := money.Currency(p.get(curCol))
	if cur == "" {
		cur = def
	}
	if !cur.Valid() {
		return money.Amount{}, rowError(paypalName, p.row, p.name(curCol), "%q is not an ISO 4217 currency code", string(cur))
	}
	s := p.get(col)
	if strings.HasPrefix(s, "-") {
		return money.Amount{}, rowError(paypalName, p.row, p.name(col), "%q has a sign; STL amounts are unsigned, the direction is in %s", s, p.name(dcCol))
	}
	hundredths, err := money.ParseMinor(s, "USD")
	if err != nil {
		return money.Amount{}, rowError(paypalName, p.row, p.name(col), "%v", err)
	}
	a, err := rescaleHundredths(hundredths.Minor(), cur)
	if err != nil {
		return money.Amount{}, rowError(paypalName, p.row, p.name(col), "%v", err)
	}
	switch dc := p.get(dcCol); dc {
	case "CR":
		return a, nil
	case "DR":
		if a, err = a.Neg(); err != nil {
			return money.Amount{}, rowError(paypalName, p.row, p.name(col), "%v", err)
		}
		return a, nil
	default:
		return money.Amount{}, rowError(paypalName, p.row, p.name(dcCol), "%q: want CR (credit) or DR (debit)", dc)
	}
}

type rescaleError struct{ msg string }

func (e *rescaleError) Error() string { return e.msg }

func rescaleHundredths(h int64, cur money.Currency) (money.Amount, error) {
	switch exp := cur.Exponent(); {
	case exp == 2:
		return money.New(h, cur), nil
	case exp < 2:
		div := int64(100)
		if exp == 1 {
			div = 10
		}
		if h%div != 0 {
			return money.Amount{}, &rescaleError{"the amount has fractions of a " + string(cur) + " minor unit, which the currency does not have"}
		}
		return money.New(h/div, cur), nil
	default:
		a := money.New(h, cur) // KWD, BHD …: three (or more) decimals
		for ; exp > 2; exp-- {
			var err error
			if a, err = a.Mul(10); err != nil {
				return money.Amount{}, err
			}
		}
		return a, nil
	}
}

// paypalKind maps a transaction event code (T-code) to a kind.
func paypalKind(code string) settlement.Kind {
	switch {
	case strings.HasPrefix(code, "T00") && len(code) == 5:
		return settlement.Sale
	case code == "T1107":
		return settlement.Refund
	case code == "T1201" || code == "T1202":
		return settlement.Adjustment
	case code == "T1105" || code == "T1503":
		return settlement.Reserve
	case code == "T0400":
		return settlement.Transfer
	}
	return settlement.Other
}
