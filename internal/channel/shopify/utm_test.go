package shopify

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/fnshub/fnshub/internal/order"
)

func TestUTMCampaign(t *testing.T) {
	for _, c := range []struct{ landing, referring, want string }{
		{"/products/tea?utm_source=wx&utm_campaign=double11", "", "double11"},
		{"/", "https://example.com/a?utm_campaign=%E5%8F%8C11#top", "双11"},
		{"/?utm_campaign=", "https://x/?utm_campaign=ref", "ref"},
		{"/no-query", "", ""},
		{"/?utm_campaign=%zz", "", ""},
	} {
		if got := utmCampaign(c.landing, c.referring); got != c.want {
			t.Errorf("utmCampaign(%q, %q) = %q, want %q", c.landing, c.referring, got, c.want)
		}
	}
	if got := utmCampaign("/?utm_campaign=" + strings.Repeat("茶", 100)); len(got) > order.MaxCampaignLen || !utf8.ValidString(got) || got == "" {
		t.Errorf("long campaign cut to %q", got)
	}
}

// FuzzUTMCampaign: any landing and referring site gives a valid campaign
// an order takes.
func FuzzUTMCampaign(f *testing.F) {
	f.Add("/products/tea?utm_campaign=double11", "")
	f.Add("/", "https://example.com/?utm_campaign=%E5%8F%8C11")
	f.Add("?utm_campaign=\xff", "?%")
	f.Fuzz(func(t *testing.T, landing, referring string) {
		c := utmCampaign(landing, referring)
		if len(c) > order.MaxCampaignLen || !utf8.ValidString(c) {
			t.Fatalf("campaign %q", c)
		}
	})
}
