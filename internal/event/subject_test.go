package event_test

import (
	"testing"

	"github.com/fnshub/fnshub/internal/event"
)

func TestSubject(t *testing.T) {
	for _, c := range []struct {
		topic, shop, want string
	}{
		{"order.ingested", "tmall-01", "fnshub.order.ingested.tmall-01"},
		{"order.refunded_part", "jd_main", "fnshub.order.refunded_part.jd_main"},
		{"stock.changed", "", "fnshub.stock.changed.~"},
		{"order.shipped", "tmall.cn", "fnshub.order.shipped.tmall~2Ecn"},
		{"order.shipped", "a*b>c d~e$", "fnshub.order.shipped.a~2Ab~3Ec~20d~7Ee~24"},
		{"order.held", "天猫", "fnshub.order.held.~E5~A4~A9~E7~8C~AB"},
	} {
		if got := event.Subject("fnshub", event.Event{Topic: c.topic, Shop: c.shop}); got != c.want {
			t.Errorf("Subject(%q, %q) = %q, want %q", c.topic, c.shop, got, c.want)
		}
	}
}

// TestToken_NamesOneShopAlone: two shops never share a token, and a token
// never holds a separator or wildcard.
func TestToken_NamesOneShopAlone(t *testing.T) {
	seen := map[string]string{}
	for _, s := range []string{"", "~", "_", "-", "a.b", "a~2Eb", "a_2Eb", "A", "a", "天猫", "~E5", " ", "*", ">", "a b"} {
		tok := event.Token(s)
		if prev, ok := seen[tok]; ok {
			t.Fatalf("%q and %q both map to %q", prev, s, tok)
		}
		seen[tok] = s
		for _, r := range tok {
			if r == '.' || r == '*' || r == '>' || r == ' ' || r > 126 {
				t.Fatalf("token %q of %q holds %q", tok, s, r)
			}
		}
	}
}
