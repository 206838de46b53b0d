// Package termsdb stores the reconciliation's terms (internal/settlement/terms):
// shop settlement contracts, rule sets and daily exchange rates, in SQLite
// or PostgreSQL through internal/store (docs/adr/0049-finance-settings.md).
package termsdb

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement/terms"
	"github.com/fnshub/fnshub/internal/store"
)

// Store reads and saves the terms.
type Store struct{ db *store.DB }

// New returns a Store over db.
func New(db *store.DB) *Store { return &Store{db: db} }

// Bind returns the terms.TxStore that reads inside tx.
func Bind(tx *store.Tx) terms.TxStore { return bound{tx} }

type bound struct{ tx *store.Tx }

func (b bound) Contract(ctx context.Context, shop string) (terms.Contract, bool, error) {
	cs, err := contracts(ctx, b.tx, shop, true)
	if err != nil || len(cs) == 0 {
		return terms.Contract{}, false, err
	}
	return cs[0], true, nil
}

func (b bound) Rules(ctx context.Context, shop string) (terms.Rules, bool, error) {
	for _, scope := range []string{shop, ""} {
		rs, err := ruleSets(ctx, b.tx, scope, true)
		if err != nil {
			return terms.Rules{}, false, err
		}
		if len(rs) > 0 {
			return rs[0], true, nil
		}
		if shop == "" {
			break
		}
	}
	return terms.Rules{}, false, nil
}

func (b bound) Latest(ctx context.Context, from, to money.Currency, earliest, latest string) (terms.FXRate, bool, error) {
	return latestRate(ctx, b.tx, from, to, earliest, latest)
}

// Contract returns the shop's current saved contract.
func (s *Store) Contract(ctx context.Context, shop string) (c terms.Contract, ok bool, err error) {
	err = s.db.Read(ctx, func(tx *store.Tx) error { c, ok, err = bound{tx}.Contract(ctx, shop); return err })
	return c, ok, err
}

// Contracts returns every saved version of the shop's contract, newest first.
func (s *Store) Contracts(ctx context.Context, shop string) (out []terms.Contract, err error) {
	err = s.db.Read(ctx, func(tx *store.Tx) error { out, err = contracts(ctx, tx, shop, false); return err })
	return out, err
}

// SaveContract saves c as the shop's next version, unless it says what
// the current version says (a duplicate). c must be valid.
func (s *Store) SaveContract(ctx context.Context, c terms.Contract, now time.Time) (saved terms.Saved, err error) {
	if err := c.Validate(); err != nil {
		return terms.Saved{}, err
	}
	rates, known := encodeFees(c)
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		cur, err := contracts(ctx, tx, c.Shop, true)
		if err != nil {
			return err
		}
		if len(cur) == 1 && sameContract(cur[0], c) {
			saved = terms.Saved{Version: cur[0].Version, Duplicate: true}
			return nil
		}
		saved = terms.Saved{Version: 1}
		if len(cur) == 1 {
			saved.Version = cur[0].Version + 1
		}
		_, err = tx.Exec(ctx, `INSERT INTO shop_settlement_contracts (shop, version, commission, fee_rates, known_fees, cycle_days,
			grace_days, fee_tolerance_minor, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.Shop, saved.Version, c.Commission.String(), rates, known, c.CycleDays, c.GraceDays, c.FeeTolerance, store.Micros(now), c.CreatedBy)
		return err
	})
	if err != nil {
		return terms.Saved{}, fmt.Errorf("termsdb: save contract of %s: %w", c.Shop, err)
	}
	return saved, nil
}

// sameContract compares the terms, not who saved them when.
func sameContract(a, b terms.Contract) bool {
	ra, ka := encodeFees(a)
	rb, kb := encodeFees(b)
	return a.Commission.String() == b.Commission.String() && ra == rb && ka == kb && a.CycleDays == b.CycleDays &&
		a.GraceDays == b.GraceDays && a.FeeTolerance == b.FeeTolerance
}

// encodeFees is the stored form of the fee rates and known fees: JSON
// with sorted keys and a sorted, deduplicated list, so equal contracts
// encode alike.
func encodeFees(c terms.Contract) (rates, known string) {
	m := make(map[string]string, len(c.FeeRates))
	for k, v := range c.FeeRates {
		m[k] = v.String()
	}
	r, _ := json.Marshal(m)
	ks := append([]string(nil), c.KnownFees...)
	sort.Strings(ks)
	ks = compact(ks)
	if ks == nil {
		ks = []string{}
	}
	k, _ := json.Marshal(ks)
	return string(r), string(k)
}

func compact(s []string) []string {
	var out []string
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

func contracts(ctx context.Context, tx *store.Tx, shop string, currentOnly bool) ([]terms.Contract, error) {
	q := `SELECT shop, version, commission, fee_rates, known_fees, cycle_days, grace_days, fee_tolerance_minor, created_at, created_by
		FROM shop_settlement_contracts WHERE shop = ? ORDER BY version DESC`
	if currentOnly {
		q += ` LIMIT 1`
	}
	rows, err := tx.Query(ctx, q, shop)
	if err != nil {
		return nil, fmt.Errorf("termsdb: contracts of %s: %w", shop, err)
	}
	defer rows.Close()
	var out []terms.Contract
	for rows.Next() {
		var c terms.Contract
		var commission, rates, known string
		var created int64
		if err := rows.Scan(&c.Shop, &c.Version, &commission, &rates, &known, &c.CycleDays, &c.GraceDays, &c.FeeTolerance, &created, &c.CreatedBy); err != nil {
			return nil, err
		}
		if err := decodeFees(&c, commission, rates, known); err != nil {
			return nil, fmt.Errorf("termsdb: contract %s v%d: %w", c.Shop, c.Version, err)
		}
		c.CreatedAt = store.Time(created)
		out = append(out, c)
	}
	return out, rows.Err()
}

func decodeFees(c *terms.Contract, commission, rates, known string) error {
	var err error
	if c.Commission, err = money.ParseRate(commission); err != nil {
		return err
	}
	var m map[string]string
	if err := json.Unmarshal([]byte(rates), &m); err != nil {
		return err
	}
	c.FeeRates = make(map[string]money.Rate, len(m))
	for k, v := range m {
		if c.FeeRates[k], err = money.ParseRate(v); err != nil {
			return err
		}
	}
	return json.Unmarshal([]byte(known), &c.KnownFees)
}
