package storetest

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/entity/entitydb"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/pii"
	"github.com/fnshub/fnshub/internal/pii/piidb"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/shop/shopdb"
	"github.com/fnshub/fnshub/internal/store"
)

// Secret values the tests write; each is searched for in what is stored.
const (
	tokenA = "shpat_plaintext-token-AAAA-0001"
	tokenB = "shpat_plaintext-token-BBBB-0002"
	hookA  = "whsec_plaintext-hook-AAAA-0003"
)

// TestKeyring is a keyring of one key per id, each key derived from its
// id, for tests that seal.
func TestKeyring(t testing.TB, ids ...string) *pii.Keyring {
	t.Helper()
	keys := make([]pii.Key, len(ids))
	for i, id := range ids {
		secret := bytes.Repeat([]byte(id+"-key-"), pii.KeySize)[:pii.KeySize]
		keys[i] = pii.Key{ID: id, Secret: secret}
	}
	k, err := pii.NewKeyring(keys...)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// ExerciseShopSecrets runs shop settings, base URLs and envelope-sealed
// secrets (ADR 29) against one engine.
func ExerciseShopSecrets(t *testing.T, open Opener) {
	ctx := context.Background()
	services := func(t *testing.T, keys *pii.Keyring) (*store.DB, *shop.Service) {
		db := open(t)
		return db, shop.New(shopdb.New(db), entitydb.New(db), nil).WithKeys(keys)
	}
	withKeys := func(db *store.DB, keys *pii.Keyring) *shop.Service {
		return shop.New(shopdb.New(db), entitydb.New(db), nil).WithKeys(keys)
	}
	addShopify := func(t *testing.T, shops *shop.Service, id string, secrets map[string]string) shop.Shop {
		t.Helper()
		sh, err := shops.CreateWithSecrets(ctx, shop.Shop{ID: id, Channel: "shopify", Name: id,
			Settings:   map[string]string{"shop_domain": id + ".myshopify.com", "api_version": "2025-01"},
			APIBaseURL: "http://127.0.0.1:8081"}, secrets)
		must(t, err)
		return sh
	}

	t.Run("a shop keeps settings, base URL and secrets; reads show names and dates only", func(t *testing.T) {
		t.Parallel()
		_, shops := services(t, TestKeyring(t, "1"))
		created := addShopify(t, shops, "sf-1", map[string]string{"access_token": tokenA, "webhook_secret": hookA})
		got, err := shops.Get(ctx, "sf-1")
		must(t, err)
		for _, sh := range []shop.Shop{created, got} {
			if sh.Settings["shop_domain"] != "sf-1.myshopify.com" || sh.APIBaseURL != "http://127.0.0.1:8081" ||
				len(sh.Secrets) != 2 || sh.Secrets[0].Name != "access_token" || sh.Secrets[1].Name != "webhook_secret" ||
				sh.Secrets[0].SetAt.IsZero() || sh.Secrets[0].RotatedAt != nil || len(sh.Sealed) != 0 {
				t.Fatalf("shop = %+v", sh)
			}
		}
		list, err := shops.List(ctx, "", 10)
		must(t, err)
		if len(list) != 1 || len(list[0].Secrets) != 2 || list[0].Settings["api_version"] != "2025-01" {
			t.Fatalf("list = %+v", list)
		}
		settings, secrets, base, err := shops.Credentials(ctx, "sf-1")
		must(t, err)
		if settings["shop_domain"] != "sf-1.myshopify.com" || secrets["access_token"] != tokenA || secrets["webhook_secret"] != hookA ||
			len(secrets) != 2 || base != "http://127.0.0.1:8081" {
			t.Fatalf("credentials = %v, %d secrets, %q", settings, len(secrets), base)
		}
	})

	t.Run("the stored bytes hold no plaintext secret, and the database counts as sealed", func(t *testing.T) {
		t.Parallel()
		db, shops := services(t, TestKeyring(t, "1"))
		addShopify(t, shops, "sf-1", map[string]string{"access_token": tokenA, "webhook_secret": hookA})
		_, err := shops.SetSecret(ctx, "sf-1", "access_token", tokenB)
		must(t, err)
		for _, table := range []string{"shop_secrets", "shops"} {
			stored := dumpTable(t, db, table)
			for _, v := range []string{tokenA, tokenB, hookA} {
				if bytes.Contains(stored, []byte(v)) {
					t.Fatalf("table %s holds a secret in plain text", table)
				}
			}
		}
		if sealed, err := piidb.New(db).HoldsSealed(ctx); err != nil || !sealed {
			t.Fatalf("HoldsSealed = %v, %v with only shop secrets stored: a lost key file would be replaced", sealed, err)
		}
	})

	t.Run("a sealed secret moved to another shop or name does not open, and the error names where, not what", func(t *testing.T) {
		t.Parallel()
		db, shops := services(t, TestKeyring(t, "1"))
		addShopify(t, shops, "sf-1", map[string]string{"access_token": tokenA, "webhook_secret": hookA})
		addShopify(t, shops, "sf-2", map[string]string{"access_token": tokenB})
		for _, move := range []struct{ from, fromName, to, toName string }{
			{"sf-1", "access_token", "sf-2", "access_token"},   // another shop
			{"sf-1", "webhook_secret", "sf-1", "access_token"}, // another name
		} {
			for _, cols := range [][]string{{"data_key", "sealed"}, {"sealed"}, {"data_key"}} {
				copySealed(t, db, move.from, move.fromName, move.to, move.toName, cols)
				_, _, _, err := shops.Credentials(ctx, move.to)
				if !errors.Is(err, pii.ErrCorrupt) || !strings.Contains(err.Error(), "shop "+move.to) || !strings.Contains(err.Error(), "secret "+move.toName) {
					t.Fatalf("%v moved %s/%s → %s/%s: err = %v", cols, move.from, move.fromName, move.to, move.toName, err)
				}
				for _, v := range []string{tokenA, tokenB, hookA} {
					if strings.Contains(err.Error(), v) {
						t.Fatalf("the error shows a secret value: %v", err)
					}
				}
				_, err = shops.SetSecret(ctx, move.to, move.toName, map[string]string{"sf-1": tokenA, "sf-2": tokenB}[move.to])
				must(t, err) // put it right for the next case
				if _, _, _, err := shops.Credentials(ctx, move.to); err != nil {
					t.Fatalf("after setting it again: %v", err)
				}
			}
		}
	})

	t.Run("rotating a secret keeps set_at, sets rotated_at, and Credentials returns the new value", func(t *testing.T) {
		t.Parallel()
		db := open(t)
		now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
		shops := shop.New(shopdb.New(db), entitydb.New(db), func() time.Time { return now }).WithKeys(TestKeyring(t, "1"))
		addShopify(t, shops, "sf-1", map[string]string{"access_token": tokenA})
		before := dataKeyOf(t, db, "sf-1", "access_token")
		now = now.Add(time.Hour)
		info, err := shops.SetSecret(ctx, "sf-1", "access_token", tokenB)
		must(t, err)
		if !info.SetAt.Equal(now.Add(-time.Hour)) || info.RotatedAt == nil || !info.RotatedAt.Equal(now) {
			t.Fatalf("rotated = %+v", info)
		}
		got, err := shops.Get(ctx, "sf-1")
		must(t, err)
		if len(got.Secrets) != 1 || got.Secrets[0].RotatedAt == nil || !got.Secrets[0].RotatedAt.Equal(now) {
			t.Fatalf("read back = %+v", got.Secrets)
		}
		if bytes.Equal(before, dataKeyOf(t, db, "sf-1", "access_token")) {
			t.Fatal("a rotated value kept its old data key")
		}
		_, secrets, _, err := shops.Credentials(ctx, "sf-1")
		must(t, err)
		if secrets["access_token"] != tokenB {
			t.Fatal("Credentials did not return the rotated value")
		}
	})

	t.Run("a secret is deleted; unknown shops and secrets are not found; bad input names the field", func(t *testing.T) {
		t.Parallel()
		_, shops := services(t, TestKeyring(t, "1"))
		addShopify(t, shops, "sf-1", map[string]string{"access_token": tokenA, "webhook_secret": hookA})
		must(t, shops.DeleteSecret(ctx, "sf-1", "webhook_secret"))
		wantKind(t, shops.DeleteSecret(ctx, "sf-1", "webhook_secret"), fault.NotFound)
		wantKind(t, shops.DeleteSecret(ctx, "nope", "access_token"), fault.NotFound)
		_, err := shops.SetSecret(ctx, "nope", "access_token", tokenA)
		wantKind(t, err, fault.NotFound)
		_, secrets, _, err := shops.Credentials(ctx, "sf-1")
		must(t, err)
		if _, ok := secrets["webhook_secret"]; ok || len(secrets) != 1 {
			t.Fatalf("after delete: %d secrets", len(secrets))
		}
		_, err = shops.SetSecret(ctx, "sf-1", "Access-Token", tokenA)
		wantField(t, err, "name")
		_, err = shops.SetSecret(ctx, "sf-1", "access_token", "")
		wantField(t, err, "value")
		_, err = shops.SetSecret(ctx, "sf-1", "access_token", strings.Repeat("x", shop.MaxSecretBytes+1))
		wantField(t, err, "value")
		_, err = shops.CreateWithSecrets(ctx, shop.Shop{ID: "sf-2", Channel: "shopify", Name: "x"}, map[string]string{"app_secret": ""})
		wantField(t, err, "secrets.app_secret")
		_, err = shops.Create(ctx, shop.Shop{ID: "sf-2", Channel: "shopify", Name: "x", APIBaseURL: "http://user:pw@127.0.0.1"})
		wantField(t, err, "api_base_url")
		_, err = shops.Create(ctx, shop.Shop{ID: "sf-2", Channel: "shopify", Name: "x", Settings: map[string]string{"domain": "a\nb"}})
		wantField(t, err, "settings.domain")
		if _, err := shops.Get(ctx, "sf-2"); !fault.Is(err, fault.NotFound) {
			t.Fatalf("a refused shop was stored: %v", err)
		}
	})

	t.Run("a patch merges settings, removes one given null, and changes the base URL", func(t *testing.T) {
		t.Parallel()
		_, shops := services(t, TestKeyring(t, "1"))
		addShopify(t, shops, "sf-1", nil)
		v, url := "2025-04", ""
		got, err := shops.Update(ctx, "sf-1", shop.Patch{Settings: map[string]*string{"api_version": &v, "shop_domain": nil}, APIBaseURL: &url})
		must(t, err)
		again, err := shops.Get(ctx, "sf-1")
		must(t, err)
		for _, sh := range []shop.Shop{got, again} {
			if len(sh.Settings) != 1 || sh.Settings["api_version"] != "2025-04" || sh.APIBaseURL != "" {
				t.Fatalf("patched = %+v", sh)
			}
		}
		bad := "ftp://127.0.0.1"
		_, err = shops.Update(ctx, "sf-1", shop.Patch{APIBaseURL: &bad})
		wantField(t, err, "api_base_url")
	})

	t.Run("a shop may hold at most MaxSecrets secrets", func(t *testing.T) {
		t.Parallel()
		_, shops := services(t, TestKeyring(t, "1"))
		many := map[string]string{}
		for i := range shop.MaxSecrets {
			many["s"+string(rune('a'+i/26))+string(rune('a'+i%26))] = "v"
		}
		addShopify(t, shops, "sf-1", many)
		_, err := shops.SetSecret(ctx, "sf-1", "one_more", "v")
		wantField(t, err, "name")
		_, err = shops.SetSecret(ctx, "sf-1", "saa", "rotated") // rotating one is still allowed
		must(t, err)
	})

	t.Run("reseal moves every data key under the current master key and leaves the values as sealed", func(t *testing.T) {
		t.Parallel()
		db, old := services(t, TestKeyring(t, "1"))
		addShopify(t, old, "sf-1", map[string]string{"access_token": tokenA, "webhook_secret": hookA})
		addShopify(t, old, "sf-2", map[string]string{"access_token": tokenB})
		valueBefore := sealedValueOf(t, db, "sf-1", "access_token")

		rotated := withKeys(db, TestKeyring(t, "2", "1"))
		rep, err := rotated.Reseal(ctx)
		must(t, err)
		if rep.KeyID != "2" || rep.Resealed != 3 || len(rep.Failed) != 0 {
			t.Fatalf("first reseal = %+v", rep)
		}
		if rep, err := rotated.Reseal(ctx); err != nil || rep.Resealed != 0 {
			t.Fatalf("second reseal = %+v, %v", rep, err)
		}
		if !bytes.Equal(valueBefore, sealedValueOf(t, db, "sf-1", "access_token")) {
			t.Fatal("reseal re-encrypted the value; only the data key should change")
		}
		onlyNew := withKeys(db, TestKeyring(t, "2"))
		_, secrets, _, err := onlyNew.Credentials(ctx, "sf-1")
		must(t, err)
		if secrets["access_token"] != tokenA || secrets["webhook_secret"] != hookA {
			t.Fatal("after reseal the new key alone does not open the secrets")
		}
		_, _, _, err = withKeys(db, TestKeyring(t, "1")).Credentials(ctx, "sf-2")
		if !errors.Is(err, pii.ErrUnknownKey) {
			t.Fatalf("the old key alone still opens a resealed secret: %v", err)
		}
	})

	t.Run("reseal without the old key reports each secret it could not open", func(t *testing.T) {
		t.Parallel()
		db, old := services(t, TestKeyring(t, "1"))
		addShopify(t, old, "sf-1", map[string]string{"access_token": tokenA})
		rep, err := withKeys(db, TestKeyring(t, "2")).Reseal(ctx)
		if !errors.Is(err, pii.ErrUnknownKey) || len(rep.Failed) != 1 || rep.Failed[0] != (shop.SecretRef{ShopID: "sf-1", Name: "access_token"}) ||
			!strings.Contains(err.Error(), "sf-1") || strings.Contains(err.Error(), tokenA) {
			t.Fatalf("reseal without the old key = %+v, %v", rep, err)
		}
	})
}

// dumpTable is every column of every row of table as text, for a search
// for plaintext.
func dumpTable(t *testing.T, db *store.DB, table string) []byte {
	t.Helper()
	var out []byte
	err := db.Read(context.Background(), func(tx *store.Tx) error {
		rows, err := tx.Query(context.Background(), `SELECT * FROM `+table)
		if err != nil {
			return err
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return err
			}
			for _, v := range vals {
				switch v := v.(type) {
				case []byte:
					out = append(out, v...)
				case string:
					out = append(out, v...)
				}
				out = append(out, 0)
			}
		}
		return rows.Err()
	})
	must(t, err)
	if len(out) == 0 {
		t.Fatalf("table %s is empty", table)
	}
	return out
}

