package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/entity/entitydb"
	"github.com/fnshub/fnshub/internal/pii"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/shop/shopdb"
	"github.com/fnshub/fnshub/internal/store/sqlite"
)

func TestCLI_EntitiesAndShops(t *testing.T) {
	c := newCLI(t)
	c.env["FNSHUB_CURRENCY"] = "USD"
	if out := c.mustRun("", "entity", "list"); !strings.Contains(out, "default") || !strings.Contains(out, "USD") {
		t.Fatalf("the default entity does not follow --currency before it has books:\n%s", out)
	}
	c.mustRun("", "entity", "add", "--code", "hk", "--name", "HK Ltd", "--base-currency", "HKD", "--zone", "Asia/Hong_Kong")
	c.mustRun("", "entity", "rename", "--code", "hk", "--name", "HK Trading Ltd")
	if out := c.mustRun("", "entity", "list"); !strings.Contains(out, "HK Trading Ltd") || !strings.Contains(out, "HKD") {
		t.Fatalf("entity list:\n%s", out)
	}
	c.mustRun("", "shop", "add", "--id", "hk-tmall", "--channel", "tmall", "--name", "天猫国际", "--entity", "hk")
	c.mustRun("", "shop", "update", "--id", "hk-tmall", "--active=false", "--name", "天猫国际店")
	out := c.mustRun("", "shop", "list")
	if !strings.Contains(out, "hk-tmall") || !strings.Contains(out, "天猫国际店") || !strings.Contains(out, "inactive") || !strings.Contains(out, "HKD") {
		t.Fatalf("shop list:\n%s", out)
	}
	code, _, errw := c.run(context.Background(), "", "shop", "add", "--id", "x", "--channel", "ebay", "--name", "x")
	if code != exitFailed || !strings.Contains(errw, "channel must be one of tmall") {
		t.Fatalf("unknown channel: exit %d %s", code, errw)
	}
	code, _, errw = c.run(context.Background(), "", "shop", "update", "--name", "x")
	if code != exitUsage || !strings.Contains(errw, "--id is required") {
		t.Fatalf("update without --id: exit %d %s", code, errw)
	}
}

func TestCLI_ImportOrdersForAnUnknownShopIsRefused(t *testing.T) {
	c := newCLI(t)
	c.mustRun("", "import", "skus", writeFile(t, "skus.csv", importSKUs))
	code, out, errw := c.run(context.Background(), "", "import", "orders", writeFile(t, "orders.csv", importOrders))
	if code == exitOK || !strings.Contains(out+errw, "fnshub shop add --id S1 --channel web") {
		t.Fatalf("orders for an unknown shop: exit %d\n%s%s", code, out, errw)
	}
	if n := len(c.storedOrders()); n != 0 {
		t.Fatalf("%d orders stored for an unknown shop", n)
	}
}

