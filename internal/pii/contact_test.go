package pii

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

var zhang = Contact{Name: "张三丰", Phone: "13812345678", Province: "浙江省", City: "杭州市", District: "西湖区", Detail: "文三路 100 号"}

func TestContact_SealOpen_RoundTrips(t *testing.T) {
	k := mustKeyring(t, testKey("1", 7))
	blob, err := zhang.Seal(k, "shopify/shop-7/1001")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(blob, []byte("13812345678")) {
		t.Fatal("the sealed contact shows the phone number")
	}
	got, err := OpenContact(k, blob, "shopify/shop-7/1001")
	if err != nil || got != zhang {
		t.Fatalf("OpenContact = %+v, %v; want %+v", got, err, zhang)
	}
	if _, err := OpenContact(k, blob, "shopify/shop-7/1002"); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("opening under another order's key: err = %v, want ErrCorrupt", err)
	}
}

func TestOpenContact_RefusesOtherSealedValuesOfTheRow(t *testing.T) {
	k := mustKeyring(t, testKey("1", 7))
	// A value sealed directly with the row's key, e.g. a raw payload, must not
	// pass for a contact, even if it is contact-shaped JSON.
	blob, _ := k.Seal([]byte(`{"name":"x"}`), []byte("shopify/shop-7/1001"))
	if _, err := OpenContact(k, blob, "shopify/shop-7/1001"); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("err = %v, want ErrCorrupt", err)
	}
}

func TestOpenContact_RefusesNonJSONWithoutQuotingIt(t *testing.T) {
	k := mustKeyring(t, testKey("1", 7))
	blob, _ := k.Seal([]byte("13812345678 not json"), []byte(contactAAD+"row"))
	_, err := OpenContact(k, blob, "row")
	if !errors.Is(err, ErrCorrupt) || strings.Contains(err.Error(), "1381234") {
		t.Fatalf("err = %v, want ErrCorrupt without the plaintext", err)
	}
}

func TestContact_Masked(t *testing.T) {
	want := Contact{Name: "张**", Phone: "138****5678", Province: "浙江省", City: "杭州市", District: "西湖区", Detail: "****"}
	if got := zhang.Masked(); got != want {
		t.Fatalf("Masked = %+v, want %+v", got, want)
	}
	if got := (Contact{}).Masked(); got != (Contact{}) {
		t.Fatalf("the empty contact masks to %+v", got)
	}
}

func TestContact_PrintingAndLoggingShowOnlyTheMask(t *testing.T) {
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("order", "buyer", zhang)
	for _, out := range []string{
		fmt.Sprint(zhang), fmt.Sprintf("%v %+v %#v %s", zhang, zhang, zhang, zhang),
		fmt.Sprint(&zhang), logged.String(),
	} {
		for _, secret := range []string{"三丰", "1234", "文三路"} {
			if strings.Contains(out, secret) {
				t.Fatalf("%q shows %q", out, secret)
			}
		}
	}
	if s := zhang.String(); s != "{张** 138****5678 浙江省杭州市西湖区 ****}" {
		t.Fatalf("String = %q", s)
	}
}
