package erpdb_test

import (
	"context"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/erp"
	"github.com/fnshub/fnshub/internal/erp/erpdb"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

var now = time.Date(2026, 12, 2, 1, 0, 0, 0, time.UTC)

func TestStore_BothEngines(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			s := erpdb.New(e.Open(t))
			ctx := context.Background()
			t.Run("maps are versioned per ERP", func(t *testing.T) { maps(ctx, t, s) })
			t.Run("connections keep secrets apart and set them one by one", func(t *testing.T) { connections(ctx, t, s) })
			t.Run("pushes keep the last outcome and count attempts", func(t *testing.T) { pushes(ctx, t, s) })
		})
	}
}

func maps(ctx context.Context, t *testing.T, s *erpdb.Store) {
	if _, err := s.CurrentMap(ctx, erp.Kingdee); fault.KindOf(err) != fault.NotFound {
		t.Fatalf("no map yet: %v, want NotFound", err)
	}
	one := []erp.MapEntry{{Hub: "1122", Account: "1122.01", Aux: map[string]string{"FFLEX6": "C1"}}}
	m1, err := s.SaveMap(ctx, erp.Kingdee, one, now)
	if err != nil || m1.Version != 1 {
		t.Fatalf("first save: %+v %v", m1, err)
	}
	m2, err := s.SaveMap(ctx, erp.Kingdee, append(one, erp.MapEntry{Hub: "6001", Channel: "tmall", Account: "6001"}), now)
	if err != nil || m2.Version != 2 {
		t.Fatalf("second save: %+v %v", m2, err)
	}
	if o, err := s.SaveMap(ctx, erp.Odoo, one, now); err != nil || o.Version != 1 {
		t.Fatalf("another ERP counts its own versions: %+v %v", o, err)
	}
	cur, err := s.CurrentMap(ctx, erp.Kingdee)
	if err != nil || cur.Version != 2 || len(cur.Entries) != 2 || cur.Entries[0].Aux["FFLEX6"] != "C1" || cur.Entries[1].Channel != "tmall" || !cur.CreatedAt.Equal(now) {
		t.Fatalf("current %+v %v", cur, err)
	}
}

func connections(ctx context.Context, t *testing.T, s *erpdb.Store) {
	if _, _, err := s.Connection(ctx, erp.Kingdee); fault.KindOf(err) != fault.NotFound {
		t.Fatalf("no connection yet: %v", err)
	}
	c := erp.Connection{ERP: erp.Kingdee, BaseURL: "https://k3.example.cn/k3cloud/", Settings: map[string]string{"acct_id": "A1"}, UpdatedAt: now}
	got, err := s.PutConnection(ctx, c, []erp.SealedSecret{{Name: "app_secret", KeyID: "k1", Sealed: []byte{1, 2}}, {Name: "password", KeyID: "k1", Sealed: []byte{3}}})
	if err != nil || got.Settings["acct_id"] != "A1" || len(got.Secrets) != 2 {
		t.Fatalf("put %+v %v", got, err)
	}
	c.Settings = map[string]string{"acct_id": "A2"}
	if _, err := s.PutConnection(ctx, c, []erp.SealedSecret{{Name: "password", KeyID: "k2", Sealed: []byte{9}}}); err != nil {
		t.Fatal(err)
	}
	got, secrets, err := s.Connection(ctx, erp.Kingdee)
	if err != nil || got.Settings["acct_id"] != "A2" || len(secrets) != 2 || secrets[1].KeyID != "k2" || secrets[1].Sealed[0] != 9 || secrets[0].Sealed[0] != 1 {
		t.Fatalf("after the second put: %+v %+v %v", got, secrets, err)
	}
	all, err := s.Connections(ctx)
	if err != nil || len(all) != 1 {
		t.Fatalf("connections %+v %v", all, err)
	}
}

func pushes(ctx context.Context, t *testing.T, s *erpdb.Store) {
	p := erp.Push{ERP: erp.Kingdee, VoucherID: "FNS-1-5", Entity: 1, EntryID: 5, Period: "2026-11", MapVersion: 2, Outcome: erp.Failed, Error: "期间已结账", At: now}
	q := erp.Push{ERP: erp.Kingdee, VoucherID: "FNS-2-9", Entity: 2, EntryID: 9, Period: "2026-11", MapVersion: 2, Outcome: erp.Created, ERPRef: "100001", At: now}
	if err := s.RecordPushes(ctx, []erp.Push{p, q}); err != nil {
		t.Fatal(err)
	}
	p.Outcome, p.ERPRef, p.Error = erp.Created, "100002", ""
	if err := s.RecordPushes(ctx, []erp.Push{p}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Pushes(ctx, erp.Kingdee, 0, "2026-11")
	if err != nil || len(got) != 2 {
		t.Fatalf("pushes %+v %v", got, err)
	}
	if got[0].VoucherID != "FNS-1-5" || got[0].Outcome != erp.Created || got[0].Attempt != 2 || got[0].Error != "" || got[0].ERPRef != "100002" || !got[0].Arrived() {
		t.Fatalf("retried voucher %+v", got[0])
	}
	if one, err := s.Pushes(ctx, erp.Kingdee, 2, "2026-11"); err != nil || len(one) != 1 || one[0].Attempt != 1 {
		t.Fatalf("entity 2: %+v %v", one, err)
	}
	if none, err := s.Pushes(ctx, erp.Odoo, 0, "2026-11"); err != nil || len(none) != 0 {
		t.Fatalf("odoo: %+v %v", none, err)
	}
}
