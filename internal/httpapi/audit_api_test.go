package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/audit"
	"github.com/fnshub/fnshub/internal/audit/auditdb"
	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/auth/authdb"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

const auditSecret = "hunter2-never-in-the-log"

// TestAudit_EveryMutationAndRevealRecordsOneEntry walks the real route
// table with each handler replaced by one that reads the body and
// succeeds (or fails): every successful non-GET call and every GET of a
// reveals route leaves exactly one entry, other GETs, public routes and
// failed calls none.
func TestAudit_EveryMutationAndRevealRecordsOneEntry(t *testing.T) {
	ctx := context.Background()
	db := storetest.SQLite(t)
	a := auth.New(authdb.New(db), auth.Options{KDF: auth.TestKDF})
	if _, err := a.AddUser(ctx, "root", auth.Admin, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	token, _, err := a.CreateToken(ctx, "root", "test")
	if err != nil {
		t.Fatal(err)
	}
	log := newAuditLog(t, db)
	s := New(Deps{Auth: a, Audit: log})
	mux := http.NewServeMux()
	routes := s.routes()
	for _, rt := range routes {
		rt.handle = func(w http.ResponseWriter, r *http.Request) error {
			if _, err := io.ReadAll(r.Body); err != nil {
				return err
			}
			if r.Header.Get("X-Fail") != "" {
				return fault.New(fault.Invalid, "stub_failed", "the stub was asked to fail")
			}
			w.WriteHeader(http.StatusOK)
			return nil
		}
		mux.Handle(rt.pattern(), s.wrap(rt))
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	audited := 0
	for _, rt := range routes {
		if !rt.public && !allowed(rt.pattern(), auth.Admin) {
			t.Fatalf("%s: admins may not call it, so this walk cannot cover it", rt.pattern())
		}
		path := rt.path
		for _, name := range wildcards(rt.path) {
			path = strings.Replace(path, "{"+name+"}", "x1", 1)
		}
		for _, fail := range []bool{true, false} {
			before := auditCount(t, log)
			req, _ := http.NewRequest(rt.method, srv.URL+path+"?note=1", strings.NewReader(`{"name":"n1","password":"`+auditSecret+`"}`))
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", "application/json")
			if fail {
				req.Header.Set("X-Fail", "1")
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			added := auditCount(t, log) - before
			// The session's own routes refuse a token (401): a failed call.
			want := 0
			if !fail && !rt.sessionOnly && rt.audits() {
				want = 1
			}
			if added != want {
				t.Errorf("%s (failing: %v) → %d: %d audit entries, want %d", rt.pattern(), fail, resp.StatusCode, added, want)
				continue
			}
			if want == 1 {
				audited++
				assertLastEntry(t, log, rt)
			}
		}
	}
	mutations, reveals := 0, []string{}
	for _, rt := range routes {
		switch {
		case rt.signsIn:
			mutations++
		case rt.public, rt.sessionOnly:
		case rt.method != "GET":
			mutations++
		case rt.reveals:
			reveals = append(reveals, rt.pattern())
		}
	}
	wantReveals := "GET /api/v1/orders/{id}/receiver,GET /api/v1/shops/{id}/pending-orders.xlsx,GET /api/v1/raw-events,GET /api/v1/raw-events/{id}"
	if strings.Join(reveals, ",") != wantReveals || mutations < 40 || audited != mutations+len(reveals) {
		t.Fatalf("audited %d routes: %d mutations and reveals %v", audited, mutations, reveals)
	}
	rep, err := log.Verify(ctx)
	if err != nil || !rep.OK() || rep.Entries != int64(audited) {
		t.Fatalf("verify = %+v, %v; want %d entries", rep, err, audited)
	}
}

func auditCount(t *testing.T, log *audit.Log) int {
	t.Helper()
	n := 0
	if err := log.Each(context.Background(), audit.Filter{}, func(audit.Entry) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

func assertLastEntry(t *testing.T, log *audit.Log, rt route) {
	t.Helper()
	page, _, err := log.List(context.Background(), audit.Filter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	e := page[0]
	var d map[string]any
	if err := json.Unmarshal(e.Detail, &d); err != nil {
		t.Fatal(err)
	}
	body, _ := d["body"].(map[string]any)
	actor, role, via := "root", "admin", audit.ViaToken
	if rt.signsIn { // the name in the body signs in, by no token
		actor, role, via = "n1", "", audit.ViaSession
	}
	if e.Action != rt.pattern() || e.Actor != actor || e.Role != role || e.Via != via || e.Status != 200 ||
		strings.Contains(string(e.Detail), auditSecret) || d["query"] == nil || (rt.method != "GET" && body["name"] != "n1" && !strings.HasSuffix(rt.path, "/receiver")) {
		t.Errorf("%s: entry %+v detail %s", rt.pattern(), e, e.Detail)
	}
}

// auditRows is every stored detail and target, as raw text, to search
// for what must never be kept.
func (x *api) auditRows() string {
	x.t.Helper()
	var b strings.Builder
	err := x.db.Read(context.Background(), func(tx *store.Tx) error {
		rows, err := tx.Query(context.Background(), `SELECT actor, action, target, detail FROM audit_log ORDER BY seq`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var actor, action, target, detail string
			if err := rows.Scan(&actor, &action, &target, &detail); err != nil {
				return err
			}
			fmt.Fprintf(&b, "%s | %s | %s | %s\n", actor, action, target, detail)
		}
		return rows.Err()
	})
	if err != nil {
		x.t.Fatal(err)
	}
	return b.String()
}

// lastAudit returns the newest entries through the API, as admin.
func (x *api) lastAudit(query string) []map[string]any {
	x.t.Helper()
	out := x.mustDo(auth.Admin, "GET", "/api/v1/audit?"+query, "")
	var entries []map[string]any
	for _, e := range out["entries"].([]any) {
		entries = append(entries, e.(map[string]any))
	}
	return entries
}

// failingAudit is a log store whose appends fail, as a full disk would.
type failingAudit struct{ audit.Store }

func (failingAudit) Append(context.Context, []audit.Record) ([]audit.Entry, error) {
	return nil, fmt.Errorf("disk full")
}

func newAuditLog(t *testing.T, db *store.DB) *audit.Log {
	log := audit.New(auditdb.New(db), nil)
	t.Cleanup(log.Close)
	return log
}

// TestAudit_ALostEntryIsCountedAndLoggedLoudly: the call succeeded and
// its answer went out, so it stays a success; the lost entry is an error
// in the log and fnshub_audit_write_failures_total.
func TestAudit_ALostEntryIsCountedAndLoggedLoudly(t *testing.T) {
	ctx := context.Background()
	db := storetest.SQLite(t)
	a := auth.New(authdb.New(db), auth.Options{KDF: auth.TestKDF})
	if _, err := a.AddUser(ctx, "root", auth.Admin, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	token, _, err := a.CreateToken(ctx, "root", "test")
	if err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	failing := audit.New(failingAudit{}, nil)
	t.Cleanup(failing.Close)
	s := New(Deps{Auth: a, Audit: failing, Log: slog.New(slog.NewTextHandler(logs, nil))})
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	req, _ := http.NewRequest("POST", srv.URL+"/api/v1/tokens", strings.NewReader(`{"user":"root","label":"second"}`))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create token = %d", resp.StatusCode)
	}
	if got := testutil.ToFloat64(s.metrics.auditFailures); got != 1 {
		t.Fatalf("fnshub_audit_write_failures_total = %v, want 1", got)
	}
	if out := logs.String(); !strings.Contains(out, "level=ERROR") || !strings.Contains(out, "AUDIT RECORD LOST") || !strings.Contains(out, "POST /api/v1/tokens") {
		t.Fatalf("log = %s", out)
	}
}
