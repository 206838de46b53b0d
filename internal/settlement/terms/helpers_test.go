package terms_test

import "github.com/fnshub/fnshub/internal/money"

func moneyCurrency(s string) money.Currency { return money.Currency(s) }
