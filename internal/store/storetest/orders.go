package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/order/orderdb"
	"github.com/fnshub/fnshub/internal/store"
)

// ExerciseOrders runs the order storage contract (internal/order/orderdb)
// against one engine: the Tx writers internal/app calls, the loads it makes
// inside its transactions, and the reads behind the API.
func ExerciseOrders(t *testing.T, open Opener) {
	ctx := context.Background()
	t.Run("a list longer than an engine's parameter bound loads every order's lines", func(t *testing.T) {
		t.Parallel()
		db := open(t)
		// 16,385 ids padded to a power of two are 32,768 parameters, past
		// SQLite's 32,766: one IN list for them all would fail.
		const n = 16385
		recs := make([]*order.Record, n)
		for i := range recs {
			recs[i] = newOrder("tmall", "S1", fmt.Sprint("L", i), 1)
		}
		insertOrders(t, db, recs...)
		got, err := orderdb.New(db).List(ctx, order.Filter{Limit: n + 10})
		must(t, err)
		if len(got) != n {
			t.Fatalf("listed %d orders, want %d", len(got), n)
		}
		for _, r := range got {
			if len(r.Lines) != 1 {
				t.Fatalf("order %s listed with %d lines, want 1", r.ExternalID, len(r.Lines))
			}
		}
	})
	t.Run("a filtered time range lists the same orders whichever way it is read", func(t *testing.T) {
		t.Parallel()
		db := open(t)
		rng := rand.New(rand.NewPCG(7, 11))
		recs := make([]*order.Record, 600)
		statuses := []order.Status{order.Paid, order.Allocated, order.Shipped, order.Cancelled}
		for i := range recs {
			r := newOrder("tmall", []string{"S1", "S2", "S3"}[rng.IntN(3)], fmt.Sprint("T", i), 1+rng.IntN(3))
			r.Status = statuses[rng.IntN(len(statuses))]
			r.CreatedAt = at(0).Add(time.Duration(i*60-rng.IntN(6000)) * time.Minute) // mostly rising, some late
			recs[i] = r
		}
		insertOrders(t, db, recs...)
		for range 200 {
			from := at(0).Add(time.Duration(rng.IntN(40000)-2000) * time.Minute)
			f := order.Filter{Limit: 1 + rng.IntN(60), From: from, To: from.Add(time.Duration(rng.IntN(30000)) * time.Minute)}
			if rng.IntN(2) == 0 {
				f.Shop = "S2"
			}
			if rng.IntN(2) == 0 {
				f.Status = statuses[rng.IntN(len(statuses))]
			}
			if rng.IntN(4) == 0 {
				f.From = time.Time{}
			}
			if rng.IntN(3) == 0 {
				f.Before = order.ID(1 + rng.IntN(600))
			}
			if rng.IntN(3) == 0 {
				f.SKU = []string{"TEA-250", "TEA-500", "CUP"}[rng.IntN(3)]
			}
			var want []order.ID
			for i := len(recs) - 1; i >= 0 && len(want) < f.Limit; i-- {
				r := recs[i]
				hasSKU := f.SKU == "" || slices.ContainsFunc(r.Lines, func(l order.Line) bool { return l.SKU == f.SKU })
				if hasSKU && (f.Shop == "" || r.Shop == f.Shop) && (f.Status == "" || r.Status == f.Status) && (f.Before == 0 || r.ID < f.Before) &&
					(f.From.IsZero() || !r.CreatedAt.Before(f.From)) && r.CreatedAt.Before(f.To) {
					want = append(want, r.ID)
				}
			}
			for _, p := range []orderdb.Plan{{}, {Walk: true}, {SKUPerOrder: true}, {Walk: true, SKUPerOrder: true}} {
				var got []*order.Record
				must(t, db.Read(ctx, func(tx *store.Tx) (err error) { got, err = orderdb.ListPlanned(ctx, tx, f, p); return err }))
				ids := make([]order.ID, len(got))
				for i, r := range got {
					ids[i] = r.ID
				}
				if !slices.Equal(ids, want) {
					t.Fatalf("plan %+v, %+v: listed %v, want %v", p, f, ids, want)
				}
			}
		}
	})
	t.Run("the settleable view reconciliation reads is the full records' own", func(t *testing.T) {
		t.Parallel()
		exerciseSettleable(t, open)
	})
	t.Run("orders are stored with their lines and load by keys and by id", func(t *testing.T) {
		t.Parallel()
		db := open(t)
		a, b := newOrder("tmall", "S1", "1001", 2), newOrder("jd", "S2", "2001", 1)
		b.Hold, b.Status = &order.Hold{Reason: order.HoldNoStock, Message: "no stock", Detail: map[string]string{"TEA-250": "2"}}, order.OnHold
		b.Contact = []byte{0, 1, 2, 0xff}
		insertOrders(t, db, a, b)
		if a.ID == 0 || b.ID <= a.ID {
			t.Fatalf("ids %d, %d: want ascending ids from the engine", a.ID, b.ID)
		}
		must(t, db.InTx(ctx, func(tx *store.Tx) error {
			return orderdb.InsertVersions(ctx, tx, []order.Version{
				{OrderID: a.ID, Version: 2, Status: order.Paid, Effect: order.VersionCreated, RawEventID: a.RawEventID, ReceivedAt: at(1),
					ContentHash: "f_v2"}})
		}))
		must(t, db.InTx(ctx, func(tx *store.Tx) error {
			found, err := orderdb.LoadByKeys(ctx, tx, []order.Key{a.Key(), b.Key(), {Channel: "tmall", Shop: "S1", ExternalID: "nope"}})
			if err != nil {
				return err
			}
			if len(found) != 2 || found[a.Key()].Versions[2] != (order.Seen{Hash: "f_v2", Status: order.Paid}) || len(found[b.Key()].Versions) != 0 {
				return fmt.Errorf("loaded %d orders by key, versions %v / %v", len(found), found[a.Key()], found[b.Key()])
			}
			sameOrder(t, found[a.Key()], a)
			sameOrder(t, found[b.Key()], b)
			byID, err := orderdb.LoadByID(ctx, tx, b.ID, true)
			if err != nil {
				return err
			}
			sameOrder(t, byID, b)
			_, err = orderdb.LoadByID(ctx, tx, b.ID+100, true)
			wantKind(t, err, fault.NotFound)
			return nil
		}))
		got, err := orderdb.New(db).Get(ctx, a.ID)
		must(t, err)
		sameOrder(t, got, a)
		_, err = orderdb.New(db).Get(ctx, 999)
		wantKind(t, err, fault.NotFound)
	})
	t.Run("an update writes back what processing changes, lines only through ReplaceLines", func(t *testing.T) {
		t.Parallel()
		db := open(t)
		r := newOrder("tmall", "S1", "1001", 2)
		insertOrders(t, db, r)
		r.Version, r.Status, r.Warehouse, r.Carrier, r.TrackingNo = 5, order.Shipped, "SH", "SF", "SF123"
		r.AllocSeq, r.PaidEntry, r.RevenueEntry, r.UndoEntry = 1, 10, 11, 12
		r.Refunded, r.RefundedTax, r.RefundSeq, r.UpdatedAt = 500, 58, 1, at(9)
		r.Province, r.BuyerRef, r.Contact = "浙江省", "buyer-2", []byte("sealed")
		r.Hold = &order.Hold{Reason: order.HoldManual, Message: "check"}
		must(t, db.InTx(ctx, func(tx *store.Tx) error { return orderdb.UpdateOrder(ctx, tx, r) }))
		got, err := orderdb.New(db).Get(ctx, r.ID)
		must(t, err)
		sameOrder(t, got, r)
		r.Lines = r.Lines[:1]
		r.Lines[0].Quantity, r.Lines[0].SKU = 7, "TEA-500"
		must(t, r.Price())
		must(t, db.InTx(ctx, func(tx *store.Tx) error { return orderdb.ReplaceLines(ctx, tx, r) }))
		got, err = orderdb.New(db).Get(ctx, r.ID)
		must(t, err)
		sameOrder(t, got, r)
	})
	t.Run("a version has one effect, and versions list oldest first", func(t *testing.T) {
		t.Parallel()
		db := open(t)
		r := newOrder("tmall", "S1", "1001", 1)
		insertOrders(t, db, r)
		vs := []order.Version{
			{OrderID: r.ID, Version: 3, Status: order.Shipped, Effect: order.VersionApplied, RawEventID: 7, ReceivedAt: at(3)},
			{OrderID: r.ID, Version: 1, Status: order.Paid, Effect: order.VersionCreated, RawEventID: 5, ReceivedAt: at(1)},
			{OrderID: r.ID, Version: 2, Status: order.Paid, Effect: order.VersionStale, RawEventID: 6, ReceivedAt: at(4)},
		}
		must(t, db.InTx(ctx, func(tx *store.Tx) error { return orderdb.InsertVersions(ctx, tx, vs) }))
		err := db.InTx(ctx, func(tx *store.Tx) error { return orderdb.InsertVersions(ctx, tx, vs[:1]) })
		if !db.UniqueViolation(err) {
			t.Fatalf("a second effect of version 3: %v, want a unique violation", err)
		}
		got, err := orderdb.New(db).Versions(ctx, r.ID)
		must(t, err)
		want := []order.Version{vs[1], vs[2], vs[0]}
		if !slices.Equal(got, want) {
			t.Fatalf("versions = %+v, want %+v", got, want)
		}
	})
	t.Run("events are the order's trail, oldest first, payloads intact", func(t *testing.T) {
		t.Parallel()
		db := open(t)
		r := newOrder("tmall", "S1", "1001", 1)
		insertOrders(t, db, r)
		evs := []order.Event{
			{Topic: "order.ingested", OrderID: r.ID, Payload: json.RawMessage(`{"version":1,"名":"茶"}`), CreatedAt: at(1)},
			{Topic: "ledger.batch", Payload: json.RawMessage(`{}`), CreatedAt: at(2)}, // no order: not in its trail
			{Topic: "stock.reserved", OrderID: r.ID, Payload: json.RawMessage(`{"reservations":["a#1"]}`), CreatedAt: at(3)},
		}
		must(t, db.InTx(ctx, func(tx *store.Tx) error { return orderdb.InsertEvents(ctx, tx, evs) }))
		got, err := orderdb.New(db).Events(ctx, r.ID)
		must(t, err)
		if len(got) != 2 || got[0].Topic != "order.ingested" || got[1].Topic != "stock.reserved" || got[0].ID >= got[1].ID ||
			string(got[0].Payload) != string(evs[0].Payload) || !got[1].CreatedAt.Equal(at(3)) || got[1].OrderID != r.ID {
			t.Fatalf("events = %+v", got)
		}
	})
	t.Run("raw events keep their bytes under ids from the engine", func(t *testing.T) {
		t.Parallel()
		db := open(t)
		body := []byte{0, 0xff, 'x', 0, 0x80}
		var ids []int64
		must(t, db.InTx(ctx, func(tx *store.Tx) (err error) {
			if ids, err = orderdb.NextIDs(ctx, tx, "raw_events", 2); err != nil {
				return err
			}
			return orderdb.InsertRawEvents(ctx, tx, []order.RawEvent{
				{ID: ids[0], Source: "api", ReceivedAt: at(1), Body: body}, {ID: ids[1], Source: "import", ReceivedAt: at(2), Body: []byte("{}")}})
		}))
		var next []int64
		must(t, db.InTx(ctx, func(tx *store.Tx) (err error) { next, err = orderdb.NextIDs(ctx, tx, "raw_events", 1); return err }))
		if len(ids) != 2 || ids[0] < 1 || ids[1] <= ids[0] || len(next) != 1 || next[0] <= ids[1] {
			t.Fatalf("raw event ids %v then %v, want two ascending then a higher one", ids, next)
		}
		first := ids[0]
		var source string
		var got []byte
		var received int64
		must(t, db.Read(ctx, func(tx *store.Tx) error {
			return tx.QueryRow(ctx, `SELECT source, received_at, body FROM raw_events WHERE id = ?`, first).Scan(&source, &received, &got)
		}))
		if source != "api" || !store.Time(received).Equal(at(1)) || !bytes.Equal(got, body) {
			t.Fatalf("raw event = %s %d %x, want api %x", source, received, got, body)
		}
		err := db.InTx(ctx, func(tx *store.Tx) error {
			return orderdb.InsertRawEvents(ctx, tx, []order.RawEvent{{ID: first, Source: "api", ReceivedAt: at(3), Body: body}})
		})
		if !db.UniqueViolation(err) {
			t.Fatalf("a raw event under a used id: %v, want a unique violation", err)
		}
	})
	t.Run("list filters by shop, status, buyer, SKU and time, newest first, and pages by cursor", func(t *testing.T) {
		t.Parallel()
		exerciseOrderList(t, open(t))
	})
	t.Run("an action under a key is kept with the order it left, once", func(t *testing.T) {
		t.Parallel()
		db := open(t)
		r := newOrder("web", "S1", "A-1", 2)
		insertOrders(t, db, r)
		done := *r
		done.Status, done.Carrier, done.TrackingNo, done.RevenueEntry = order.Shipped, "SF", "SF1", 7
		a := order.Action{Key: "ship-1", OrderID: r.ID, Name: "ship", RequestHash: "h1", Result: &done, CreatedAt: at(9)}
		must(t, db.InTx(ctx, func(tx *store.Tx) error { return orderdb.InsertAction(ctx, tx, a) }))
		err := db.InTx(ctx, func(tx *store.Tx) error { return orderdb.InsertAction(ctx, tx, a) })
		if !db.UniqueViolation(err) {
			t.Fatalf("a second action under the key: %v, want a unique violation", err)
		}
		must(t, db.InTx(ctx, func(tx *store.Tx) error {
			if _, seen, err := orderdb.LookupAction(ctx, tx, "nope", r); err != nil || seen {
				return fmt.Errorf("an unknown key: seen %v, %v", seen, err)
			}
			got, seen, err := orderdb.LookupAction(ctx, tx, "ship-1", r)
			if err != nil || !seen || got.Name != "ship" || got.RequestHash != "h1" || got.OrderID != r.ID || !got.CreatedAt.Equal(at(9)) {
				return fmt.Errorf("looked up %+v, seen %v, %v", got, seen, err)
			}
			sameOrder(t, got.Result, &done)
			return nil
		}))
	})
}

