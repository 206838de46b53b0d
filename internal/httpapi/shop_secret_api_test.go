package httpapi

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/entity/entitydb"
	"github.com/fnshub/fnshub/internal/pii"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/shop/shopdb"
)

// Secret values the tests send; none may come back in any answer or log.
const (
	apiToken   = "shpat_api-test-token-0123456789"
	apiRotated = "shpat_api-rotated-token-9876543210"
	apiHook    = "whsec_api-test-hook-secret-5555"
)

// credentials opens a shop's credentials with the test server's keyring,
// as the sync engine will.
func (x *api) credentials(id string) (map[string]string, map[string]string, string) {
	x.t.Helper()
	keys, err := pii.NewKeyring(pii.Key{ID: "t", Secret: []byte("0123456789abcdefghijklmnopqrstuv")})
	if err != nil {
		x.t.Fatal(err)
	}
	settings, secrets, base, err := shop.New(shopdb.New(x.db), entitydb.New(x.db), nil).WithKeys(keys).Credentials(context.Background(), id)
	if err != nil {
		x.t.Fatal(err)
	}
	return settings, secrets, base
}

// noSecretIn fails when raw holds any of the test secret values.
func noSecretIn(t *testing.T, what string, raw []byte) {
	t.Helper()
	for _, v := range []string{apiToken, apiRotated, apiHook} {
		if strings.Contains(string(raw), v) {
			t.Fatalf("%s shows a secret value: %s", what, raw)
		}
	}
}

func TestAPI_ShopSecretsAreWriteOnly(t *testing.T) {
	x := newAPI(t)
	resp, raw := x.send(auth.Operations, "POST", "/api/v1/shops", `{"id":"sf-1","channel":"shopify","name":"Tea House",
		"settings":{"shop_domain":"tea-house.myshopify.com","api_version":"2025-01"},
		"secrets":{"access_token":"`+apiToken+`","webhook_secret":"`+apiHook+`"},
		"api_base_url":"http://127.0.0.1:8081"}`)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %s", resp.StatusCode, raw)
	}
	noSecretIn(t, "the created shop", raw)
	got := x.mustDo(auth.Viewer, "GET", "/api/v1/shops/sf-1", "")
	secrets := got["secrets"].([]any)
	if got["api_base_url"] != "http://127.0.0.1:8081" || got["settings"].(map[string]any)["shop_domain"] != "tea-house.myshopify.com" ||
		len(secrets) != 2 || secrets[0].(map[string]any)["name"] != "access_token" || secrets[0].(map[string]any)["rotated_at"] != nil {
		t.Fatalf("shop = %v", got)
	}
	settings, opened, base := x.credentials("sf-1")
	if opened["access_token"] != apiToken || opened["webhook_secret"] != apiHook || settings["api_version"] != "2025-01" || base != "http://127.0.0.1:8081" {
		t.Fatal("Credentials does not return what was written")
	}

	resp, raw = x.send(auth.Operations, "PUT", "/api/v1/shops/sf-1/secrets/access_token", `{"value":"`+apiRotated+`"}`)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(raw), `"name":"access_token"`) || !strings.Contains(string(raw), `"rotated_at":"20`) {
		t.Fatalf("rotate: %d %s", resp.StatusCode, raw)
	}
	noSecretIn(t, "the rotated secret", raw)
	if _, opened, _ := x.credentials("sf-1"); opened["access_token"] != apiRotated {
		t.Fatal("Credentials does not return the rotated value")
	}
	x.mustDo(auth.Admin, "PUT", "/api/v1/shops/sf-1/secrets/app_secret", `{"value":"`+apiHook+`"}`)
	if code, _, _ := x.do(auth.Operations, "DELETE", "/api/v1/shops/sf-1/secrets/app_secret", ""); code != http.StatusNoContent {
		t.Fatalf("delete: %d", code)
	}
	if code, _, body := x.do(auth.Operations, "DELETE", "/api/v1/shops/sf-1/secrets/app_secret", ""); code != http.StatusNotFound || errOf(body)["code"] != "secret_not_found" {
		t.Fatalf("delete again: %d %v", code, body)
	}

	for _, path := range []string{"/api/v1/shops/sf-1", "/api/v1/shops", "/api/v1/shops?limit=1&cursor=sf-0"} {
		_, raw := x.send(auth.Admin, "GET", path, "")
		noSecretIn(t, "GET "+path, raw)
	}
	_, raw = x.send(auth.Operations, "PATCH", "/api/v1/shops/sf-1", `{"settings":{"api_version":"2025-04","shop_domain":null},"api_base_url":""}`)
	noSecretIn(t, "the patched shop", raw)
	patched := x.mustDo(auth.Viewer, "GET", "/api/v1/shops/sf-1", "")
	if s := patched["settings"].(map[string]any); len(s) != 1 || s["api_version"] != "2025-04" || patched["api_base_url"] != "" ||
		patched["secrets"].([]any)[0].(map[string]any)["rotated_at"] == nil {
		t.Fatalf("patched = %v", patched)
	}
	noSecretIn(t, "the server log", []byte(x.logs.String()))
}