func TestCLI_ShopSettingsBaseURLAndSecrets(t *testing.T) {
	c := newCLI(t)
	const token, rotated = "shpat_cli-token-0001", "shpat_cli-rotated-0002"
	c.mustRun("", "shop", "add", "--id", "sf-1", "--channel", "shopify", "--name", "Tea House",
		"--setting", "shop_domain=tea.myshopify.com", "--setting", "api_version=2025-01", "--api-base-url", "http://127.0.0.1:8081")
	if out := c.mustRun(token+"\n", "shop", "secret", "set", "--shop", "sf-1", "--name", "access_token"); !strings.Contains(out, "set secret access_token of shop sf-1") {
		t.Fatalf("set: %s", out)
	}
	if out := c.mustRun(rotated, "shop", "secret", "set", "--shop", "sf-1", "--name", "access_token"); !strings.Contains(out, "rotated secret access_token") {
		t.Fatalf("rotate: %s", out)
	}
	c.mustRun("whsec_cli\r\n", "shop", "secret", "set", "--shop", "sf-1", "--name", "webhook_secret")
	list := c.mustRun("", "shop", "secret", "list", "--shop", "sf-1")
	if !strings.Contains(list, "access_token") || !strings.Contains(list, "webhook_secret") || strings.Contains(list, token) || strings.Contains(list, rotated) {
		t.Fatalf("secret list:\n%s", list)
	}
	c.mustRun("", "shop", "update", "--id", "sf-1", "--setting", "api_version=2025-04", "--setting", "shop_domain=", "--api-base-url", "")

	settings, secrets, base, err := c.credentials(nil, "sf-1")
	if err != nil {
		t.Fatal(err)
	}
	if secrets["access_token"] != rotated || secrets["webhook_secret"] != "whsec_cli" || len(settings) != 1 || settings["api_version"] != "2025-04" || base != "" {
		t.Fatalf("credentials after the CLI: settings %v, base %q, %d secrets (access_token rotated: %v)", settings, base, len(secrets), secrets["access_token"] == rotated)
	}

	c.mustRun("", "shop", "secret", "delete", "--shop", "sf-1", "--name", "webhook_secret")
	if list := c.mustRun("", "shop", "secret", "list", "--shop", "sf-1"); strings.Contains(list, "webhook_secret") {
		t.Fatalf("deleted secret still listed:\n%s", list)
	}
	for _, bad := range []struct {
		stdin, want string
		args        []string
		code        int
	}{
		{"", "standard input is empty", []string{"set", "--shop", "sf-1", "--name", "app_secret"}, exitUsage},
		{strings.Repeat("x", 8<<10+1), "longer than 8192 bytes", []string{"set", "--shop", "sf-1", "--name", "app_secret"}, exitUsage},
		{"v", "--name is required", []string{"set", "--shop", "sf-1"}, exitUsage},
		{"v", "--shop is required", []string{"list"}, exitUsage},
		{"v", "secret name", []string{"set", "--shop", "sf-1", "--name", "App-Secret"}, exitFailed},
		{"v", "shop nope does not exist", []string{"set", "--shop", "nope", "--name", "app_secret"}, exitFailed},
		{"", "has no secret app_secret", []string{"delete", "--shop", "sf-1", "--name", "app_secret"}, exitFailed},
	} {
		code, out, errw := c.run(context.Background(), bad.stdin, append([]string{"shop", "secret"}, bad.args...)...)
		if code != bad.code || !strings.Contains(errw, bad.want) || strings.Contains(out+errw, token) {
			t.Errorf("shop secret %v: exit %d\n%s%s", bad.args, code, out, errw)
		}
	}
	code, _, errw := c.run(context.Background(), "", "shop", "add", "--id", "x", "--channel", "shopify", "--name", "x", "--api-base-url", "ftp://h")
	if code != exitFailed || !strings.Contains(errw, "api_base_url must start with http") {
		t.Fatalf("bad base URL: exit %d %s", code, errw)
	}
	code, _, errw = c.run(context.Background(), "", "shop", "add", "--id", "x", "--channel", "shopify", "--name", "x", "--setting", "novalue")
	if code != exitUsage || !strings.Contains(errw, "KEY=VALUE") {
		t.Fatalf("bad setting: exit %d %s", code, errw)
	}
}

func TestCLI_ShopSecretResealAfterMasterKeyRotation(t *testing.T) {
	c := newCLI(t)
	c.mustRun("", "shop", "add", "--id", "sf-1", "--channel", "shopify", "--name", "Tea House")
	c.mustRun("shpat_one", "shop", "secret", "set", "--shop", "sf-1", "--name", "access_token")
	c.mustRun("whsec_two", "shop", "secret", "set", "--shop", "sf-1", "--name", "webhook_secret")

	file, err := os.ReadFile(filepath.Join(c.env["FNSHUB_DATA"], pii.KeyFileName))
	if err != nil {
		t.Fatal(err)
	}
	var old string
	for line := range strings.Lines(string(file)) {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			old = line
		}
	}
	fresh := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7, 1}, pii.KeySize/2))
	c.env[pii.EnvMasterKey] = "2:" + fresh + "," + old
	if out := c.mustRun("", "shop", "secret", "reseal"); !strings.Contains(out, "re-sealed 2 secrets under master key 2; 0 could not be opened") {
		t.Fatalf("reseal: %s", out)
	}
	if out := c.mustRun("", "shop", "secret", "reseal"); !strings.Contains(out, "re-sealed 0 secrets") {
		t.Fatalf("second reseal: %s", out)
	}
	keys, err := pii.ParseKeyring("2:" + fresh)
	if err != nil {
		t.Fatal(err)
	}
	// The new key alone opens them: nothing is left under the old one.
	_, secrets, _, err := c.credentials(keys, "sf-1")
	if err != nil || secrets["access_token"] != "shpat_one" || secrets["webhook_secret"] != "whsec_two" {
		t.Fatalf("after reseal, the new key alone: %v", err)
	}
}

