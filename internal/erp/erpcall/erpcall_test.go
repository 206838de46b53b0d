package erpcall_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/fnshub/fnshub/internal/erp"
	"github.com/fnshub/fnshub/internal/erp/erpcall"
	"github.com/fnshub/fnshub/internal/erp/erpcall/pushtest"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
)

func TestCheck_Refusals(t *testing.T) {
	base := func() erp.Voucher { return pushtest.Vouchers(1)[0] }
	cases := map[string]func(v *erp.Voucher){
		"voucher_id_missing":      func(v *erp.Voucher) { v.ID = "" },
		"voucher_too_few_lines":   func(v *erp.Voucher) { v.Lines = v.Lines[:1] },
		"voucher_line_no_account": func(v *erp.Voucher) { v.Lines[0].Account = "" },
		"voucher_line_side":       func(v *erp.Voucher) { v.Lines[0].Credit = money.New(1, "CNY") },
		"voucher_line_currency":   func(v *erp.Voucher) { v.Lines[2].Credit = money.New(10000, "USD") },
		"voucher_unbalanced":      func(v *erp.Voucher) { v.Lines[2].Credit = money.New(9999, "CNY") },
	}
	for code, mutate := range cases {
		v := base()
		mutate(&v)
		err := erpcall.Check(v)
		var fe *fault.Error
		if !errors.As(err, &fe) || fe.Code != code || !fault.Is(err, fault.Invalid) {
			t.Errorf("%s: %v", code, err)
		}
	}
	if err := erpcall.Check(base()); err != nil {
		t.Errorf("a good voucher: %v", err)
	}
}

// Any voucher whose lines balance passes; moving one minor unit breaks it.
func TestCheck_BalanceProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		amounts := rapid.SliceOfN(rapid.Int64Range(1, 1e12), 1, 8).Draw(t, "debits")
		v := erp.Voucher{ID: "FNS-1-1", Currency: "CNY"}
		var total int64
		for _, a := range amounts {
			v.Lines = append(v.Lines, erp.Line{Account: "1002", Debit: money.New(a, "CNY")})
			total += a
		}
		v.Lines = append(v.Lines, erp.Line{Account: "1012", Credit: money.New(total, "CNY")})
		if err := erpcall.Check(v); err != nil {
			t.Fatalf("balanced: %v", err)
		}
		v.Lines[len(v.Lines)-1].Credit = money.New(total+rapid.SampledFrom([]int64{-1, 1}).Draw(t, "off"), "CNY")
		if v.Lines[len(v.Lines)-1].Credit.IsZero() {
			return
		}
		if err := erpcall.Check(v); err == nil {
			t.Fatal("unbalanced voucher passed")
		}
	})
}

func TestRetry_Bounds(t *testing.T) {
	var slept []time.Duration
	r := erpcall.Retry{Attempts: 5, Initial: 100 * time.Millisecond, Max: 300 * time.Millisecond,
		Sleep: func(_ context.Context, d time.Duration) error { slept = append(slept, d); return nil }}
	calls := 0
	transient := &erpcall.Error{Kind: erpcall.Transient, ERP: "x", Status: 503, Message: "down"}
	err := r.Do(context.Background(), func() error { calls++; return transient })
	if err != transient || calls != 5 || len(slept) != 4 {
		t.Fatalf("err %v, %d calls, %d sleeps", err, calls, len(slept))
	}
	for _, d := range slept {
		if d <= 0 || d > 450*time.Millisecond { // Max plus backoff's ±50 % jitter
			t.Errorf("delay %v outside (0, 450ms]", d)
		}
	}
	for _, k := range []erpcall.Kind{erpcall.Refused, erpcall.Auth} {
		calls = 0
		_ = r.Do(context.Background(), func() error { calls++; return &erpcall.Error{Kind: k} })
		if calls != 1 {
			t.Errorf("kind %v tried %d times", k, calls)
		}
	}
	calls = 0
	ok := r.Do(context.Background(), func() error {
		calls++
		if calls < 3 {
			return transient
		}
		return nil
	})
	if ok != nil || calls != 3 {
		t.Errorf("recovering call: %v after %d", ok, calls)
	}
}

func TestRetry_StopsWhenContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	r := erpcall.Retry{Attempts: 10, Sleep: func(context.Context, time.Duration) error { cancel(); return context.Canceled }}
	err := r.Do(ctx, func() error { calls++; return errors.New("reset") })
	if calls != 1 || err == nil {
		t.Errorf("%d calls, err %v", calls, err)
	}
}

func TestByStatus(t *testing.T) {
	want := map[int]erpcall.Kind{401: erpcall.Auth, 403: erpcall.Auth, 429: erpcall.Transient, 500: erpcall.Transient,
		503: erpcall.Transient, 400: erpcall.Refused, 404: erpcall.Refused, 422: erpcall.Refused}
	for s, k := range want {
		if got := erpcall.ByStatus(s); got != k {
			t.Errorf("%d: %v, want %v", s, got, k)
		}
	}
}

func TestDecimal(t *testing.T) {
	if got := erpcall.Decimal(money.Amount{}); got != "0" {
		t.Errorf("zero: %q", got)
	}
	if got := erpcall.Decimal(money.New(123456, "CNY")); got != "1234.56" {
		t.Errorf("%q", got)
	}
	if got := erpcall.Decimal(money.New(1200, "JPY")); got != "1200" {
		t.Errorf("%q", got)
	}
}
