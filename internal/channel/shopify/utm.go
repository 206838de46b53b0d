package shopify

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/fnshub/fnshub/internal/order"
)

// utmCampaign is the utm_campaign of the landing page's query, else of the
// referring page's; "" when neither has one. Shopify sends landing_site as
// a path with its query ("/products/tea?utm_campaign=x"), referring_site
// as a whole URL. A campaign longer than an order takes is cut at a rune
// boundary; one that is not UTF-8 is dropped: attribution is a hint, not
// a reason to refuse the order.
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
		c := strings.TrimSpace(q.Get("utm_campaign"))
		if c == "" || !utf8.ValidString(c) {
			continue
		}
		for len(c) > order.MaxCampaignLen {
			_, size := utf8.DecodeLastRuneInString(c)
			c = c[:len(c)-size]
		}
		return c
	}
	return ""
}