func exerciseOrderList(t *testing.T, db *store.DB) {
	ctx := context.Background()
	var recs []*order.Record
	for i := range 7 {
		r := newOrder("tmall", fmt.Sprint("S", i%2), fmt.Sprint(1000+i), 1)
		r.CreatedAt, r.BuyerRef = at(int64(10*i)), fmt.Sprint("buyer-", i%3)
		if i%3 == 0 {
			r.Status, r.Hold = order.OnHold, &order.Hold{Reason: order.HoldNoStock, Message: "no stock"}
		}
		if i == 4 {
			r.Lines[0].SKU = "CUP"
		}
		recs = append(recs, r)
	}
	insertOrders(t, db, recs...)
	ids := func(f order.Filter) []order.ID {
		t.Helper()
		if f.Limit == 0 {
			f.Limit = 100
		}
		got, err := orderdb.New(db).List(ctx, f)
		must(t, err)
		var out []order.ID
		for _, r := range got {
			if len(r.Lines) == 0 {
				t.Fatalf("listed order %d without its lines", r.ID)
			}
			out = append(out, r.ID)
		}
		return out
	}
	id := func(is ...int) []order.ID {
		var out []order.ID
		for _, i := range slices.Backward(is) {
			out = append(out, recs[i].ID)
		}
		return out
	}
	cases := []struct {
		name string
		f    order.Filter
		want []order.ID
	}{
		{"all", order.Filter{}, id(0, 1, 2, 3, 4, 5, 6)},
		{"shop", order.Filter{Shop: "S1"}, id(1, 3, 5)},
		{"shops (a user's scope)", order.Filter{Shops: []string{"S1", "S0"}}, id(0, 1, 2, 3, 4, 5, 6)},
		{"shops and shop", order.Filter{Shops: []string{"S0"}, Shop: "S1"}, nil},
		{"one of the shops", order.Filter{Shops: []string{"S1", "nowhere"}}, id(1, 3, 5)},
		{"status", order.Filter{Status: order.OnHold}, id(0, 3, 6)},
		{"buyer", order.Filter{BuyerRef: "buyer-1"}, id(1, 4)},
		{"sku", order.Filter{SKU: "CUP"}, id(4)},
		{"time, half open", order.Filter{From: at(20), To: at(50)}, id(2, 3, 4)},
		{"together", order.Filter{Shop: "S0", Status: order.OnHold, From: at(1)}, id(6)},
		{"before the cursor", order.Filter{Before: recs[3].ID}, id(0, 1, 2)},
		{"limit", order.Filter{Limit: 2}, id(5, 6)},
		{"external id", order.Filter{ExternalID: "1003"}, id(3)},
		{"hold reason", order.Filter{Hold: order.HoldNoStock, Shop: "S1"}, id(3)},
	}
	for _, c := range cases {
		if got := ids(c.f); !slices.Equal(got, c.want) {
			t.Errorf("%s: ids %v, want %v", c.name, got, c.want)
		}
	}
	var paged []order.ID
	for cursor := order.ID(0); ; {
		page := ids(order.Filter{Before: cursor, Limit: 3})
		if len(page) == 0 {
			break
		}
		paged, cursor = append(paged, page...), page[len(page)-1]
	}
	if !slices.Equal(paged, id(0, 1, 2, 3, 4, 5, 6)) {
		t.Errorf("paging by cursor gave %v", paged)
	}
	held, err := orderdb.New(db).HeldIDs(ctx, []order.HoldReason{order.HoldNoStock, order.HoldAddress})
	must(t, err)
	if want := []order.ID{recs[0].ID, recs[3].ID, recs[6].ID}; !slices.Equal(held, want) {
		t.Errorf("held ids %v, want %v", held, want)
	}
}

