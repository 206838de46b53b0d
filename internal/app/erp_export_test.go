package app_test

import (
	"bytes"
	"crypto/rand"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/entity/entitydb"
	"github.com/fnshub/fnshub/internal/erp"
	"github.com/fnshub/fnshub/internal/erp/erpdb"
	_ "github.com/fnshub/fnshub/internal/erp/kingdee" // registers the Kingdee pusher
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/ledger/ledgerdb"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/pii"
	sim "github.com/fnshub/fnshub/internal/sandbox/kingdee"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// erpRig is one engine's books with n sales in November 2026 (Shanghai),
// one in December, a Kingdee sandbox and the export wired to both.
type erpRig struct {
	x   *app.Vouchers
	sim *sim.Server
}

func newERPRig(t *testing.T, open storetest.Opener, n int) *erpRig {
	t.Helper()
	return newERPRigAt(t, open, n, nil)
}

func newERPRigAt(t *testing.T, open storetest.Opener, n int, now func() time.Time) *erpRig {
	t.Helper()
	db := open(t)
	books := ledger.New(ledgerdb.New(db), ledger.Options{})
	t.Cleanup(books.Close)
	must(t, books.InstallDefaultChart(ctx))
	for i := range n + 1 {
		at := time.Date(2026, 11, 2+i, 3, 0, 0, 0, time.UTC)
		if i == n {
			at = time.Date(2026, 11, 30, 16, 0, 0, 0, time.UTC) // 1 Dec 00:00 in Shanghai: December's
		}
		a := money.New(int64(i+1)*1000, "CNY")
		neg, _ := a.Neg()
		_, err := books.Post(ctx, ledger.Request{SourceKey: "sale-" + string(rune('a'+i)), Description: "sale", EffectiveAt: at,
			Postings: []ledger.Posting{{Account: "1122", Amount: a, Dims: ledger.Dims{Channel: "tmall"}}, {Account: "6001", Amount: neg}}})
		must(t, err)
	}
	keys, err := pii.NewKeyring(pii.Key{ID: "t1", Secret: []byte((rand.Text() + rand.Text())[:pii.KeySize])})
	must(t, err)
	r := &erpRig{x: app.NewVouchers(ledgerdb.New(db), entitydb.New(db), erpdb.New(db), keys, now)}
	const appID = "245678_QWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4"
	r.sim = sim.New(sim.Options{AcctID: "A1", Username: "fnshub", AppID: appID, AppSecret: "s3cret"})
	srv := httptest.NewServer(r.sim.Handler())
	t.Cleanup(srv.Close)
	_, err = r.x.SaveConnection(ctx, erp.Kingdee, app.ConnectionRequest{BaseURL: srv.URL + "/k3cloud/",
		Settings: map[string]string{"acct_id": "A1", "username": "fnshub", "app_id": appID, "account_book": "001"},
		Secrets:  map[string]string{"app_secret": "s3cret"}})
	must(t, err)
	return r
}

func (r *erpRig) mapAll(t *testing.T) {
	t.Helper()
	_, err := r.x.SaveAccountMap(ctx, erp.Kingdee, []erp.MapEntry{{Hub: "1122", Account: "1122.01"}, {Hub: "6001", Account: "6001"}})
	must(t, err)
}

func TestExportVouchers_PushTwiceExistsOnce(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			r := newERPRig(t, e.Open, 3)
			r.mapAll(t)
			req := app.ExportRequest{ERP: erp.Kingdee, Period: "2026-11", Push: true}
			res, err := r.x.ExportVouchers(ctx, req)
			if err != nil || res.Vouchers != 3 || res.Sent != 3 || res.MapVersion != 1 {
				t.Fatalf("first push %+v, %v", res, err)
			}
			res, err = r.x.ExportVouchers(ctx, req)
			if err != nil || res.Sent != 0 || res.Arrived != 3 {
				t.Fatalf("second push %+v, %v; want nothing sent", res, err)
			}
			if n := len(r.sim.Vouchers()); n != 3 {
				t.Fatalf("Kingdee holds %d vouchers, want 3", n)
			}
			st, err := r.x.PushStatus(ctx, erp.Kingdee, 0, "2026-11")
			if err != nil || len(st) != 3 || st[0].Outcome != erp.Created || st[0].Attempt != 1 || st[0].ERPRef == "" {
				t.Fatalf("status %+v, %v", st, err)
			}
		})
	}
}

