package piidb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/pii"
	"github.com/fnshub/fnshub/internal/store"
)

// Bind returns the pii.TxStore that runs every call in tx, so a data key
// created for an order commits with it (docs/adr/0041).
func Bind(tx *store.Tx) pii.TxStore { return bound{tx: tx} }

type bound struct{ tx *store.Tx }

// erasedBody is what an erased raw payload's body becomes: no sealed value
// is empty, so it cannot be mistaken for one.
var erasedBody = []byte{}

func (b bound) BuyerKeys(ctx context.Context, refs []string) (map[string]pii.StoredKey, error) {
	out := make(map[string]pii.StoredKey, len(refs))
	if len(refs) == 0 {
		return out, nil
	}
	args := make([]any, len(refs))
	for i, r := range refs {
		args[i] = r
	}
	keys, err := store.CollectTx(ctx, b.tx, scanKey, `SELECT ref, generation, wrapped, key_id, created_at, erased_at
		FROM buyer_keys WHERE ref IN (`+placeholders(len(refs))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("piidb: load buyer keys: %w", err)
	}
	for _, k := range keys {
		out[k.Ref] = k
	}
	return out, nil
}

func scanKey(row store.Scanner) (pii.StoredKey, error) {
	var k pii.StoredKey
	var gen, created int64
	var erased sql.NullInt64
	if err := row.Scan(&k.Ref, &gen, &k.Wrapped, &k.KeyID, &created, &erased); err != nil {
		return k, err
	}
	k.Generation, k.CreatedAt = uint32(gen), store.Time(created)
	if erased.Valid {
		t := store.Time(erased.Int64)
		k.ErasedAt = &t
	}
	return k, nil
}

func (b bound) CreateBuyerKeys(ctx context.Context, ks []pii.StoredKey) ([]string, error) {
	if len(ks) == 0 {
		return nil, nil
	}
	rows := make([]string, len(ks))
	args := make([]any, 0, 5*len(ks))
	for i, k := range ks {
		rows[i] = "(?, ?, ?, ?, ?)"
		args = append(args, k.Ref, int64(k.Generation), k.Wrapped, k.KeyID, store.Micros(k.CreatedAt))
	}
	created, err := store.CollectTx(ctx, b.tx, func(r store.Scanner) (string, error) {
		var ref string
		return ref, r.Scan(&ref)
	}, `INSERT INTO buyer_keys (ref, generation, wrapped, key_id, created_at) VALUES `+
		strings.Join(rows, ", ")+` ON CONFLICT (ref) DO NOTHING RETURNING ref`, args...)
	if err != nil {
		return nil, fmt.Errorf("piidb: create buyer keys: %w", err)
	}
	return created, nil
}

