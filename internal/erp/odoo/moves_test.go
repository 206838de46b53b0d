package odoo_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/erp"
	"github.com/fnshub/fnshub/internal/erp/erpcall"
	"github.com/fnshub/fnshub/internal/erp/erpcall/pushtest"
	"github.com/fnshub/fnshub/internal/erp/odoo"
	"github.com/fnshub/fnshub/internal/sandbox"
	sbodoo "github.com/fnshub/fnshub/internal/sandbox/odoo"
)

func TestPush_PostedWithExactLines(t *testing.T) {
	sb, srv := start(t)
	c := odoo.New(odoo.Config{BaseURL: srv.URL, Database: "mycompany", APIKey: "odoo-key-1", HTTP: srv.Client()})
	v := pushtest.Vouchers(1)[0]
	res, err := c.Push(context.Background(), []erp.Voucher{v})
	if err != nil || res[0].Outcome != erp.Created {
		t.Fatalf("push: %v %+v", err, res)
	}
	moves := sb.Moves()
	if len(moves) != 1 {
		t.Fatalf("%d moves", len(moves))
	}
	m := moves[0]
	if m.State != "posted" || m.Name != "MISC/2026/11/0001" || m.Ref != "FNS-1-1" || m.Date != "2026-11-03" {
		t.Errorf("move %+v", m)
	}
	want := []sbodoo.Line{
		{AccountID: 11, Name: "cash in", Debit: "97.00", Credit: "0"},
		{AccountID: 13, Name: "commission", Debit: "3.00", Credit: "0"},
		{AccountID: 12, Name: "platform balance out", Debit: "0", Credit: "100.00"},
	}
	for i, l := range want {
		if m.Lines[i] != l {
			t.Errorf("line %d: %+v, want %+v", i, m.Lines[i], l)
		}
	}
	if n := sb.Calls("account.account/search_read"); n != 3 {
		t.Errorf("%d account look-ups for 3 codes", n)
	}
}

// A lost action_post leaves a draft (each JSON-2 call is its own
// transaction); the retry finds it by ref and posts it, creating nothing
// twice.
func TestPush_DraftLeftByFailedPostIsPosted(t *testing.T) {
	sb, srv := start(t)
	c := odoo.New(odoo.Config{BaseURL: srv.URL, Database: "mycompany", APIKey: "odoo-key-1", HTTP: srv.Client(),
		Retry: erpcall.Retry{Sleep: noSleep}})
	// search_read move, 3 × search_read account, create, then action_post fails.
	sb.Faults().Queue(sandbox.None, sandbox.None, sandbox.None, sandbox.None, sandbox.None, sandbox.ServerError)
	res, err := c.Push(context.Background(), pushtest.Vouchers(1))
	if err != nil || res[0].Outcome != erp.Created {
		t.Fatalf("push: %v %+v", err, res)
	}
	moves := sb.Moves()
	if len(moves) != 1 || moves[0].State != "posted" {
		t.Fatalf("moves %+v, want one posted", moves)
	}
	if sb.Calls("account.move/create") != 1 || sb.Faults().Count(sandbox.ServerError) != 1 {
		t.Errorf("creates %d, 503s %d", sb.Calls("account.move/create"), sb.Faults().Count(sandbox.ServerError))
	}
}

func TestPush_UnknownAccountFailsThatVoucher(t *testing.T) {
	sb, srv := start(t)
	c := odoo.New(odoo.Config{BaseURL: srv.URL, Database: "mycompany", APIKey: "odoo-key-1", HTTP: srv.Client()})
	vs := pushtest.Vouchers(2)
	vs[0].Lines[1].Account = "9999"
	res, err := c.Push(context.Background(), vs)
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Outcome != erp.Failed || !strings.Contains(res[0].Err.Error(), "9999") || res[1].Outcome != erp.Created {
		t.Errorf("results %+v", res)
	}
	if len(sb.Moves()) != 1 {
		t.Errorf("%d moves", len(sb.Moves()))
	}
}

func TestPush_WrongDatabaseRefused(t *testing.T) {
	_, srv := start(t)
	c := odoo.New(odoo.Config{BaseURL: srv.URL, Database: "other", APIKey: "odoo-key-1", HTTP: srv.Client()})
	res, err := c.Push(context.Background(), pushtest.Vouchers(1))
	var e *erpcall.Error
	if err != nil || !errors.As(res[0].Err, &e) || e.Status != http.StatusNotFound {
		t.Errorf("push to an unknown database: %v %+v", err, res)
	}
}

func TestSandbox_RejectsUnbalancedEntry(t *testing.T) {
	_, srv := start(t)
	body := `{"vals_list":[{"move_type":"entry","ref":"X","date":"2026-11-03","line_ids":[[0,0,{"account_id":11,"name":"a","debit":10.00,"credit":0}],[0,0,{"account_id":12,"name":"b","debit":0,"credit":9.99}]]}]}`
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/json/2/account.move/create", strings.NewReader(body))
	req.Header.Set("Authorization", "bearer odoo-key-1")
	req.Header.Set("X-Odoo-Database", "mycompany")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := erpcall.ReadBody("odoo", resp)
	got := odoo.DecodeError(resp.StatusCode, raw)
	var e *erpcall.Error
	if !errors.As(got, &e) || e.Status != 422 || e.Code != "odoo.exceptions.UserError" || !strings.Contains(e.Message, "not balanced") || e.Kind != erpcall.Refused {
		t.Errorf("unbalanced create: %v", got)
	}
}

func TestDecodeError_Kinds(t *testing.T) {
	cases := []struct {
		status int
		body   string
		kind   erpcall.Kind
		msg    string
	}{
		{401, `{"name":"werkzeug.exceptions.Unauthorized","message":"Invalid apikey","arguments":["Invalid apikey",401],"context":{},"debug":"..."}`, erpcall.Auth, "Invalid apikey"},
		{422, `{"name":"odoo.exceptions.ValidationError","message":"lock date","arguments":[],"context":{},"debug":""}`, erpcall.Refused, "lock date"},
		{429, `Too Many Requests`, erpcall.Transient, "Too Many Requests"},
		{502, `<html>bad gateway</html>`, erpcall.Transient, "bad gateway"},
	}
	for _, c := range cases {
		err := odoo.DecodeError(c.status, []byte(c.body))
		if erpcall.KindOf(err) != c.kind || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%d %s: %v (kind %v)", c.status, c.body, err, erpcall.KindOf(err))
		}
	}
}

func noSleep(context.Context, time.Duration) error { return nil }

// A call that hangs is given up by the client's timeout and tried again.
func TestPush_SlowAnswerRetried(t *testing.T) {
	sb, srv := start(t)
	hc := srv.Client()
	hc.Timeout = 150 * time.Millisecond
	c := odoo.New(odoo.Config{BaseURL: srv.URL, Database: "mycompany", APIKey: "odoo-key-1", HTTP: hc, Retry: erpcall.Retry{Sleep: noSleep}})
	sb.Faults().Queue(sandbox.Hang)
	res, err := c.Push(context.Background(), pushtest.Vouchers(1))
	if err != nil || res[0].Outcome != erp.Created || len(sb.Moves()) != 1 {
		t.Fatalf("after a hang: %v %+v", err, res)
	}
	if sb.Faults().Count(sandbox.Hang) != 1 {
		t.Error("the hang was not served")
	}
}