func TestExportVouchers_ThirdSaveFailsThenRetrySendsOnlyIt(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			r := newERPRig(t, e.Open, 4)
			r.mapAll(t)
			r.sim.FailSave(3)
			req := app.ExportRequest{ERP: erp.Kingdee, Period: "2026-11", Push: true}
			res, err := r.x.ExportVouchers(ctx, req)
			if err != nil || res.Sent != 4 || res.Results[2].Outcome != erp.Failed {
				t.Fatalf("first push %+v, %v", res, err)
			}
			st, _ := r.x.PushStatus(ctx, erp.Kingdee, 1, "2026-11")
			if st[2].Outcome != erp.Failed || !strings.Contains(st[2].Error, "已结账") {
				t.Fatalf("the failure is not visible: %+v", st[2])
			}
			res, err = r.x.ExportVouchers(ctx, req)
			if err != nil || res.Sent != 1 || res.Arrived != 3 || res.Results[0].Outcome != erp.Created {
				t.Fatalf("retry %+v, %v; want only the failed voucher sent", res, err)
			}
			seen := map[string]int{}
			for _, v := range r.sim.Vouchers() {
				id, _, _ := strings.Cut(v.Entries[0].Explanation, " ")
				seen[id]++
			}
			if len(seen) != 4 {
				t.Fatalf("Kingdee holds %v, want 4 vouchers", seen)
			}
			for id, n := range seen {
				if n != 1 {
					t.Fatalf("%s held %d times", id, n)
				}
			}
			if st, _ := r.x.PushStatus(ctx, erp.Kingdee, 1, "2026-11"); st[2].Attempt != 2 || st[2].Outcome != erp.Created {
				t.Fatalf("retried row %+v", st[2])
			}
		})
	}
}

func TestExportVouchers_UnmappedAccountRefusesAndPushesNothing(t *testing.T) {
	r := newERPRig(t, storetest.SQLite, 2)
	_, err := r.x.SaveAccountMap(ctx, erp.Kingdee, []erp.MapEntry{{Hub: "1122", Account: "1122.01"}})
	must(t, err)
	_, err = r.x.ExportVouchers(ctx, app.ExportRequest{ERP: erp.Kingdee, Period: "2026-11", Push: true})
	if fault.KindOf(err) != fault.Invalid || !strings.Contains(err.Error(), "6001") || !strings.Contains(err.Error(), erp.CodeUnmapped) && !strings.Contains(err.Error(), "no ERP account") {
		t.Fatalf("push with 6001 unmapped: %v", err)
	}
	if len(r.sim.Vouchers()) != 0 || r.sim.Calls("ExecuteBillQuery") != 0 {
		t.Fatal("an export refused for an unmapped account reached Kingdee")
	}
	if st, _ := r.x.PushStatus(ctx, erp.Kingdee, 0, "2026-11"); len(st) != 0 {
		t.Fatalf("refused export recorded %+v", st)
	}
}

func TestExportVouchers_FileInTheERPLayoutAndPlainCSVWithoutAMap(t *testing.T) {
	r := newERPRig(t, storetest.SQLite, 2)
	r.mapAll(t)
	var buf bytes.Buffer
	res, err := r.x.ExportVouchers(ctx, app.ExportRequest{ERP: erp.Kingdee, Period: "2026-11", Format: erp.FormatCSV, Out: &buf})
	if err != nil || res.Vouchers != 2 {
		t.Fatalf("%+v %v", res, err)
	}
	if !strings.Contains(buf.String(), "科目编码") || !strings.Contains(buf.String(), "001,2026-11-02") || strings.Contains(buf.String(), "2026-12-01") {
		t.Fatalf("kingdee file:\n%s", buf.String())
	}
	buf.Reset()
	if _, err := r.x.ExportVouchers(ctx, app.ExportRequest{ERP: erp.CSV, Period: "2026-12", Format: erp.FormatCSV, Out: &buf}); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(buf.String()), "\r\n"); len(lines) != 3 || !strings.Contains(lines[1], ",1122,1122,") {
		t.Fatalf("plain csv of December:\n%s", buf.String())
	}
	if _, err := r.x.ExportVouchers(ctx, app.ExportRequest{ERP: erp.CSV, Period: "2026-12", Push: true}); fault.KindOf(err) != fault.Invalid {
		t.Fatalf("pushing the plain csv: %v", err)
	}
	if _, err := r.x.SaveConnection(ctx, erp.Kingdee, app.ConnectionRequest{Settings: map[string]string{"nope": "x"}}); fault.KindOf(err) != fault.Invalid {
		t.Fatalf("unknown setting: %v", err)
	}
}

// TestPushAll_PushesLastMonthOnTheFirstAndThisMonth: on 1 December the
// daily push sends November's vouchers and December's, once each.
func TestPushAll_PushesLastMonthOnTheFirstAndThisMonth(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	now := func() time.Time { return time.Date(2026, 12, 1, 10, 0, 0, 0, shanghai) }
	r := newERPRigAt(t, storetest.SQLite, 3, now)
	r.mapAll(t)
	must(t, r.x.PushAll(ctx))
	must(t, r.x.PushAll(ctx))
	if n := len(r.sim.Vouchers()); n != 4 {
		t.Fatalf("Kingdee holds %d vouchers, want November's 3 and December's 1", n)
	}
	if st, _ := r.x.PushStatus(ctx, erp.Kingdee, 1, "2026-12"); len(st) != 1 || st[0].Attempt != 1 {
		t.Fatalf("December: %+v", st)
	}
}
