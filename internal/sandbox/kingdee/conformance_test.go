package kingdee_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/erp"
	kd "github.com/fnshub/fnshub/internal/erp/kingdee"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/sandbox"
	sim "github.com/fnshub/fnshub/internal/sandbox/kingdee"
)

const (
	appID     = "245678_QWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4"
	appSecret = "c0ffee0123456789abcdef0123456789"
)

var opts = sim.Options{AcctID: "6571d9e3e1b7a2", Username: "fnshub", Password: "pw-1", AppID: appID, AppSecret: appSecret,
	Accounts: []string{"1002", "1122", "6001", "2221"}}

func start(t *testing.T, o sim.Options) (*sim.Server, string) {
	t.Helper()
	s := sim.New(o)
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return s, srv.URL + "/k3cloud/"
}

func signed(t *testing.T, base string, mod func(*kd.Config)) *kd.Pusher {
	t.Helper()
	cfg := kd.Config{BaseURL: base, AcctID: opts.AcctID, Username: opts.Username, AppID: appID, AppSecret: appSecret,
		AccountBook: "001", HTTP: &http.Client{Timeout: 2 * time.Second}}
	if mod != nil {
		mod(&cfg)
	}
	p, err := kd.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func cny(minor int64) money.Amount { return money.New(minor, "CNY") }

// vouchers are n balanced vouchers of entity 1: a sale of (i+1)·10.00.
func vouchers(n int) []erp.Voucher {
	var out []erp.Voucher
	for i := range n {
		a := cny(int64(i+1) * 1000)
		out = append(out, erp.Voucher{ID: erp.VoucherID(1, int64(i+1)), Entity: 1, EntryID: int64(i + 1),
			Date: time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC), Period: "2026-11", Memo: fmt.Sprintf("sale %d", i+1), Currency: "CNY",
			Lines: []erp.Line{
				{Account: "1122", Debit: a, Credit: cny(0), Aux: map[string]string{"FFLEX6": "CUST01"}},
				{Account: "6001", Debit: cny(0), Credit: a},
			}})
	}
	return out
}

func outcomes(rs []erp.Result) string {
	var b []string
	for _, r := range rs {
		b = append(b, string(r.Outcome))
	}
	return strings.Join(b, ",")
}

// perID counts the stored vouchers by the hub id their explanations start with.
func perID(s *sim.Server) map[string]int {
	n := map[string]int{}
	for _, v := range s.Vouchers() {
		id, _, _ := strings.Cut(v.Entries[0].Explanation, " ")
		n[id]++
	}
	return n
}

func TestPush_TwiceExistsOnceAndAudited(t *testing.T) {
	s, base := start(t, opts)
	p := signed(t, base, nil)
	ctx := context.Background()
	vs := vouchers(3)
	rs, err := p.Push(ctx, vs)
	if err != nil || outcomes(rs) != "created,created,created" {
		t.Fatalf("first push %s, %v", outcomes(rs), err)
	}
	rs2, err := p.Push(ctx, vs)
	if err != nil || outcomes(rs2) != "exists,exists,exists" {
		t.Fatalf("second push %s, %v", outcomes(rs2), err)
	}
	for i := range rs {
		if rs[i].ERPRef == "" || rs[i].ERPRef != rs2[i].ERPRef {
			t.Fatalf("refs %q then %q: the second push must name the voucher the first made", rs[i].ERPRef, rs2[i].ERPRef)
		}
	}
	stored := s.Vouchers()
	if len(stored) != 3 {
		t.Fatalf("%d vouchers stored, want 3", len(stored))
	}
	for _, v := range stored {
		if v.Status != "C" || v.Book != "001" || v.Group != "PRE001" || v.Entries[0].Detail["FDETAILID__FFLEX6"] != "CUST01" || v.Entries[0].Currency != "PRE001" {
			t.Fatalf("stored %+v", v)
		}
	}
	if v := stored[1]; v.Entries[0].Debit != "20.00" || v.Entries[1].Credit != "20.00" || v.Date != "2026-11-03" {
		t.Fatalf("second voucher %+v", v)
	}
}

func TestPush_ThirdSaveRefusedThenRetryCompletesWithoutDuplicates(t *testing.T) {
	s, base := start(t, opts)
	p := signed(t, base, nil)
	ctx := context.Background()
	vs := vouchers(5)
	s.FailSave(3)
	rs, err := p.Push(ctx, vs)
	if err != nil || outcomes(rs) != "created,created,failed,created,created" {
		t.Fatalf("first push %s, %v", outcomes(rs), err)
	}
	if rs[2].Err == nil || !strings.Contains(rs[2].Err.Error(), "已结账") {
		t.Fatalf("the refusal must carry Kingdee's message: %v", rs[2].Err)
	}
	rs, err = p.Push(ctx, vs)
	if err != nil || outcomes(rs) != "exists,exists,created,exists,exists" {
		t.Fatalf("retry %s, %v", outcomes(rs), err)
	}
	for id, n := range perID(s) {
		if n != 1 {
			t.Fatalf("voucher %s stored %d times", id, n)
		}
	}
	if len(perID(s)) != 5 {
		t.Fatalf("stored %v, want all 5", perID(s))
	}
}

