// Package piidb stores pii's key checks in SQLite or PostgreSQL through
// internal/store, and knows which columns hold sealed values, to sample
// them on a database sealed before key checks existed. A new sealed column
// belongs in HoldsSealed and, if its AAD can be rebuilt, in Samples.
package piidb

import (
	"context"
	"fmt"
	"strconv"

	"github.com/fnshub/fnshub/internal/pii"
	"github.com/fnshub/fnshub/internal/store"
)

// Store implements pii.CheckStore.
type Store struct{ db *store.DB }

var _ pii.CheckStore = (*Store)(nil)

// New returns a Store over db.
func New(db *store.DB) *Store { return &Store{db: db} }

// KeyChecks lists every key check in key id order.
func (s *Store) KeyChecks(ctx context.Context) ([]pii.KeyCheck, error) {
	out, err := store.Collect(ctx, s.db, func(row store.Scanner) (pii.KeyCheck, error) {
		var c pii.KeyCheck
		var at int64
		err := row.Scan(&c.KeyID, &c.Sealed, &at)
		c.CreatedAt = store.Time(at)
		return c, err
	}, `SELECT key_id, sealed, created_at FROM key_checks ORDER BY key_id`)
	if err != nil {
		return nil, fmt.Errorf("piidb: key checks: %w", err)
	}
	return out, nil
}

// AddKeyCheck stores c unless its key id has a check already.
func (s *Store) AddKeyCheck(ctx context.Context, c pii.KeyCheck) error {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO key_checks (key_id, sealed, created_at) VALUES (?, ?, ?) ON CONFLICT (key_id) DO NOTHING`,
			c.KeyID, c.Sealed, store.Micros(c.CreatedAt))
		return err
	})
	if err != nil {
		return fmt.Errorf("piidb: add key check %s: %w", c.KeyID, err)
	}
	return nil
}

// HoldsSealed reports whether any key check, raw payload (always sealed),
// sealed contact, shop secret or buyer data key is stored.
func (s *Store) HoldsSealed(ctx context.Context) (bool, error) {
	var n int
	err := s.db.Read(ctx, func(tx *store.Tx) error {
		return tx.QueryRow(ctx, `SELECT
			(SELECT COUNT(*) FROM (SELECT 1 FROM key_checks LIMIT 1) a) +
			(SELECT COUNT(*) FROM (SELECT 1 FROM raw_events LIMIT 1) b) +
			(SELECT COUNT(*) FROM (SELECT 1 FROM orders WHERE contact IS NOT NULL LIMIT 1) c) +
			(SELECT COUNT(*) FROM (SELECT 1 FROM shop_secrets LIMIT 1) d) +
			(SELECT COUNT(*) FROM (SELECT 1 FROM buyer_keys WHERE wrapped IS NOT NULL LIMIT 1) e)`).Scan(&n)
	})
	if err != nil {
		return false, fmt.Errorf("piidb: look for sealed data: %w", err)
	}
	return n > 0, nil
}

// Samples returns up to n of the newest buyer data keys, failing those of
// the newest contacts sealed by the master key, and failing those of the
// newest orders' raw payloads. Their AADs follow internal/app: the
// order key for a contact, "raw:" and the order key for a payload.
func (s *Store) Samples(ctx context.Context, n int) ([]pii.Sample, error) {
	type row struct {
		id   int64
		key  string
		blob []byte
	}
	scan := func(r store.Scanner) (row, error) {
		var v row
		return v, r.Scan(&v.id, &v.key, &v.blob)
	}
	out, err := s.keySamples(ctx, n)
	if err != nil || len(out) > 0 {
		return out, err
	}
	// Contacts sealed with a data key are checked through their key;
	// those sealed by the master key before data keys existed directly.
	contacts, err := store.Collect(ctx, s.db, scan,
		`SELECT id, order_key, contact FROM orders WHERE contact IS NOT NULL AND substr(contact, 1, 1) <> ? ORDER BY id DESC LIMIT ?`,
		[]byte{pii.FormatBuyer}, n)
	if err != nil {
		return nil, fmt.Errorf("piidb: sample sealed contacts: %w", err)
	}
	for _, c := range contacts {
		out = append(out, pii.Sample{Where: "contact of order " + strconv.FormatInt(c.id, 10), Blob: c.blob,
			Open: func(k *pii.Keyring) error { _, err := pii.OpenContact(k, c.blob, c.key); return err }})
	}
	if len(out) > 0 {
		return out, nil
	}
	raws, err := store.Collect(ctx, s.db, scan, `SELECT o.id, o.order_key, r.body FROM orders o
		JOIN raw_events r ON r.id = o.raw_event_id ORDER BY o.id DESC LIMIT ?`, n)
	if err != nil {
		return nil, fmt.Errorf("piidb: sample sealed payloads: %w", err)
	}
	for _, r := range raws {
		out = append(out, pii.Sample{Where: "payload of order " + strconv.FormatInt(r.id, 10), Blob: r.blob,
			Open: func(k *pii.Keyring) error { _, err := k.Open(r.blob, []byte("raw:"+r.key)); return err }})
	}
	return out, nil
}

// keySamples returns up to n of the newest live buyer data keys, which the
// master keyring wraps.
func (s *Store) keySamples(ctx context.Context, n int) ([]pii.Sample, error) {
	keys, err := store.Collect(ctx, s.db, scanKey, `SELECT ref, generation, wrapped, key_id, created_at, erased_at
		FROM buyer_keys WHERE wrapped IS NOT NULL ORDER BY created_at DESC, ref LIMIT ?`, n)
	if err != nil {
		return nil, fmt.Errorf("piidb: sample buyer data keys: %w", err)
	}
	out := make([]pii.Sample, 0, len(keys))
	for _, k := range keys {
		out = append(out, pii.Sample{Where: "data key of buyer " + k.Ref, Blob: k.Wrapped,
			Open: func(ring *pii.Keyring) error { _, err := pii.OpenBuyerKey(ring, k); return err }})
	}
	return out, nil
}
