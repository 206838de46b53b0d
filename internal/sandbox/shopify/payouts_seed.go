package shopify

import (
	"encoding/json"
	"fmt"
)

// SeedPayouts puts the payouts and adds the balance transactions of a
// JSON document shaped as Shopify's own answers:
// {"payouts":[…],"transactions":[…]}.
func (s *Shop) SeedPayouts(doc []byte) error {
	var seed struct {
		Payouts      []Payout             `json:"payouts"`
		Transactions []BalanceTransaction `json:"transactions"`
	}
	if err := json.Unmarshal(doc, &seed); err != nil {
		return fmt.Errorf("sandbox/shopify: payouts seed: %w", err)
	}
	for _, p := range seed.Payouts {
		s.PutPayout(p)
	}
	for _, t := range seed.Transactions {
		s.AddTransaction(t)
	}
	return nil
}