func TestPush_TimeoutStopsThePushAndTheRetryFindsWhatWasSaved(t *testing.T) {
	s, base := start(t, opts)
	p := signed(t, base, func(c *kd.Config) { c.HTTP = &http.Client{Timeout: 300 * time.Millisecond} })
	ctx := context.Background()
	vs := vouchers(3)
	// Calls: query, then save/submit/audit per voucher; the 5th (second
	// voucher's save) hangs.
	s.Faults().Queue(sandbox.None, sandbox.None, sandbox.None, sandbox.None, sandbox.Hang)
	rs, err := p.Push(ctx, vs)
	if err == nil || len(rs) != 2 || outcomes(rs) != "created,failed" {
		t.Fatalf("push through a timeout: %s, %v; want it stopped at the second", outcomes(rs), err)
	}
	rs, err = p.Push(ctx, vs)
	if err != nil || outcomes(rs) != "exists,created,created" {
		t.Fatalf("retry %s, %v", outcomes(rs), err)
	}
	if len(s.Vouchers()) != 3 {
		t.Fatalf("%d stored, want 3", len(s.Vouchers()))
	}
}

func TestPush_BadSignatureIsRefusedTheWayKingdeeDoes(t *testing.T) {
	s, base := start(t, opts)
	p := signed(t, base, func(c *kd.Config) { c.AppSecret = "not-the-secret" })
	_, err := p.Push(context.Background(), vouchers(1))
	var ce *kd.CallError
	if err == nil || !strings.Contains(err.Error(), "签名验证失败") || !errors.As(err, &ce) {
		t.Fatalf("push with a wrong secret: %v; want Kingdee's refusal", err)
	}
	if len(s.Vouchers()) != 0 {
		t.Fatal("a refused call stored a voucher")
	}
}

func TestPush_SessionLoginAndReloginAfterTheSessionIsLost(t *testing.T) {
	s, base := start(t, opts)
	p, err := kd.New(kd.Config{BaseURL: base, AcctID: opts.AcctID, Username: opts.Username, Password: opts.Password, AccountBook: "001"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if rs, err := p.Push(ctx, vouchers(1)); err != nil || outcomes(rs) != "created" {
		t.Fatalf("push %s, %v", outcomes(rs), err)
	}
	s.LoseSessions()
	if rs, err := p.Push(ctx, vouchers(2)); err != nil || outcomes(rs) != "exists,created" {
		t.Fatalf("push after the session was lost %s, %v", outcomes(rs), err)
	}
	if n := s.Calls("ValidateUser"); n != 2 {
		t.Fatalf("%d logins, want 2 (the first, and one after the session was lost)", n)
	}
	bad, _ := kd.New(kd.Config{BaseURL: base, AcctID: opts.AcctID, Username: opts.Username, Password: "wrong", AccountBook: "001"})
	if _, err := bad.Push(ctx, vouchers(1)); err == nil || !strings.Contains(err.Error(), "LoginResultType 0") {
		t.Fatalf("push with a wrong password: %v", err)
	}
}

func TestPush_UnbalancedOrUnknownAccountIsFailedNotStopped(t *testing.T) {
	s, base := start(t, opts)
	p := signed(t, base, nil)
	vs := vouchers(2)
	vs[0].Lines[0].Account = "9999"
	rs, err := p.Push(context.Background(), vs)
	if err != nil || outcomes(rs) != "failed,created" || !strings.Contains(rs[0].Err.Error(), "9999") {
		t.Fatalf("%s, %v, %v", outcomes(rs), err, rs[0].Err)
	}
	if len(s.Vouchers()) != 1 {
		t.Fatalf("%d stored", len(s.Vouchers()))
	}
}

func TestPush_SavedButNotSubmittedIsFinishedByTheNextPush(t *testing.T) {
	s, base := start(t, opts)
	p := signed(t, base, nil)
	ctx := context.Background()
	vs := vouchers(2)
	s.FailSubmit(1)
	rs, err := p.Push(ctx, vs)
	if err != nil || outcomes(rs) != "failed,created" || rs[0].ERPRef == "" || !strings.Contains(rs[0].Err.Error(), "saved as") {
		t.Fatalf("first push %s, %v, %v", outcomes(rs), err, rs[0].Err)
	}
	if st := s.Vouchers()[0].Status; st != "A" {
		t.Fatalf("the refused voucher has status %s, want A (saved)", st)
	}
	rs, err = p.Push(ctx, vs)
	if err != nil || outcomes(rs) != "exists,exists" {
		t.Fatalf("retry %s, %v", outcomes(rs), err)
	}
	for _, v := range s.Vouchers() {
		if v.Status != "C" {
			t.Fatalf("voucher %d has status %s after the retry, want C (audited)", v.ID, v.Status)
		}
	}
	if len(s.Vouchers()) != 2 {
		t.Fatalf("%d stored", len(s.Vouchers()))
	}
}

func TestPush_AnUnbalancedVoucherIsNotSent(t *testing.T) {
	s, base := start(t, opts)
	p := signed(t, base, nil)
	vs := vouchers(2)
	vs[0].Lines[0].Debit = cny(vs[0].Lines[0].Debit.Minor() + 1)
	rs, err := p.Push(context.Background(), vs)
	if err != nil || outcomes(rs) != "failed,created" || !strings.Contains(rs[0].Err.Error(), "debits") {
		t.Fatalf("%s, %v, %v", outcomes(rs), err, rs[0].Err)
	}
	if s.Calls("Save") != 1 {
		t.Fatalf("%d saves, want 1: the unbalanced voucher must not reach Kingdee", s.Calls("Save"))
	}
}
