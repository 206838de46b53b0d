package shopdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/store"
)

// The only queries that touch data_key and sealed are in this file; a
// shop's reads (GetTx, List) take names and dates only.

func insertSecret(ctx context.Context, tx *store.Tx, s shop.SealedSecret) error {
	_, err := tx.Exec(ctx, `INSERT INTO shop_secrets (shop_id, name, key_id, data_key, sealed, set_at, rotated_at)
		VALUES (?, ?, ?, ?, ?, ?, NULL)`, s.ShopID, s.Name, s.KeyID, s.DataKey, s.Value, store.Micros(s.SetAt))
	return err
}

func secretInfos(ctx context.Context, tx *store.Tx, shopID string) ([]shop.SecretInfo, error) {
	out, err := store.CollectTx(ctx, tx, func(r store.Scanner) (shop.SecretInfo, error) {
		var info shop.SecretInfo
		var set int64
		var rotated sql.NullInt64
		err := r.Scan(&info.Name, &set, &rotated)
		info.SetAt, info.RotatedAt = store.Time(set), timeOrNil(rotated)
		return info, err
	}, `SELECT name, set_at, rotated_at FROM shop_secrets WHERE shop_id = ? ORDER BY name`, shopID)
	if out == nil {
		out = []shop.SecretInfo{}
	}
	return out, err
}

func timeOrNil(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := store.Time(v.Int64)
	return &t
}

// PutSecret inserts or replaces one secret, with the shop locked so that a
// count against MaxSecrets holds.
func (s *Store) PutSecret(ctx context.Context, sec shop.SealedSecret) (shop.SecretInfo, error) {
	var info shop.SecretInfo
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := GetTx(ctx, tx, sec.ShopID, true); err != nil {
			return err
		}
		var set int64
		err := tx.QueryRow(ctx, `SELECT set_at FROM shop_secrets WHERE shop_id = ? AND name = ?`, sec.ShopID, sec.Name).Scan(&set)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if err := roomForSecret(ctx, tx, sec.ShopID); err != nil {
				return err
			}
			info = shop.SecretInfo{Name: sec.Name, SetAt: sec.SetAt}
			return insertSecret(ctx, tx, sec)
		case err != nil:
			return err
		}
		at := sec.SetAt
		info = shop.SecretInfo{Name: sec.Name, SetAt: store.Time(set), RotatedAt: &at}
		_, err = tx.Exec(ctx, `UPDATE shop_secrets SET key_id = ?, data_key = ?, sealed = ?, rotated_at = ? WHERE shop_id = ? AND name = ?`,
			sec.KeyID, sec.DataKey, sec.Value, store.Micros(at), sec.ShopID, sec.Name)
		return err
	})
	if err != nil && fault.KindOf(err) == fault.Internal {
		return shop.SecretInfo{}, fmt.Errorf("shopdb: shop %s: put secret %s: %w", sec.ShopID, sec.Name, err)
	}
	return info, err
}

func roomForSecret(ctx context.Context, tx *store.Tx, shopID string) error {
	var n int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM shop_secrets WHERE shop_id = ?`, shopID).Scan(&n); err != nil {
		return err
	}
	if n >= shop.MaxSecrets {
		return fault.Invalidf("name", "secrets_invalid", "shop %s already has %d secrets, the most a shop may have; delete one first", shopID, n)
	}
	return nil
}

// DeleteSecret removes one secret.
func (s *Store) DeleteSecret(ctx context.Context, shopID, name string) error {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := GetTx(ctx, tx, shopID, false); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `DELETE FROM shop_secrets WHERE shop_id = ? AND name = ?`, shopID, name)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err != nil {
				return err
			}
			return fault.New(fault.NotFound, "secret_not_found", "shop %s has no secret %s; list its secrets with GET /api/v1/shops/%s or `fnshub shop secret list --shop %s`", shopID, name, shopID, shopID)
		}
		return nil
	})
	if err != nil && fault.KindOf(err) == fault.Internal {
		return fmt.Errorf("shopdb: shop %s: delete secret %s: %w", shopID, name, err)
	}
	return err
}

const sealedColumns = `shop_id, name, key_id, data_key, sealed, set_at, rotated_at`

func scanSealed(r store.Scanner) (shop.SealedSecret, error) {
	var sec shop.SealedSecret
	var set int64
	var rotated sql.NullInt64
	err := r.Scan(&sec.ShopID, &sec.Name, &sec.KeyID, &sec.DataKey, &sec.Value, &set, &rotated)
	sec.SetAt, sec.RotatedAt = store.Time(set), timeOrNil(rotated)
	return sec, err
}

// GetSealed returns one shop and its sealed secrets in one read.
func (s *Store) GetSealed(ctx context.Context, id string) (sh shop.Shop, sealed []shop.SealedSecret, err error) {
	err = s.db.Read(ctx, func(tx *store.Tx) error {
		if sh, err = GetTx(ctx, tx, id, false); err != nil {
			return err
		}
		sealed, err = store.CollectTx(ctx, tx, scanSealed, `SELECT `+sealedColumns+` FROM shop_secrets WHERE shop_id = ? ORDER BY name`, id)
		return err
	})
	if err != nil && fault.KindOf(err) == fault.Internal {
		return shop.Shop{}, nil, fmt.Errorf("shopdb: shop %s: secrets: %w", id, err)
	}
	return sh, sealed, err
}

// StaleSecrets pages through secrets not under master key keyID.
func (s *Store) StaleSecrets(ctx context.Context, keyID string, after shop.SecretRef, limit int) ([]shop.SealedSecret, error) {
	out, err := store.Collect(ctx, s.db, scanSealed, `SELECT `+sealedColumns+` FROM shop_secrets
		WHERE key_id <> ? AND (shop_id > ? OR (shop_id = ? AND name > ?)) ORDER BY shop_id, name LIMIT ?`,
		keyID, after.ShopID, after.ShopID, after.Name, limit)
	if err != nil {
		return nil, fmt.Errorf("shopdb: secrets under other keys than %s: %w", keyID, err)
	}
	return out, nil
}

// RewrapSecret swaps the sealed data key when nobody changed it since
// sec was read.
func (s *Store) RewrapSecret(ctx context.Context, sec shop.SealedSecret, keyID string, dataKey []byte) (bool, error) {
	var done bool
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE shop_secrets SET key_id = ?, data_key = ? WHERE shop_id = ? AND name = ? AND data_key = ?`,
			keyID, dataKey, sec.ShopID, sec.Name, sec.DataKey)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		done = n == 1
		return err
	})
	if err != nil {
		return false, fmt.Errorf("shopdb: shop %s: re-seal secret %s: %w", sec.ShopID, sec.Name, err)
	}
	return done, nil
}
