// Package money owns exact monetary amounts: int64 minor units plus an
// ISO-4217 currency.
//
// Amounts never pass through binary floating point. Text is parsed by a
// strict, hand-written grammar so that a malformed or over-precise value is
// rejected with an actionable message instead of being guessed at or silently
// rounded. Arithmetic reports overflow and currency mismatch as errors rather
// than wrapping around.
//
// Decimal arithmetic (github.com/shopspring/decimal) appears only inside
// [Rate], for tax and commission rates. A rate meets an amount at exactly two
// named points, [Amount.SplitVAT] and [Amount.MulRate], and each rounds once,
// half away from zero, to the currency's minor unit. Splitting an amount into
// parts uses [Amount.Allocate], whose parts always add back up to the whole.
package money
