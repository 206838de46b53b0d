package storetest

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/fnshub/fnshub/internal/entity"
	"github.com/fnshub/fnshub/internal/entity/entitydb"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/store"
)

// NewInventory returns stock over a fresh database with warehouse SH
// (Shanghai) and 100 units of SKU-1 in it.
func NewInventory(t testing.TB, open Opener) (*Stock, *store.DB) {
	t.Helper()
	db := open(t)
	return NewInventoryOn(t, db), db
}

// NewInventoryOn is NewInventory on an open, migrated database.
func NewInventoryOn(t testing.TB, db *store.DB) *Stock {
	t.Helper()
	s := NewStock(db)
	ctx := context.Background()
	for _, id := range []string{"tmall", "jd", "douyin"} {
		AddShop(t, db, id, id)
	}
	_, err := s.CreateWarehouse(ctx, inventory.Warehouse{Code: "SH", Name: "上海仓", Province: "上海", Active: true})
	must(t, err)
	_, _, err = s.Receive(ctx, "po-1", inventory.Line{SKU: "SKU-1", Warehouse: "SH", Quantity: 100})
	must(t, err)
	return s
}

// ExerciseInventory runs the stock storage contract against one engine.
func ExerciseInventory(t *testing.T, open Opener) {
	ctx := context.Background()
	line := func(sku string, q int64) inventory.Line {
		return inventory.Line{SKU: sku, Warehouse: "SH", Quantity: q}
	}
	t.Run("a receipt replays and refuses a reused key", func(t *testing.T) {
		t.Parallel()
		s, _ := NewInventory(t, open)
		lvl, replayed, err := s.Receive(ctx, "po-1", line("SKU-1", 100))
		must(t, err)
		if !replayed || lvl.OnHand != 100 {
			t.Fatalf("replayed receipt = %+v replayed=%v, want on hand 100 once", lvl, replayed)
		}
		_, _, err = s.Receive(ctx, "po-1", line("SKU-1", 99))
		wantKind(t, err, fault.Conflict)
		_, _, err = s.Receive(ctx, "po-2", inventory.Line{SKU: "SKU-1", Warehouse: "NOPE", Quantity: 1})
		wantKind(t, err, fault.NotFound)
	})
	t.Run("a reservation holds all lines or none, and a key used before fails the transaction", func(t *testing.T) {
		t.Parallel()
		s, _ := NewInventory(t, open)
		_, err := s.ReserveOne(ctx, "o1", "order-1", line("SKU-1", 60), line("SKU-1", 41))
		wantKind(t, err, fault.Conflict)
		rs, err := s.ReserveOne(ctx, "o2", "order-2", line("SKU-1", 60), line("SKU-1", 40))
		must(t, err)
		if len(rs) != 2 || rs[0].ID != "o2#1" || rs[1].ID != "o2#2" || rs[1].Quantity != 40 || rs[1].Status != inventory.Held {
			t.Fatalf("reservations = %+v", rs)
		}
		assertLevel(t, s, 100, 100)
		_, _, err = s.Receive(ctx, "po-2", line("SKU-1", 100))
		must(t, err)
		_, err = s.ReserveOne(ctx, "o2", "order-2", line("SKU-1", 60), line("SKU-1", 40))
		if err == nil || fault.KindOf(err) == fault.Conflict {
			t.Fatalf("a reused reservation key: %v, want the transaction to fail", err)
		}
		assertLevel(t, s, 200, 100)
		assertStockChecks(t, s)
	})
	t.Run("a group decides its requests in order, a refusal failing none of the others", func(t *testing.T) {
		t.Parallel()
		s, _ := NewInventory(t, open)
		outs, err := s.Reserve(ctx,
			inventory.ReserveRequest{Key: "a", Ref: "order-a", Lines: []inventory.Line{line("SKU-1", 70)}},
			inventory.ReserveRequest{Key: "b", Ref: "order-b", Lines: []inventory.Line{line("SKU-1", 20), line("SKU-1", 11)}},
			inventory.ReserveRequest{Key: "c", Ref: "order-c", Lines: []inventory.Line{line("SKU-1", 30)}},
			inventory.ReserveRequest{Key: "d", Ref: "order-d", Lines: []inventory.Line{line("NOPE", 1)}},
		)
		must(t, err)
		if outs[0].Err != nil || outs[2].Err != nil || len(outs[2].Reservations) != 1 {
			t.Fatalf("outcomes %+v: want a and c held", outs)
		}
		wantKind(t, outs[1].Err, fault.Conflict) // 70 + 31 > 100: all of b or none
		wantKind(t, outs[3].Err, fault.Conflict) // no stock of NOPE at all
		assertLevel(t, s, 100, 100)
		held, err := s.ResolveHeld(ctx, "order-b", inventory.Released)
		if err != nil || len(held) != 0 {
			t.Fatalf("held of the refused request: %v %v", held, err)
		}
		assertStockChecks(t, s)
	})
	t.Run("a warehouse changes in place, and an unknown one is not found", func(t *testing.T) {
		t.Parallel()
		s, _ := NewInventory(t, open)
		w, err := s.UpdateWarehouse(ctx, "SH", func(w *inventory.Warehouse) { w.Active, w.Priority = false, 9 })
		must(t, err)
		ws, err := s.Warehouses(ctx)
		must(t, err)
		if w.Active || len(ws) != 1 || ws[0].Active || ws[0].Priority != 9 || ws[0].Name != "上海仓" {
			t.Fatalf("updated %+v, stored %+v", w, ws)
		}
		_, err = s.UpdateWarehouse(ctx, "NOPE", func(*inventory.Warehouse) {})
		wantKind(t, err, fault.NotFound)
		_, err = s.UpdateWarehouse(ctx, "SH", func(w *inventory.Warehouse) { w.Name = "" })
		wantKind(t, err, fault.Invalid)
	})
	t.Run("a warehouse belongs to one legal entity, which the database keeps", func(t *testing.T) {
		t.Parallel()
		exerciseWarehouseEntity(t, open)
	})
	t.Run("a reservation resolves once", func(t *testing.T) {
		t.Parallel()
		s, _ := NewInventory(t, open)
		rs, err := s.ReserveOne(ctx, "o1", "order-1", line("SKU-1", 10))
		must(t, err)
		_, _, err = s.Ship(ctx, "ship-1", rs[0].ID)
		must(t, err)
		_, replayed, err := s.Ship(ctx, "ship-1", rs[0].ID)
		if err != nil || !replayed {
			t.Fatalf("repeated shipment: replayed=%v err=%v", replayed, err)
		}
		_, _, err = s.Release(ctx, "cancel-1", rs[0].ID)
		wantKind(t, err, fault.Conflict)
		_, _, err = s.Release(ctx, "cancel-2", "no-such#1")
		wantKind(t, err, fault.NotFound)
		assertLevel(t, s, 90, 0)
		assertStockChecks(t, s)
	})
	t.Run("racing resolutions: one takes effect, a same-key twin replays it", func(t *testing.T) {
		t.Parallel()
		s, _ := NewInventory(t, open)
		rs, err := s.ReserveOne(ctx, "o1", "order-1", line("SKU-1", 10), line("SKU-1", 20))
		must(t, err)
		var ok, replays int64
		racers := []func() (inventory.Reservation, bool, error){
			func() (inventory.Reservation, bool, error) { return s.Ship(ctx, "ship-a", rs[0].ID) },
			func() (inventory.Reservation, bool, error) { return s.Ship(ctx, "ship-a", rs[0].ID) },
			func() (inventory.Reservation, bool, error) { return s.Release(ctx, "cancel-b", rs[0].ID) },
		}
		results := make([]error, len(racers))
		replayed := make([]bool, len(racers))
		FlashSale(len(racers), func(i int) error {
			_, replayed[i], results[i] = racers[i]()
			return results[i]
		})
		for i, err := range results {
			if err == nil {
				ok++
				if replayed[i] {
					replays++
				}
			}
		}
		shipped := results[0] == nil || results[1] == nil
		if (shipped && (ok != 2 || replays != 1 || results[2] == nil)) || (!shipped && ok != 1) {
			t.Fatalf("results %v replayed %v: want the shipment twice (one replay) or the release alone", results, replayed)
		}
		assertStockChecks(t, s)
	})
	t.Run("a transfer moves only available stock, once", func(t *testing.T) {
		t.Parallel()
		s, _ := NewInventory(t, open)
		_, err := s.CreateWarehouse(ctx, inventory.Warehouse{Code: "GZ", Name: "广州仓", Active: true})
		must(t, err)
		_, err = s.ReserveOne(ctx, "o1", "order-1", line("SKU-1", 70))
		must(t, err)
		_, _, _, err = s.Transfer(ctx, "t1", line("SKU-1", 31), "GZ")
		wantKind(t, err, fault.Conflict)
		from, dest, _, err := s.Transfer(ctx, "t2", line("SKU-1", 30), "GZ")
		must(t, err)
		_, _, replayed, err := s.Transfer(ctx, "t2", line("SKU-1", 30), "GZ")
		if err != nil || !replayed || from.OnHand != 70 || dest.OnHand != 30 {
			t.Fatalf("transfer: from %+v dest %+v, replay %v %v", from, dest, replayed, err)
		}
		_, _, _, err = s.Transfer(ctx, "t3", line("SKU-1", 1), "NOPE")
		wantKind(t, err, fault.NotFound)
		assertStockChecks(t, s)
	})
	t.Run("the movement history lists each change newest first, by SKU and warehouse, a refused one not at all", func(t *testing.T) {
		t.Parallel()
		s, _ := NewInventory(t, open)
		_, err := s.CreateWarehouse(ctx, inventory.Warehouse{Code: "GZ", Name: "广州仓", Active: true})
		must(t, err)
		rs, err := s.ReserveOne(ctx, "o1", "order-1", line("SKU-1", 10))
		must(t, err)
		_, _, err = s.Ship(ctx, "ship-1", rs[0].ID)
		must(t, err)
		_, _, _, err = s.Transfer(ctx, "t1", line("SKU-1", 1000), "GZ")
		wantKind(t, err, fault.Conflict)
		_, _, _, err = s.Transfer(ctx, "t2", line("SKU-1", 5), "GZ")
		must(t, err)
		got := func(q inventory.MovementQuery) (string, int64) {
			t.Helper()
			ms, next, err := s.Movements(ctx, q)
			must(t, err)
			out := ""
			for _, m := range ms {
				out += fmt.Sprintf("%s %s %+d/%+d; ", m.Kind, m.Warehouse, m.OnHandDelta, m.ReservedDelta)
			}
			return out, next
		}
		all, next := got(inventory.MovementQuery{})
		if want := "transfer_in GZ +5/+0; transfer_out SH -5/+0; shipment SH -10/-10; receipt SH +100/+0; "; all != want || next != 0 {
			t.Fatalf("history = %q next %d, want %q", all, next, want)
		}
		if gz, _ := got(inventory.MovementQuery{Warehouse: "GZ", SKU: "SKU-1"}); gz != "transfer_in GZ +5/+0; " {
			t.Fatalf("GZ history = %q", gz)
		}
		first, next := got(inventory.MovementQuery{Limit: 3})
		rest, last := got(inventory.MovementQuery{Limit: 3, Before: next})
		if first+rest != all || next == 0 || last != 0 {
			t.Fatalf("pages %q + %q (next %d, last %d), want %q", first, rest, next, last, all)
		}
		_, _, err = s.Movements(ctx, inventory.MovementQuery{Limit: inventory.MaxMovements + 1})
		wantKind(t, err, fault.Invalid)
	})
	t.Run("returns come back to stock, never more than shipped", func(t *testing.T) {
		t.Parallel()
		s, _ := NewInventory(t, open)
		rs, err := s.ReserveOne(ctx, "o1", "order-1", line("SKU-1", 5))
		must(t, err)
		_, _, err = s.Return(ctx, "rma-0", rs[0].ID, 1)
		wantKind(t, err, fault.Conflict) // not shipped yet
		_, _, err = s.Ship(ctx, "ship-1", rs[0].ID)
		must(t, err)
		lvl, _, err := s.Return(ctx, "rma-1", rs[0].ID, 3)
		must(t, err)
		_, replayed, err := s.Return(ctx, "rma-1", rs[0].ID, 3)
		if err != nil || !replayed || lvl.OnHand != 98 {
			t.Fatalf("return: level %+v, replay %v %v", lvl, replayed, err)
		}
		_, _, err = s.Return(ctx, "rma-2", rs[0].ID, 3)
		wantKind(t, err, fault.Conflict) // 3 + 3 > 5 shipped
		_, _, err = s.Return(ctx, "rma-3", "nope#1", 1)
		wantKind(t, err, fault.NotFound)
		assertStockChecks(t, s)
	})
	t.Run("on hand cannot fall below what is reserved", func(t *testing.T) {
		t.Parallel()
		s, _ := NewInventory(t, open)
		_, err := s.ReserveOne(ctx, "o1", "order-1", line("SKU-1", 70))
		must(t, err)
		_, _, err = s.Adjust(ctx, "count-1", line("SKU-1", -31))
		wantKind(t, err, fault.Conflict)
		_, _, err = s.Adjust(ctx, "count-2", line("SKU-1", -30))
		must(t, err)
		assertLevel(t, s, 70, 70)
		assertStockChecks(t, s)
	})
	t.Run("check names a level that disagrees with its movements", func(t *testing.T) {
		t.Parallel()
		s, db := NewInventory(t, open)
		if err := exec(db, `UPDATE stock_levels SET on_hand = on_hand + 5`); err != nil {
			t.Fatal(err)
		}
		_, problems, err := s.Check(ctx)
		must(t, err)
		if len(problems) != 1 || problems[0].Rule != inventory.RuleOnHand || problems[0].SKU != "SKU-1" {
			t.Fatalf("check after a hand edit = %v", problems)
		}
	})
	t.Run("2,000 concurrent buyers of 100 units buy exactly 100", func(t *testing.T) {
		t.Parallel()
		s, _ := NewInventory(t, open)
		sold := FlashSale(2000, func(i int) error {
			_, err := s.ReserveOne(ctx, fmt.Sprint("buyer-", i), "flash", line("SKU-1", 1))
			return err
		})
		if sold != 100 {
			t.Fatalf("sold %d of 100 units", sold)
		}
		assertLevel(t, s, 100, 100)
		assertStockChecks(t, s)
	})
	t.Run("200 concurrent groups of 10 buyers each, as ingestion groups them, buy exactly 100", func(t *testing.T) {
		t.Parallel()
		s, _ := NewInventory(t, open)
		var sold atomic.Int64
		FlashSale(200, func(g int) error {
			reqs := make([]inventory.ReserveRequest, 10)
			for i := range reqs {
				reqs[i] = inventory.ReserveRequest{Key: fmt.Sprint("g", g, "-", i), Ref: "flash", Lines: []inventory.Line{line("SKU-1", 1)}}
			}
			outs, err := s.Reserve(ctx, reqs...)
			for _, o := range outs {
				if o.Err == nil {
					sold.Add(1)
				}
			}
			return err
		})
		if sold.Load() != 100 {
			t.Fatalf("sold %d of 100 units", sold.Load())
		}
		assertLevel(t, s, 100, 100)
		assertStockChecks(t, s)
	})
	t.Run("a cancellation racing a shipment of one order: exactly one takes effect", func(t *testing.T) {
		t.Parallel()
		s, _ := NewInventory(t, open)
		_, err := s.ReserveOne(ctx, "o1", "order-1", line("SKU-1", 10), line("SKU-1", 20))
		must(t, err)
		to := []inventory.Status{inventory.Released, inventory.Shipped}
		took := make([]bool, 2)
		FlashSale(2, func(i int) error {
			ids, err := s.ResolveHeld(ctx, "order-1", to[i])
			took[i] = err == nil && len(ids) == 2 // the loser fails, or finds nothing held
			return err
		})
		switch {
		case took[0] == took[1]:
			t.Fatalf("cancellation took effect %v, shipment %v: want exactly one", took[0], took[1])
		case took[1]:
			assertLevel(t, s, 70, 0)
		default:
			assertLevel(t, s, 100, 0)
		}
		assertStockChecks(t, s)
	})
	t.Run("the naive read-then-write reservation oversells (negative control)", func(t *testing.T) {
		t.Parallel()
		for round := range 5 {
			_, db := NewInventory(t, open)
			sold := FlashSale(2000, func(int) error { return naiveReserve(db, "SKU-1", "SH") })
			if sold > 100 {
				t.Logf("naive path sold %d of 100 units in round %d: the flash-sale test can catch an oversell", sold, round+1)
				return
			}
		}
		t.Fatal("the naive path never oversold in 5 rounds; the flash-sale test could not tell a broken reservation from a good one")
	})
}

