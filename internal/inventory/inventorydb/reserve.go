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

// Reserve runs a group of reservation requests in one transaction. It locks
// the stock levels the group touches (in key order, so concurrent groups on
// other nodes cannot deadlock), decides in order which requests the stock
// covers, then writes one guarded UPDATE per level and multi-row INSERTs.
// The guard (on_hand - reserved >= the group's total) re-checks the decision
// in the database, and the table's CHECK is the last line: no path oversells.
//
// Keys are new in the common case, so the first attempt does not look for
// earlier reservations: it inserts with ON CONFLICT DO NOTHING, and if any
// row was skipped (a key seen before) it rolls back and runs again looking
// them up, to replay or refuse them.
func (s *Store) Reserve(ctx context.Context, reqs []inventory.ReserveRequest, at time.Time) ([]inventory.ReserveOutcome, error) {
	var outs []inventory.ReserveOutcome
	attempt := func(careful bool) error {
		return s.inTx(ctx, func(tx *store.Tx) error {
			g := &reserveGroup{tx: tx, at: at, careful: careful}
			var err error
			outs, err = g.run(ctx, reqs)
			return err
		})
	}
	err := attempt(false)
	if errors.Is(err, errSeenBefore) {
		err = attempt(true)
	}
	if err != nil {
		return nil, fmt.Errorf("inventorydb: reserve %d requests: %w", len(reqs), err)
	}
	return outs, nil
}

// ReserveTx is Reserve inside the caller's transaction, for a use case that
// commits reservations together with other changes and names them with keys
// that are new by construction (an order's id and allocation number, both
// handed out in the same transaction). So it does not look for earlier
// reservations, and a key that was used before fails the transaction.
func ReserveTx(ctx context.Context, tx *store.Tx, reqs []inventory.ReserveRequest, at time.Time) ([]inventory.ReserveOutcome, error) {
	g := &reserveGroup{tx: tx, at: at, fresh: true}
	outs, err := g.run(ctx, reqs)
	if err != nil {
		return nil, fmt.Errorf("inventorydb: reserve %d requests: %w", len(reqs), err)
	}
	return outs, nil
}

type levelKey struct{ sku, warehouse string }

// reserveGroup is the state of one reservation transaction.
type reserveGroup struct {
	tx      *store.Tx
	at      time.Time
	careful bool                             // look up earlier reservations under the keys first
	fresh   bool                             // the keys are new by construction: no lookup, refusals are real
	known   map[string]inventory.Reservation // by id: earlier ones and this group's
	levels  map[levelKey]*inventory.Level
	deltas  map[levelKey]int64
	newRes  []inventory.Reservation
}

func (g *reserveGroup) run(ctx context.Context, reqs []inventory.ReserveRequest) ([]inventory.ReserveOutcome, error) {
	if err := g.load(ctx, reqs); err != nil {
		return nil, err
	}
	outs := make([]inventory.ReserveOutcome, len(reqs))
	for i, r := range reqs {
		outs[i] = g.decide(r)
		if outs[i].Err != nil && !g.careful && !g.fresh {
			return nil, errSeenBefore // a refusal may be a replay in disguise: look before refusing
		}
	}
	return outs, g.write(ctx)
}

// decide replays, refuses or holds one request in memory.
func (g *reserveGroup) decide(r inventory.ReserveRequest) inventory.ReserveOutcome {
	if prior := g.prior(r.Key); len(prior) > 0 {
		if err := sameLines(r.Key, r.Ref, prior, r.Lines); err != nil {
			return inventory.ReserveOutcome{Err: err}
		}
		return inventory.ReserveOutcome{Reservations: prior, Replayed: true}
	}
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
		g.known[res.ID] = res
		g.newRes = append(g.newRes, res)
		rs = append(rs, res)
	}
	return inventory.ReserveOutcome{Reservations: rs}
}

// prior returns the reservations made earlier under key, in line order.
func (g *reserveGroup) prior(key string) []inventory.Reservation {
	var out []inventory.Reservation
	for i := 0; ; i++ {
		r, ok := g.known[reservationID(key, i)]
		if !ok {
			return out
		}
		out = append(out, r)
	}
}

// errSeenBefore rolls back an optimistic group that met a key used before,
// or would refuse a request that may be a replay.
var errSeenBefore = errors.New("a reservation key was used before")

func reservationID(key string, line int) string { return fmt.Sprintf("%s#%d", key, line+1) }

func sameLines(key, ref string, prior []inventory.Reservation, lines []inventory.Line) error {
	if len(prior) != len(lines) {
		return errKeyReused(key)
	}
	for i, r := range prior {
		if r.Line != lines[i] || r.Ref != ref {
			return errKeyReused(key)
		}
	}
	return nil
}

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
