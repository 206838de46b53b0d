package invoice

import (
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
	"pgregory.net/rapid"
)

func TestCheckTaxNo(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"91350100M000100Y43", ""}, // GB 32100-2015's worked example
		{"91110108551385082Q", ""},
		{"91350100M000100Y44", "check character"},
		{"91350100M000100Y4", "17 characters"},
		{"91350100M000100I43", "character 16"},
		{"91350100m000100y43", "character 9"},
	} {
		got := CheckTaxNo(c.in)
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("CheckTaxNo(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestCheckTaxNo_OneTypoIsCaught: changing any one character of a valid
// code to another of the alphabet is always caught (31 is prime).
func TestCheckTaxNo_OneTypoIsCaught(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		base := []byte(rapid.StringOfN(rapid.SampledFrom([]rune(uscc)), 17, 17, -1).Draw(t, "base"))
		sum := 0
		for i, c := range base {
			sum += strings.IndexByte(uscc, c) * usccWeights[i]
		}
		code := append(base, uscc[(31-sum%31)%31])
		if why := CheckTaxNo(string(code)); why != "" {
			t.Fatalf("%s refused: %s", code, why)
		}
		i := rapid.IntRange(0, 17).Draw(t, "at")
		c := rapid.SampledFrom([]byte(uscc)).Draw(t, "to")
		if c == code[i] {
			return
		}
		code[i] = c
		if CheckTaxNo(string(code)) == "" {
			t.Fatalf("%s taken with character %d changed", code, i+1)
		}
	})
}

func TestTransitions(t *testing.T) {
	now := time.Now()
	for _, to := range []func(*Invoice) error{
		func(i *Invoice) error { return i.Issue("12345678", "2026-12-01", now) },
		func(i *Invoice) error { return i.Reject("wrong title", now) },
		func(i *Invoice) error { return i.Cancel(now) },
	} {
		inv := Invoice{ID: 1, Status: Requested}
		if err := to(&inv); err != nil {
			t.Fatalf("from requested: %v", err)
		}
		for _, again := range []func(*Invoice) error{
			func(i *Invoice) error { return i.Issue("12345678", "2026-12-01", now) },
			func(i *Invoice) error { return i.Cancel(now) },
		} {
			before := inv
			if err := again(&inv); err == nil || inv != before {
				t.Fatalf("%s moved again (%v) to %+v", before.Status, err, inv)
			}
		}
	}
}

func TestCredit_NeverMoreThanTheInvoice(t *testing.T) {
	blue := Invoice{ID: 3, Kind: Blue, Status: Issued, Amount: money.New(1000, "CNY")}
	red, ok := Credit(blue, 700, money.New(500, "CNY"), "order:1:refund:2", time.Now())
	if !ok || red.Amount.Minor() != 300 || red.Original != 3 || red.Kind != Red {
		t.Fatalf("credit = %+v %v, want 3.00 of invoice 3", red, ok)
	}
	if _, ok := Credit(blue, 1000, money.New(1, "CNY"), "r", time.Now()); ok {
		t.Fatal("credited an invoice credited in full")
	}
	blue.Status = Requested
	if _, ok := Credit(blue, 0, money.New(1, "CNY"), "r", time.Now()); ok {
		t.Fatal("credited an invoice not issued")
	}
}

func TestNew_SpecialNeedsACompany(t *testing.T) {
	rec := &order.Record{Order: order.Order{ID: 1, Status: order.Paid, Currency: "CNY",
		Lines: []order.Line{{SKU: "A", Quantity: 1, UnitPrice: money.New(100, "CNY")}}}}
	if err := rec.Price(); err != nil {
		t.Fatal(err)
	}
	_, err := New(Request{OrderID: 1, Title: "王五", TitleKind: Personal, Type: DigitalSpecial}, rec, "", time.Now())
	if err == nil || !strings.Contains(err.Error(), "专票") {
		t.Fatalf("a person's special invoice = %v", err)
	}
	_, err = New(Request{OrderID: 1, Title: "王五", TitleKind: Personal, TaxNo: "91350100M000100Y43", Type: DigitalOrdinary}, rec, "", time.Now())
	if err == nil || !strings.Contains(err.Error(), "no tax number") {
		t.Fatalf("a person's tax number = %v", err)
	}
	inv, err := New(Request{OrderID: 1, Title: " 王五 ", TitleKind: Personal, Type: PaperOrdinary}, rec, "", time.Now())
	if err != nil || inv.Title != "王五" || inv.Amount.Minor() != 100 {
		t.Fatalf("a person's paper invoice = %+v %v", inv, err)
	}
}