// exerciseWarehouseEntity: warehouses belong to the default entity unless
// they name another (ADR 27); the entity changes only while the warehouse
// is empty; the database refuses an entity that does not exist; migration
// 18 gives existing warehouses the default entity.
func exerciseWarehouseEntity(t *testing.T, open Opener) {
	ctx := context.Background()
	s, db := NewInventory(t, open)
	_, err := entity.New(entitydb.New(db), nil).Create(ctx, entity.Entity{Code: "hk", Name: "HK", BaseCurrency: "CNY", Timezone: "Asia/Hong_Kong"})
	must(t, err)
	ws, err := s.Warehouses(ctx)
	must(t, err)
	if len(ws) != 1 || ws[0].Entity != "default" || ws[0].EntityID != 1 {
		t.Fatalf("SH = %+v, want the default entity", ws)
	}
	hk, err := s.CreateWarehouse(ctx, inventory.Warehouse{Code: "HK", Name: "香港仓", Active: true, Entity: "hk"})
	must(t, err)
	if hk.Entity != "hk" || hk.EntityID == 1 || hk.CreatedAt.IsZero() {
		t.Fatalf("HK = %+v", hk)
	}
	_, err = s.CreateWarehouse(ctx, inventory.Warehouse{Code: "X", Name: "X", Entity: "nope"})
	wantField(t, err, "entity")
	_, err = s.UpdateWarehouse(ctx, "SH", func(w *inventory.Warehouse) { w.Entity = "hk" })
	wantKind(t, err, fault.Conflict) // 100 units of SKU-1 on the default entity's books
	_, err = s.UpdateWarehouse(ctx, "HK", func(w *inventory.Warehouse) { w.Entity = "nope" })
	wantField(t, err, "entity")
	w, err := s.UpdateWarehouse(ctx, "HK", func(w *inventory.Warehouse) { w.Entity = "default" })
	must(t, err)
	if w.Entity != "default" || w.EntityID != 1 {
		t.Fatalf("HK after the change = %+v", w)
	}
	// The reference holds below the code: a trigger on SQLite, a foreign key on PostgreSQL.
	err = db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO warehouses (code, name, entity_id, created_at) VALUES ('Y', 'Y', 999, 1)`)
		return err
	})
	if err == nil {
		t.Fatal("the database took a warehouse of entity 999")
	}
	err = db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE warehouses SET entity_id = 999 WHERE code = 'HK'`)
		return err
	})
	if err == nil {
		t.Fatal("the database moved a warehouse to entity 999")
	}
	// Down and up again: every warehouse is the default entity's.
	must(t, db.MigrateDownTo(ctx, 17))
	_, err = db.Migrate(ctx)
	must(t, err)
	ws, err = s.Warehouses(ctx)
	must(t, err)
	for _, w := range ws {
		if w.EntityID != 1 {
			t.Fatalf("after migration 18 again: %+v", ws)
		}
	}
}
