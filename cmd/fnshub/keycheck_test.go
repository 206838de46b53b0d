package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/postgres"
	"github.com/fnshub/fnshub/internal/store/sqlite"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// sealSomething imports two SKUs and an order with a buyer's contact, so
// the database holds sealed data.
func (c *cli) sealSomething() {
	c.t.Helper()
	c.mustRun("", "import", "skus", writeFile(c.t, "skus.csv", importSKUs))
	c.addShop("web", "S1")
	c.mustRun("", "import", "orders", writeFile(c.t, "orders.csv", importOrders))
}

// wantKeyRefused checks that args fail at start, saying how to fix the key.
func (c *cli) wantKeyRefused(args ...string) {
	c.t.Helper()
	// A bounded context, so that a serve that wrongly starts still ends.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	code, out, errw := c.run(ctx, "", args...)
	if code != exitFailed || out != "" {
		c.t.Fatalf("fnshub %s with the wrong key: exit %d\n%s%s", strings.Join(args, " "), code, out, errw)
	}
	for _, want := range []string{"master key", "FNSHUB_MASTER_KEY", "master.key", "behind"} {
		if !strings.Contains(errw, want) {
			c.t.Errorf("fnshub %s: the refusal should mention %q:\n%s", strings.Join(args, " "), want, errw)
		}
	}
}

func TestCLI_AMissingKeyFileIsNeverReplacedOverSealedData(t *testing.T) {
	c := newCLI(t)
	c.sealSomething()
	keyFile := filepath.Join(c.env["FNSHUB_DATA"], "master.key")
	saved, err := os.ReadFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(keyFile); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"check"}, {"migrate"}, {"serve", "--addr", "127.0.0.1:0"}} {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		code, _, errw := c.run(ctx, "", args...)
		cancel()
		if code != exitFailed || !strings.Contains(errw, "restore it") || !strings.Contains(errw, "FNSHUB_MASTER_KEY") {
			t.Fatalf("fnshub %s without master.key: exit %d %s", args[0], code, errw)
		}
		if _, err := os.Stat(keyFile); !os.IsNotExist(err) {
			t.Fatalf("fnshub %s made a new master.key over sealed data", args[0])
		}
	}
	// Another key put in its place is refused too.
	if err := os.WriteFile(keyFile, []byte("1:"+masterKey()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c.wantKeyRefused("check")
	if err := os.WriteFile(keyFile, saved, 0o600); err != nil {
		t.Fatal(err)
	}
	c.mustRun("", "check")
}

func TestCLI_AWrongMasterKeyIsRefusedAtStart(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			c := newCLI(t)
			if engine == "postgres" {
				base := os.Getenv(storetest.PostgresURLVar)
				if base == "" {
					t.Skipf("%s not set", storetest.PostgresURLVar)
				}
				c.env["FNSHUB_DB"] = scratchSchemaURL(t, base)
			}
			old, other := masterKey(), masterKey()
			c.env["FNSHUB_MASTER_KEY"] = "1:" + old
			c.sealSomething()

			c.env["FNSHUB_MASTER_KEY"] = "1:" + other
			c.wantKeyRefused("check")
			c.wantKeyRefused("migrate")
			c.wantKeyRefused("serve", "--addr", "127.0.0.1:0")
			c.env["FNSHUB_MASTER_KEY"] = "2:" + other
			c.wantKeyRefused("check")

			c.env["FNSHUB_MASTER_KEY"] = "2:" + other + ",1:" + old // rotation: new key first, old behind
			c.mustRun("", "migrate")
			c.mustRun("", "check")
			c.env["FNSHUB_MASTER_KEY"] = "2:" + other
			c.wantKeyRefused("check") // key 1 sealed data and is gone

			// A database sealed before key checks existed is checked on its
			// sealed rows instead.
			c.clearKeyChecks(engine)
			c.env["FNSHUB_MASTER_KEY"] = "1:" + other
			c.wantKeyRefused("check")
			c.env["FNSHUB_MASTER_KEY"] = "1:" + old
			c.mustRun("", "check")
		})
	}
}

func (c *cli) clearKeyChecks(engine string) {
	c.t.Helper()
	ctx := context.Background()
	var db *store.DB
	var err error
	if engine == "postgres" {
		db, err = postgres.Open(ctx, c.env["FNSHUB_DB"], 1)
	} else {
		db, err = sqlite.Open(c.env["FNSHUB_DATA"])
	}
	if err != nil {
		c.t.Fatal(err)
	}
	defer db.Close()
	if err := db.InTx(ctx, func(tx *store.Tx) error { _, err := tx.Exec(ctx, `DELETE FROM key_checks`); return err }); err != nil {
		c.t.Fatal(err)
	}
}