// copySealed copies the given sealed columns of one secret row over another.
func copySealed(t *testing.T, db *store.DB, fromShop, fromName, toShop, toName string, cols []string) {
	t.Helper()
	ctx := context.Background()
	must(t, db.InTx(ctx, func(tx *store.Tx) error {
		for _, col := range cols {
			var b []byte
			if err := tx.QueryRow(ctx, `SELECT `+col+` FROM shop_secrets WHERE shop_id = ? AND name = ?`, fromShop, fromName).Scan(&b); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE shop_secrets SET `+col+` = ? WHERE shop_id = ? AND name = ?`, b, toShop, toName); err != nil {
				return err
			}
		}
		return nil
	}))
}

func dataKeyOf(t *testing.T, db *store.DB, shopID, name string) []byte {
	return columnOf(t, db, "data_key", shopID, name)
}

func sealedValueOf(t *testing.T, db *store.DB, shopID, name string) []byte {
	return columnOf(t, db, "sealed", shopID, name)
}

func columnOf(t *testing.T, db *store.DB, col, shopID, name string) []byte {
	t.Helper()
	var b []byte
	must(t, db.Read(context.Background(), func(tx *store.Tx) error {
		return tx.QueryRow(context.Background(), `SELECT `+col+` FROM shop_secrets WHERE shop_id = ? AND name = ?`, shopID, name).Scan(&b)
	}))
	return b
}
