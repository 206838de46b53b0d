package shopify

import (
	"net/http"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
)

func TestClassify(t *testing.T) {
	throttled := `{"errors":[{"message":"Throttled","extensions":{"code":"THROTTLED"}}],
	  "extensions":{"cost":{"requestedQueryCost":842,"actualQueryCost":null,
	  "throttleStatus":{"maximumAvailable":1000,"currentlyAvailable":42,"restoreRate":100}}}}`
	cases := []struct {
		name   string
		status int
		retry  string
		body   string
		kind   channel.Kind
		after  time.Duration
	}{
		{"data without errors", 200, "", `{"data":{"shop":{"id":"gid://shopify/Shop/1"}}}`, 0, 0},
		{"429 waits Retry-After", 429, "2.0", `{"errors":"Exceeded 2 calls per second for api client."}`, channel.Throttled, 2 * time.Second},
		{"429 without Retry-After", 429, "", ``, channel.Throttled, 0},
		{"THROTTLED waits for the bucket to refill", 200, "", throttled, channel.Throttled, 8 * time.Second},
		{"401", 401, "", `{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}`, channel.Unauthorized, 0},
		{"403 missing scope", 403, "", `{"errors":"Forbidden"}`, channel.Unauthorized, 0},
		{"402 frozen shop", 402, "", `{"errors":"Unavailable Shop"}`, channel.Rejected, 0},
		{"423 locked shop", 423, "", `{"errors":"This shop is unavailable"}`, channel.Rejected, 0},
		{"404", 404, "", `{"errors":"Not Found"}`, channel.NotFound, 0},
		{"422", 422, "", `{"errors":{"line_items":["is invalid"]}}`, channel.Rejected, 0},
		{"503", 503, "", `service unavailable`, channel.Unavailable, 0},
		{"a 200 that is not JSON", 200, "", `{"data":{"ord`, channel.Unavailable, 0},
		{"ACCESS_DENIED", 200, "", `{"errors":[{"message":"Access denied","extensions":{"code":"ACCESS_DENIED"}}]}`, channel.Unauthorized, 0},
		{"INTERNAL_SERVER_ERROR", 200, "", `{"errors":[{"message":"Internal error","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}`, channel.Unavailable, 0},
		{"a query Shopify refuses", 200, "", `{"errors":[{"message":"Field 'x' doesn't exist","extensions":{"code":"undefinedField"}}]}`, channel.Rejected, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			if tc.retry != "" {
				h.Set("Retry-After", tc.retry)
			}
			err := classify(tc.status, h, []byte(tc.body))
			if got := channel.KindOf(err); got != tc.kind {
				t.Fatalf("kind %v, want %v (%v)", got, tc.kind, err)
			}
			if got := channel.RetryAfter(err); got != tc.after {
				t.Errorf("RetryAfter %v, want %v", got, tc.after)
			}
		})
	}
}

func TestStatus(t *testing.T) {
	cases := []struct {
		financial, cancelledAt, want string
	}{
		{"pending", "", "awaiting_payment"},
		{"authorized", "", "awaiting_payment"},
		{"expired", "", "awaiting_payment"},
		{"paid", "", "paid"},
		{"partially_paid", "", "paid"},
		{"partially_refunded", "", "paid"},
		{"refunded", "", "refunded"},
		{"voided", "", "cancelled"},
		{"paid", "2026-11-30T10:00:00-05:00", "cancelled"},
		{"refunded", "2026-11-30T10:00:00-05:00", "cancelled"},
	}
	for _, tc := range cases {
		got, err := status(tc.financial, tc.cancelledAt)
		if err != nil || string(got) != tc.want {
			t.Errorf("status(%q, %q) = %q, %v; want %q", tc.financial, tc.cancelledAt, got, err, tc.want)
		}
	}
	if _, err := status("mystery", ""); err == nil {
		t.Error("an unknown financial status must be an error")
	}
}

func TestWindowQuery(t *testing.T) {
	w := channel.Window{
		From: time.Date(2026, 12, 1, 8, 0, 0, 500_000_000, time.FixedZone("CST", 8*3600)),
		To:   time.Date(2026, 12, 1, 1, 0, 0, 1, time.UTC),
	}
	got := windowQuery(w)
	want := "updated_at:>='2026-12-01T00:00:00Z' updated_at:<'2026-12-01T01:00:01Z'"
	if got != want {
		t.Errorf("windowQuery = %s, want %s", got, want)
	}
}

func TestNew_checksConfig(t *testing.T) {
	base := func() channel.Config {
		return channel.Config{Settings: map[string]string{SettingShopDomain: "a.myshopify.com"},
			Secrets: map[string]string{SecretToken: "t", SecretWebhook: "w"}}
	}
	if _, err := New(base()); err != nil {
		t.Fatalf("a complete config: %v", err)
	}
	for name, spoil := range map[string]func(*channel.Config){
		"no domain":      func(c *channel.Config) { delete(c.Settings, SettingShopDomain) },
		"a URL":          func(c *channel.Config) { c.Settings[SettingShopDomain] = "https://a.myshopify.com" },
		"a bad version":  func(c *channel.Config) { c.Settings[SettingAPIVersion] = "2026-7" },
		"no token":       func(c *channel.Config) { delete(c.Secrets, SecretToken) },
		"no webhook key": func(c *channel.Config) { delete(c.Secrets, SecretWebhook) },
	} {
		cfg := base()
		spoil(&cfg)
		if _, err := New(cfg); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}

func TestRegistered(t *testing.T) {
	p, ok := channel.Lookup("shopify")
	if !ok || p.Limits != limits || p.New == nil {
		t.Fatalf("shopify is not registered as it should be: %+v", p)
	}
}