func TestAPI_ShopSecretRefusalsNameTheFieldAndNeverTheValue(t *testing.T) {
	x := newAPI(t)
	x.mustDo(auth.Operations, "POST", "/api/v1/shops", `{"id":"sf-1","channel":"shopify","name":"Tea House"}`)
	cases := []struct {
		name, method, path, body, field string
		status                          int
	}{
		{"an empty value", "PUT", "/api/v1/shops/sf-1/secrets/access_token", `{"value":""}`, "value", 400},
		{"a value past the bound", "PUT", "/api/v1/shops/sf-1/secrets/access_token", `{"value":"` + apiToken + strings.Repeat("x", shop.MaxSecretBytes) + `"}`, "value", 400},
		{"a value sent as a number", "PUT", "/api/v1/shops/sf-1/secrets/access_token", `{"value":918273645546372819}`, "value", 400},
		{"no value", "PUT", "/api/v1/shops/sf-1/secrets/access_token", `{"secret":"` + apiToken + `"}`, "secret", 400},
		{"malformed JSON around a value", "PUT", "/api/v1/shops/sf-1/secrets/access_token", `{"value":"` + apiToken + `" x}`, "", 400},
		{"a value sent unquoted", "PUT", "/api/v1/shops/sf-1/secrets/access_token", `{"value":` + apiToken + `}`, "", 400},
		{"a new shop's secret unquoted", "POST", "/api/v1/shops", `{"id":"sf-2","channel":"shopify","name":"x","secrets":{"access_token":` + apiToken + `}}`, "", 400},
		{"a bad secret name", "PUT", "/api/v1/shops/sf-1/secrets/Access-Token", `{"value":"` + apiToken + `"}`, "name", 400},
		{"an unknown shop", "PUT", "/api/v1/shops/nope/secrets/access_token", `{"value":"` + apiToken + `"}`, "", 404},
		{"a new shop's empty secret", "POST", "/api/v1/shops", `{"id":"sf-2","channel":"shopify","name":"x","secrets":{"access_token":""}}`, "secrets.access_token", 400},
		{"a new shop's secret as a number", "POST", "/api/v1/shops", `{"id":"sf-2","channel":"shopify","name":"x","secrets":{"access_token":918273645546372819}}`, "secrets", 400},
		{"a new shop's bad secret name", "POST", "/api/v1/shops", `{"id":"sf-2","channel":"shopify","name":"x","secrets":{"Token":"` + apiToken + `"}}`, "secrets.Token", 400},
		{"a setting with a line break", "POST", "/api/v1/shops", `{"id":"sf-2","channel":"shopify","name":"x","settings":{"shop_domain":"a\nb"}}`, "settings.shop_domain", 400},
		{"a base URL with a password", "POST", "/api/v1/shops", `{"id":"sf-2","channel":"shopify","name":"x","api_base_url":"https://u:` + apiToken + `@api.example.com"}`, "api_base_url", 400},
		{"a base URL with a query", "PATCH", "/api/v1/shops/sf-1", `{"api_base_url":"https://api.example.com/?k=v"}`, "api_base_url", 400},
		{"a relative base URL", "PATCH", "/api/v1/shops/sf-1", `{"api_base_url":"/admin/api"}`, "api_base_url", 400},
		{"a bad setting name in a patch", "PATCH", "/api/v1/shops/sf-1", `{"settings":{"Shop Domain":"x"}}`, "settings.Shop Domain", 400},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, raw := x.send(auth.Operations, c.method, c.path, c.body)
			if resp.StatusCode != c.status {
				t.Fatalf("%d %s", resp.StatusCode, raw)
			}
			noSecretIn(t, "the refusal", raw)
			// A syntax error's own words quote the byte it stopped at, which
			// may be the first of an unquoted secret.
			if strings.Contains(string(raw), "918273645546372819") || strings.Contains(string(raw), "invalid character") {
				t.Fatalf("the refusal quotes the value: %s", raw)
			}
			if c.field != "" && !strings.Contains(string(raw), `"field":"`+c.field+`"`) {
				t.Fatalf("the refusal does not name %s: %s", c.field, raw)
			}
		})
	}
	if code, _, _ := x.do(auth.Viewer, "PUT", "/api/v1/shops/sf-1/secrets/access_token", `{"value":"`+apiToken+`"}`); code != http.StatusForbidden {
		t.Fatalf("a viewer set a secret: %d", code)
	}
	if code, _, _ := x.do(auth.Finance, "DELETE", "/api/v1/shops/sf-1/secrets/access_token", ""); code != http.StatusForbidden {
		t.Fatalf("finance deleted a secret: %d", code)
	}
	if got := x.mustDo(auth.Viewer, "GET", "/api/v1/shops/sf-1", ""); len(got["secrets"].([]any)) != 0 {
		t.Fatalf("a refused write stored a secret: %v", got)
	}
	noSecretIn(t, "the server log", []byte(x.logs.String()))
}