// at is a time n seconds into 11.11, as stored (UTC, microseconds).
func at(n int64) time.Time {
	return time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Second)
}

// newOrder is a priced, paid order of n lines (TEA-250, TEA-500, …).
func newOrder(channel, shop, ext string, n int) *order.Record {
	r := &order.Record{Order: order.Order{Channel: channel, Shop: shop, ExternalID: ext, Version: 1, Status: order.Paid,
		BuyerRef: "buyer-1", Currency: "CNY", ShippingFee: money.New(800, "CNY"), Discount: money.New(300, "CNY"),
		Province: "上海", Fulfillment: order.Ship, CreatedAt: at(0), PaidAt: at(5), UpdatedAt: at(5)}, ContentHash: "f_" + ext}
	skus := []string{"TEA-250", "TEA-500", "CUP"}
	for i := range n {
		r.Lines = append(r.Lines, order.Line{SKU: skus[i%len(skus)], ExternalItemID: "item-" + ext, ExternalSKUID: fmt.Sprint("sku-", i),
			Title: "龙井茶", Quantity: int64(i + 1), UnitPrice: money.New(1999, "CNY"), LineDiscount: money.New(100, "CNY"),
			TaxRate: money.MustRate("0.13"), Returned: int64(i), Warehouse: []string{"SH", "GZ", ""}[i%3]})
	}
	if err := r.Price(); err != nil {
		panic(err)
	}
	return r
}

