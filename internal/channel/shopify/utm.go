package shopify

import (
	"encoding/json"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/fnshub/fnshub/internal/order"
)

// attribution is what an order says of its marketing campaign, in either
// shape: its tags, its note attributes (REST note_attributes, GraphQL
// customAttributes; storefronts save the cart's UTM there) and the pages
// the buyer came by.
type attribution struct {
	Tags       []string
	Attributes []noteAttribute
	// Sites: REST's landing_site and referring_site; GraphQL's last
	// visit's landing and referrer pages, then the first visit's.
	Sites []string
}

// noteAttribute is a name and value of REST note_attributes or GraphQL
// customAttributes. The value is read only when a JSON string: an app may
// store anything there, and attribution never refuses an order.
type noteAttribute struct {
	Name  string          `json:"name"`
	Key   string          `json:"key"` // GraphQL's name for Name
	Value json.RawMessage `json:"value"`
}

// campaign is the order's campaign, first found of (docs/adr/0057):
//
//  1. a tag "campaign:X" (any case of "campaign", X trimmed) — the
//     merchant's own word, set by hand or by a Shopify Flow, wins;
//  2. a note attribute named utm_campaign (any case) — what the
//     storefront captured in the cart, which survives the buyer's later
//     visits;
//  3. the utm_campaign of the landing page, then of the referring page
//     (REST landing_site, referring_site; GraphQL customerJourneySummary,
//     last visit then first).
//
// "" when none has one. A campaign longer than an order takes is cut at a
// rune boundary; one that is not UTF-8 is passed over.
func (a attribution) campaign() string {
	for _, t := range a.Tags {
		name, value, ok := strings.Cut(strings.TrimSpace(t), ":")
		if ok && strings.EqualFold(strings.TrimSpace(name), "campaign") {
			if c := cleanCampaign(value); c != "" {
				return c
			}
		}
	}
	for _, at := range a.Attributes {
		var v string
		if !strings.EqualFold(strings.TrimSpace(at.Name+at.Key), "utm_campaign") || json.Unmarshal(at.Value, &v) != nil {
			continue
		}
		if c := cleanCampaign(v); c != "" {
			return c
		}
	}
	return utmCampaign(a.Sites...)
}

// restTags splits REST's comma-separated tags ("wholesale, campaign:x").
func restTags(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// utmCampaign is the utm_campaign of the landing page's query, else of the
// referring page's; "" when neither has one. Shopify sends landing_site as
// a path with its query ("/products/tea?utm_campaign=x"), referring_site
// as a whole URL.
func utmCampaign(sites ...string) string {
	for _, s := range sites {
		_, query, ok := strings.Cut(s, "?")
		if !ok {
			continue
		}
		if i := strings.IndexByte(query, '#'); i >= 0 {
			query = query[:i]
		}
		q, err := url.ParseQuery(query)
		if err != nil {
			continue
		}
		if c := cleanCampaign(q.Get("utm_campaign")); c != "" {
			return c
		}
	}
	return ""
}

// cleanCampaign trims c and cuts it to what an order takes at a rune
// boundary; "" when empty or not UTF-8: attribution is a hint, not a
// reason to refuse the order.
func cleanCampaign(c string) string {
	c = strings.TrimSpace(c)
	if c == "" || !utf8.ValidString(c) {
		return ""
	}
	for len(c) > order.MaxCampaignLen {
		_, size := utf8.DecodeLastRuneInString(c)
		c = strings.TrimSpace(c[:len(c)-size])
	}
	return c
}
