package inventorydb

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/store"
)

// ReserveTx reserves a group of requests inside the caller's transaction:
// the one way stock is reserved (docs/adr/0018-one-stock-write-path.md). It
// locks the stock levels the group touches (in key order, so concurrent
// groups on other nodes cannot deadlock), decides in order which requests
// the stock covers — each all its lines or none — then writes one guarded
// UPDATE per level and multi-row INSERTs. The guard (on_hand - reserved >=
// the group's total) re-checks the decision in the database, and the
// table's CHECK is the last line: no path oversells.
//
// The keys must be new: a use case names reservations with keys new by
// construction (an order's id and allocation number, handed out in the same
// transaction) and makes the use case itself idempotent. So ReserveTx does
// not look for earlier reservations, and a key used before fails the
// transaction. A request the stock does not cover is refused in its outcome
// (Conflict) without failing the others; the returned error means the
// transaction must roll back.
func ReserveTx(ctx context.Context, tx *store.Tx, reqs []inventory.ReserveRequest, at time.Time) ([]inventory.ReserveOutcome, error) {
	g := &reserveGroup{tx: tx, at: at}
	outs, err := g.run(ctx, reqs)
	if err != nil {
		return nil, fmt.Errorf("inventorydb: reserve %d requests: %w", len(reqs), err)
	}
	return outs, nil
}

type levelKey struct{ sku, warehouse string }

// reserveGroup is the state of one reservation transaction.
type reserveGroup struct {
	tx     *store.Tx
	at     time.Time
	levels map[levelKey]*inventory.Level
	deltas map[levelKey]int64
	newRes []inventory.Reservation
}

func (g *reserveGroup) run(ctx context.Context, reqs []inventory.ReserveRequest) ([]inventory.ReserveOutcome, error) {
	if err := g.load(ctx, reqs); err != nil {
		return nil, err
	}
	outs := make([]inventory.ReserveOutcome, len(reqs))
	for i, r := range reqs {
		outs[i] = g.decide(r)
	}
	return outs, g.write(ctx)
}

// decide refuses or holds one request in memory.
func (g *reserveGroup) decide(r inventory.ReserveRequest) inventory.ReserveOutcome {
	need := map[levelKey]int64{}
	for _, l := range r.Lines {
		k := levelKey{l.SKU, l.Warehouse}
		need[k] += l.Quantity
		if lv := g.levels[k]; lv == nil || lv.Available() < need[k] {
			return inventory.ReserveOutcome{Err: inventory.ErrInsufficient(l)}
		}
	}
	var rs []inventory.Reservation
	for i, l := range r.Lines {
		res := inventory.Reservation{ID: reservationID(r.Key, i), Ref: r.Ref, Line: l, Status: inventory.Held, CreatedAt: g.at}
		k := levelKey{l.SKU, l.Warehouse}
		g.levels[k].Reserved += l.Quantity
		g.deltas[k] += l.Quantity
		g.newRes = append(g.newRes, res)
		rs = append(rs, res)
	}
	return inventory.ReserveOutcome{Reservations: rs}
}

// errKeyUsed fails a group that met a reservation key used before.
var errKeyUsed = errors.New("a reservation key was used before")

func reservationID(key string, line int) string { return fmt.Sprintf("%s#%d", key, line+1) }

// sortedKeys orders levels so every transaction locks them in one order.
func sortedKeys(m map[levelKey]bool) []levelKey {
	keys := make([]levelKey, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b levelKey) int {
		return cmp.Or(strings.Compare(a.sku, b.sku), strings.Compare(a.warehouse, b.warehouse))
	})
	return keys
}
