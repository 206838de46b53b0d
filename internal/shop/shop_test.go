package shop

import (
	"testing"

	"github.com/fnshub/fnshub/internal/fault"
)

func TestValidID(t *testing.T) {
	for id, want := range map[string]bool{
		"tmall-flagship": true, "S1": true, "jd_01": true, "a": true,
		"": false, "-a": false, "a.b": false, "a/b": false, "a b": false, "a:b": false, "a*": false, "a>": false,
		"店铺": false, string(make([]byte, 65)): false,
	} {
		if got := ValidID(id); got != want {
			t.Errorf("ValidID(%q) = %v, want %v", id, got, want)
		}
	}
	long := "a"
	for len(long) < MaxIDLen {
		long += "b"
	}
	if !ValidID(long) || ValidID(long+"c") {
		t.Errorf("the bound is not %d characters", MaxIDLen)
	}
}

func TestChannels_TheIssuesKindsAndOther(t *testing.T) {
	for _, k := range []string{"tmall", "taobao", "jd", "douyin", "kuaishou", "pdd", "shopify", "woocommerce", "amazon", "youzan", "miniprogram", "pos", "web", "other"} {
		if !KnownChannel(k) {
			t.Errorf("%s is not a channel kind", k)
		}
	}
	if KnownChannel("Tmall") || KnownChannel("") || len(Channels) != 14 {
		t.Errorf("channel kinds are not exactly the lower-case list: %v", Channels)
	}
}

func TestShop_ValidateNamesTheField(t *testing.T) {
	good := Shop{ID: "s", Channel: "web", Name: "n", Currency: "CNY", Timezone: "Asia/Shanghai"}
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	for field, change := range map[string]func(*Shop){
		"id":                      func(s *Shop) { s.ID = "a.b" },
		"channel":                 func(s *Shop) { s.Channel = "ebay" },
		"name":                    func(s *Shop) { s.Name = "" },
		"currency":                func(s *Shop) { s.Currency = "ZZZ" },
		"timezone":                func(s *Shop) { s.Timezone = "Local" },
		"warehouses[1].warehouse": func(s *Shop) { s.Warehouses = []Warehouse{{Code: "SH"}, {Code: "SH"}} },
		"warehouses[0].priority":  func(s *Shop) { s.Warehouses = []Warehouse{{Code: "SH", Priority: -1}} },
	} {
		s := good
		change(&s)
		var fe *fault.Error
		err := s.Validate()
		if !asFault(err, &fe) || fe.Field != field {
			t.Errorf("%s: err = %v", field, err)
		}
	}
}

func asFault(err error, fe **fault.Error) bool {
	e, ok := err.(*fault.Error)
	*fe = e
	return ok
}