func TestCLI_ShopSecretHelp(t *testing.T) {
	c := newCLI(t)
	code, _, errw := c.run(context.Background(), "", "shop", "secret", "--help")
	if code != exitOK || !strings.Contains(errw, "Usage: fnshub shop secret set --shop ID --name NAME < value") ||
		!strings.Contains(errw, "standard input") || !strings.Contains(errw, "reseal") {
		t.Fatalf("shop secret --help: exit %d\n%s", code, errw)
	}
	code, _, errw = c.run(context.Background(), "", "shop", "--help")
	if code != exitOK || !strings.Contains(errw, "--setting") || !strings.Contains(errw, "--api-base-url") || !strings.Contains(errw, "fnshub shop secret set") {
		t.Fatalf("shop --help: exit %d\n%s", code, errw)
	}
	if out := c.mustRun("", "--help"); !strings.Contains(out, "shop secret") {
		t.Fatalf("top-level help lacks shop secret:\n%s", out)
	}
	code, _, errw = c.run(context.Background(), "", "shop", "secret", "show", "--shop", "x")
	if code != exitUsage || !strings.Contains(errw, "say 'fnshub shop secret set") {
		t.Fatalf("unknown verb: exit %d %s", code, errw)
	}
}

// credentials opens a shop's credentials in the CLI's database, with keys
// or, when nil, the keys the CLI itself would load.
func (c *cli) credentials(keys *pii.Keyring, id string) (map[string]string, map[string]string, string, error) {
	c.t.Helper()
	if keys == nil {
		var err error
		if keys, err = pii.LoadKeyring(func(k string) string { return c.env[k] }, c.env["FNSHUB_DATA"], pii.RequireKeyFile); err != nil {
			c.t.Fatal(err)
		}
	}
	db, err := sqlite.Open(c.env["FNSHUB_DATA"])
	if err != nil {
		c.t.Fatal(err)
	}
	defer db.Close()
	return shop.New(shopdb.New(db), entitydb.New(db), nil).WithKeys(keys).Credentials(context.Background(), id)
}

func TestCLI_ShopHealth(t *testing.T) {
	c := newCLI(t)
	c.mustRun("", "shop", "add", "--id", "site-1", "--channel", "web", "--name", "官网")
	out := c.mustRun("", "shop", "health", "--id", "site-1")
	var h struct {
		Shop, Platform, Status string
		Reasons                []any
		Pull                   struct{ Pulls bool }
	}
	if err := json.Unmarshal([]byte(out), &h); err != nil {
		t.Fatalf("shop health prints no JSON: %v\n%s", err, out)
	}
	if h.Shop != "site-1" || h.Platform != "generic" || h.Status != "ok" || h.Reasons == nil || h.Pull.Pulls {
		t.Fatalf("shop health:\n%s", out)
	}
	code, _, errw := c.run(context.Background(), "", "shop", "health", "--id", "nope")
	if code != exitFailed || !strings.Contains(errw, "nope") {
		t.Fatalf("health of an unknown shop: exit %d %s", code, errw)
	}
	code, _, errw = c.run(context.Background(), "", "shop", "health")
	if code != exitUsage || !strings.Contains(errw, "--id is required") {
		t.Fatalf("health without --id: exit %d %s", code, errw)
	}
	if _, _, help := c.run(context.Background(), "", "shop", "--help"); !strings.Contains(help, "health --id ID") {
		t.Fatalf("shop --help does not name health:\n%s", help)
	}
}