// insertOrders stores recs (with a raw event each) as ingestion does: ids
// from the engine, then the rows, in one transaction.
func insertOrders(t testing.TB, db *store.DB, recs ...*order.Record) {
	t.Helper()
	ctx := context.Background()
	must(t, db.InTx(ctx, func(tx *store.Tx) error {
		ids, err := orderdb.NextIDs(ctx, tx, "orders", len(recs))
		if err != nil {
			return err
		}
		rawIDs, err := orderdb.NextIDs(ctx, tx, "raw_events", len(recs))
		if err != nil {
			return err
		}
		raws := make([]order.RawEvent, len(recs))
		for i, r := range recs {
			r.ID, r.RawEventID = order.ID(ids[i]), rawIDs[i]
			raws[i] = order.RawEvent{ID: r.RawEventID, Source: "api", ReceivedAt: r.CreatedAt, Body: []byte(`{}`)}
		}
		if err := orderdb.InsertRawEvents(ctx, tx, raws); err != nil {
			return err
		}
		return orderdb.InsertOrders(ctx, tx, recs)
	}))
}

// sameOrder compares everything stored of an order but its versions.
func sameOrder(t testing.TB, got, want *order.Record) {
	t.Helper()
	enc := func(r *order.Record) string {
		c := *r
		c.Versions = nil
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if g, w := enc(got), enc(want); g != w {
		t.Errorf("order %d as loaded:\n%s\nwant:\n%s", want.ID, g, w)
	}
}
