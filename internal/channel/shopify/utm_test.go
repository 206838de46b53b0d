package shopify

import (
	"encoding/json"
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

// Precedence: a campaign: tag, then a utm_campaign note attribute, then
// the landing page's utm_campaign, then the referring page's.
func TestAttribution_precedence(t *testing.T) {
	attr := func(name, value string) noteAttribute {
		return noteAttribute{Name: name, Value: json.RawMessage(value)}
	}
	landing := []string{"/?utm_campaign=landing", "https://x/?utm_campaign=ref"}
	for _, c := range []struct {
		name string
		a    attribution
		want string
	}{
		{"a tag wins", attribution{Tags: []string{"vip", " Campaign : 双11 "}, Attributes: []noteAttribute{attr("utm_campaign", `"attr"`)}, Sites: landing}, "双11"},
		{"an empty tag is passed over", attribution{Tags: []string{"campaign:"}, Attributes: []noteAttribute{attr("UTM_Campaign", `"attr"`)}}, "attr"},
		{"a note attribute beats the landing page", attribution{Attributes: []noteAttribute{attr("gift", `"x"`), attr("utm_campaign", `"attr"`)}, Sites: landing}, "attr"},
		{"GraphQL's key is the name", attribution{Attributes: []noteAttribute{{Key: "utm_campaign", Value: json.RawMessage(`"gql"`)}}}, "gql"},
		{"a value not a string is passed over", attribution{Attributes: []noteAttribute{attr("utm_campaign", `42`)}, Sites: landing}, "landing"},
		{"the landing page before the referrer", attribution{Sites: landing}, "landing"},
		{"the referrer when landing has none", attribution{Tags: []string{"campaignx"}, Sites: []string{"/", "https://x/?utm_campaign=ref"}}, "ref"},
		{"nothing", attribution{Tags: []string{"wholesale"}}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.a.campaign(); got != c.want {
				t.Fatalf("campaign %q, want %q", got, c.want)
			}
		})
	}
	if got := restTags("wholesale, campaign:a,b"); len(got) != 3 || got[1] != " campaign:a" {
		t.Fatalf("restTags %q", got)
	}
}

// A pulled GraphQL node takes its campaign from tags, custom attributes
// and the customer journey (last visit, then first), as a webhook does.
func TestReadGraphQL_campaign(t *testing.T) {
	for _, c := range []struct{ node, want string }{
		{`{"id":"gid://shopify/Order/1","tags":["campaign:spring"],"customAttributes":[{"key":"utm_campaign","value":"attr"}]}`, "spring"},
		{`{"id":"gid://shopify/Order/1","customAttributes":[{"key":"utm_campaign","value":"attr"}]}`, "attr"},
		{`{"id":"gid://shopify/Order/1","customerJourneySummary":{"lastVisit":{"landingPage":"https://s.example/?utm_campaign=last","referrerUrl":null},
			"firstVisit":{"landingPage":"https://s.example/?utm_campaign=first"}}}`, "last"},
		{`{"id":"gid://shopify/Order/1","customerJourneySummary":{"lastVisit":{"landingPage":"https://s.example/"},
			"firstVisit":{"landingPage":"https://s.example/?utm_campaign=first"}}}`, "first"},
		{`{"id":"gid://shopify/Order/1","customerJourneySummary":null}`, ""},
	} {
		d, _, err := readGraphQL([]byte(c.node))
		if err != nil || d.Campaign != c.want {
			t.Errorf("%s: campaign %q (%v), want %q", c.node, d.Campaign, err, c.want)
		}
	}
}

// FuzzAttribution: any tags, note attribute and landing page give a
// campaign an order takes.
func FuzzAttribution(f *testing.F) {
	f.Add("wholesale, campaign: 双11", `"spring"`, "/?utm_campaign=x")
	f.Add("campaign:\xff", `{"a":1}`, "?%")
	f.Fuzz(func(t *testing.T, tags, value, landing string) {
		a := attribution{Tags: restTags(tags), Attributes: []noteAttribute{{Name: "utm_campaign", Value: json.RawMessage(value)}}, Sites: []string{landing}}
		if c := a.campaign(); len(c) > order.MaxCampaignLen || !utf8.ValidString(c) || c != strings.TrimSpace(c) {
			t.Fatalf("campaign %q", c)
		}
	})
}