func (b bound) ReplaceBuyerKey(ctx context.Context, old, next pii.StoredKey) (bool, error) {
	// Matching the old wrapped value (or its absence) makes the write
	// conditional on nobody having erased, renewed or re-wrapped it since.
	match, args := `wrapped IS NULL`, []any(nil)
	if !old.Erased() {
		match, args = `wrapped = ?`, []any{old.Wrapped}
	}
	res, err := b.tx.Exec(ctx, `UPDATE buyer_keys SET generation = ?, wrapped = ?, key_id = ?, created_at = ?
		WHERE ref = ? AND generation = ? AND `+match,
		append([]any{int64(next.Generation), next.Wrapped, next.KeyID, store.Micros(next.CreatedAt), old.Ref, int64(old.Generation)}, args...)...)
	if err != nil {
		return false, fmt.Errorf("piidb: replace a buyer key: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (b bound) StaleBuyerKeys(ctx context.Context, keyID string, limit int) ([]pii.StoredKey, error) {
	keys, err := store.CollectTx(ctx, b.tx, scanKey, `SELECT ref, generation, wrapped, key_id, created_at, erased_at
		FROM buyer_keys WHERE key_id <> ? AND wrapped IS NOT NULL ORDER BY ref LIMIT ?`, keyID, limit)
	if err != nil {
		return nil, fmt.Errorf("piidb: list buyer keys to re-wrap: %w", err)
	}
	return keys, nil
}

// ordersOf is the condition on orders that picks ref's: a buyer's
// pseudonym names its orders by buyer_ref; an order naming no buyer has a
// key of its own, named after its order key (pii.OrderKeyRef).
func ordersOf(ref string) (string, any) {
	if key, ok := strings.CutPrefix(ref, pii.OrderKeyRef("")); ok {
		return `order_key = ? AND buyer_ref = ''`, key
	}
	return `buyer_ref = ?`, ref
}

func (b bound) EraseBuyer(ctx context.Context, ref string, at time.Time) (pii.Erasure, error) {
	e := pii.Erasure{Ref: ref}
	cond, arg := ordersOf(ref)
	err := b.tx.QueryRow(ctx, `SELECT COUNT(*) FROM orders WHERE `+cond, arg).Scan(&e.Orders)
	if err != nil {
		return e, fmt.Errorf("piidb: erase a buyer: count orders: %w", err)
	}
	keys, err := b.BuyerKeys(ctx, []string{ref})
	if err != nil {
		return e, err
	}
	if _, ok := keys[ref]; !ok && e.Orders == 0 {
		return e, nil
	}
	e.Found = true
	steps := []struct {
		what, query string
		args        []any
	}{
		{"destroy the data key", `INSERT INTO buyer_keys (ref, generation, wrapped, key_id, created_at, erased_at) VALUES (?, 1, NULL, '', ?, ?)
			ON CONFLICT (ref) DO UPDATE SET wrapped = NULL, key_id = '',
			erased_at = CASE WHEN buyer_keys.wrapped IS NULL AND buyer_keys.erased_at IS NOT NULL THEN buyer_keys.erased_at ELSE excluded.erased_at END`,
			[]any{ref, store.Micros(at), store.Micros(at)}},
		{"drop corrected receivers", `DELETE FROM order_receivers WHERE order_id IN (SELECT id FROM orders WHERE ` + cond + `)`, []any{arg}},
		// A contact sealed with the data key is gone with it and stays, so
		// the order can say it was erased; one sealed by the master key
		// before data keys existed must go itself.
		{"drop contacts sealed by the master key", `UPDATE orders SET contact = NULL WHERE contact IS NOT NULL AND substr(contact, 1, 1) <> ? AND ` + cond,
			[]any{[]byte{pii.FormatBuyer}, arg}},
		{"empty raw payloads", `UPDATE raw_events SET body = ? WHERE length(body) > 0 AND order_key IN (SELECT order_key FROM orders WHERE ` + cond + `)`,
			[]any{erasedBody, arg}},
	}
	for _, s := range steps {
		if _, err := b.tx.Exec(ctx, s.query, s.args...); err != nil {
			return e, fmt.Errorf("piidb: erase a buyer: %s: %w", s.what, err)
		}
	}
	var erasedAt int64
	err = b.tx.QueryRow(ctx, `SELECT erased_at FROM buyer_keys WHERE ref = ?`, ref).Scan(&erasedAt)
	if err != nil {
		return e, fmt.Errorf("piidb: erase a buyer: read the tombstone: %w", err)
	}
	e.ErasedAt = store.Time(erasedAt)
	err = b.tx.QueryRow(ctx, `SELECT COUNT(*) FROM raw_events WHERE order_key IN (SELECT order_key FROM orders WHERE `+cond+`)`, arg).Scan(&e.RawEvents)
	if err != nil {
		return e, fmt.Errorf("piidb: erase a buyer: count raw payloads: %w", err)
	}
	return e, nil
}

func (b bound) Corrections(ctx context.Context, ids []int64) (map[int64][]byte, error) {
	out := make(map[int64][]byte, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	type row struct {
		id   int64
		blob []byte
	}
	rows, err := store.CollectTx(ctx, b.tx, func(r store.Scanner) (row, error) {
		var v row
		return v, r.Scan(&v.id, &v.blob)
	}, `SELECT order_id, contact FROM order_receivers WHERE order_id IN (`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("piidb: load corrected receivers: %w", err)
	}
	for _, r := range rows {
		out[r.id] = r.blob
	}
	return out, nil
}

func (b bound) SetCorrection(ctx context.Context, id int64, sealed []byte, at time.Time) error {
	_, err := b.tx.Exec(ctx, `INSERT INTO order_receivers (order_id, contact, corrected_at) VALUES (?, ?, ?)
		ON CONFLICT (order_id) DO UPDATE SET contact = excluded.contact, corrected_at = excluded.corrected_at`, id, sealed, store.Micros(at))
	if err != nil {
		return fmt.Errorf("piidb: store a corrected receiver: %w", err)
	}
	return nil
}

func (b bound) DropCorrection(ctx context.Context, id int64) error {
	if _, err := b.tx.Exec(ctx, `DELETE FROM order_receivers WHERE order_id = ?`, id); err != nil {
		return fmt.Errorf("piidb: drop a corrected receiver: %w", err)
	}
	return nil
}

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }
