package taobao

import (
	"net/url"
	"strings"
	"testing"
)

// vectorParams are the params of the TOP golden vector in
// shared/reference/platforms.md §10 (computed with Python hashlib).
func vectorParams(method SignMethod) url.Values {
	return url.Values{
		"method": {"taobao.trades.sold.increment.get"}, "app_key": {"12345678"}, "session": {"test"},
		"timestamp": {"2016-01-01 12:00:00"}, "format": {"json"}, "v": {"2.0"}, "sign_method": {string(method)},
		"fields": {"tid,status,payment"}, "start_modified": {"2016-01-01 00:00:00"},
		"end_modified": {"2016-01-01 00:30:00"}, "page_no": {"1"}, "page_size": {"100"}, "use_has_next": {"true"},
	}
}

func TestSign_GoldenVectors(t *testing.T) {
	for _, tc := range []struct {
		method SignMethod
		want   string
	}{
		{SignMD5, "6DEE11F00CA35DEE7CDC44B340ED2DAA"},
		{SignHMAC, "E6E0CEAA9BD226E64C9E13E3C1EBAE32"},
		{SignHMACSHA256, "254A73EAA43F2E0E62B834A78683A16BFE7AC4952B6997206FD2634343EB03FE"},
	} {
		t.Run(string(tc.method), func(t *testing.T) {
			got, err := Sign(tc.method, "helloworld", vectorParams(tc.method))
			if err != nil || got != tc.want {
				t.Fatalf("Sign = %q, %v; want %q", got, err, tc.want)
			}
			p := vectorParams(tc.method)
			p.Set("sign", got)
			if !Verify("helloworld", p) {
				t.Fatal("Verify refuses the vector's own sign")
			}
			p.Set("sign", strings.ToLower(got))
			if Verify("helloworld", p) {
				t.Fatal("Verify takes a lower-case sign")
			}
			if Verify("hello", vectorParams(tc.method)) {
				t.Fatal("Verify takes a request without a sign")
			}
		})
	}
}

func TestConcat(t *testing.T) {
	t.Run("the vector's params sort and join as documented", func(t *testing.T) {
		want := "app_key12345678end_modified2016-01-01 00:30:00fieldstid,status,paymentformatjson" +
			"methodtaobao.trades.sold.increment.getpage_no1page_size100sessiontestsign_methodmd5" +
			"start_modified2016-01-01 00:00:00timestamp2016-01-01 12:00:00use_has_nexttruev2.0"
		if got := Concat(vectorParams(SignMD5)); got != want {
			t.Fatalf("Concat =\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("names sort in byte order, sign and empty values are left out", func(t *testing.T) {
		p := url.Values{"foo": {"1"}, "bar": {"2"}, "foo_bar": {"3"}, "foobar": {"4"}, "sign": {"X"}, "empty": {""}}
		if got := Concat(p); got != "bar2foo1foo_bar3foobar4" {
			t.Fatalf("Concat = %q", got)
		}
	})
}

func TestSign_RefusesUnknownMethod(t *testing.T) {
	if _, err := Sign("sha1", "s", url.Values{}); err == nil {
		t.Fatal("Sign took sign_method sha1")
	}
	if _, err := ParseSignMethod("HMAC"); err == nil {
		t.Fatal("ParseSignMethod took HMAC")
	}
}
