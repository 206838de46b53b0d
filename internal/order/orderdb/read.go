package orderdb

import (
	"context"

	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/store"
)

// Store reads orders outside a use case's transaction (tests, tools);
// use cases read and write through Bind.
type Store struct{ db *store.DB }

// New returns a Store over db.
func New(db *store.DB) *Store { return &Store{db: db} }

// Get returns one order with its lines. Errors: NotFound.
func (s *Store) Get(ctx context.Context, id order.ID) (r *order.Record, err error) {
	err = s.db.Read(ctx, func(tx *store.Tx) error { r, err = LoadByID(ctx, tx, id, false); return err })
	return r, err
}

// List returns orders newest first, with their lines.
func (s *Store) List(ctx context.Context, f order.Filter) (recs []*order.Record, err error) {
	err = s.db.Read(ctx, func(tx *store.Tx) error { recs, err = list(ctx, tx, f); return err })
	return recs, err
}

// Versions lists every version received of order id, oldest first.
func (s *Store) Versions(ctx context.Context, id order.ID) (vs []order.Version, err error) {
	err = s.db.Read(ctx, func(tx *store.Tx) error { vs, err = versions(ctx, tx, id); return err })
	return vs, err
}

// Events lists the event trail of order id, oldest first.
func (s *Store) Events(ctx context.Context, id order.ID) (evs []order.Event, err error) {
	err = s.db.Read(ctx, func(tx *store.Tx) error { evs, err = events(ctx, tx, id); return err })
	return evs, err
}

// HeldIDs lists orders on hold for a reason that a fix elsewhere can clear.
func (s *Store) HeldIDs(ctx context.Context, reasons []order.HoldReason) (ids []order.ID, err error) {
	err = s.db.Read(ctx, func(tx *store.Tx) error { ids, err = heldIDs(ctx, tx, reasons); return err })
	return ids, err
}

func list(ctx context.Context, tx *store.Tx, f order.Filter) ([]*order.Record, error) {
	var p Plan
	if f.SKU != "" {
		var err error
		if p.SKUPerOrder, err = sellsOften(ctx, tx, f.SKU); err != nil {
			return nil, err
		}
	}
	var err error
	if p.Walk, err = walkByID(ctx, tx, f, p.SKUPerOrder); err != nil {
		return nil, err
	}
	return ListPlanned(ctx, tx, f, p)
}

// Plan is how a list is read (list_plan.go); the answer does not depend
// on it.
type Plan struct {
	Walk        bool // a time range by walking ids, not from a creation-time index
	SKUPerOrder bool // the SKU checked per order met, not its orders gathered first
}

// ListPlanned lists as p says; the conformance suite checks every plan
// gives the same answer.
func ListPlanned(ctx context.Context, tx *store.Tx, f order.Filter, p Plan) ([]*order.Record, error) {
	walk := p.Walk
	sqlite := tx.Dialect().Engine() == store.SQLite
	where, args := "WHERE 1 = 1", []any{}
	add := func(cond string, v any) { where, args = where+" AND "+cond, append(args, v) }
	if f.Shop != "" {
		add("shop = ?", f.Shop)
	}
	if f.Status != "" {
		// With a shop and a time range, the range is read by (shop,
		// created_at, status), which holds the status: the status index
		// would read every order of that status in the range.
		ranged := !f.From.IsZero() || !f.To.IsZero()
		add(unindexedIf(sqlite && ranged && !walk && f.Shop != "", "status")+" = ?", string(f.Status))
	}
	if f.BuyerRef != "" {
		add("buyer_ref = ?", f.BuyerRef)
	}
	if f.ExternalID != "" {
		add("external_id = ?", f.ExternalID)
	}
	if f.Hold != "" {
		where += " AND hold_reason <> ''" // lets the planner use the partial index of held orders
		add("hold_reason = ?", string(f.Hold))
	}
	if f.SKU != "" {
		if p.SKUPerOrder {
			// Most orders have it: check each order the walk or the range
			// meets, rather than gathering all its orders first.
			add("EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = orders.id AND l.sku = ?)", f.SKU)
		} else {
			add("id IN (SELECT order_id FROM order_lines WHERE sku = ?)", f.SKU)
		}
	}
	between(add, unindexedIf(walk, "created_at"), f.From, f.To)
	if f.Before > 0 {
		add("id < ?", f.Before)
	}
	// The page's ids first, from indexes alone where they hold every
	// filtered column; then the rows of those ids only.
	ids, err := store.CollectTx(ctx, tx, func(row store.Scanner) (any, error) {
		var id int64
		return id, row.Scan(&id)
	}, `SELECT id FROM orders `+where+` ORDER BY id DESC LIMIT ?`, append(args, f.Limit)...)
	if err != nil || len(ids) == 0 {
		return nil, wrap("list orders", err)
	}
	var recs []*order.Record
	err = inChunks(ids, func(in string, padded []any) error {
		chunk, err := queryOrders(ctx, tx, `WHERE id IN (`+in+`) ORDER BY id DESC`, padded...)
		recs = append(recs, chunk...)
		return err
	})
	if err != nil {
		return nil, err
	}
	return recs, loadLines(ctx, tx, recs)
}

func versions(ctx context.Context, tx *store.Tx, id order.ID) ([]order.Version, error) {
	return store.CollectTx(ctx, tx, func(row store.Scanner) (order.Version, error) {
		var v order.Version
		var status, effect string
		var at int64
		err := row.Scan(&v.OrderID, &v.Version, &status, &effect, &v.RawEventID, &at)
		v.Status, v.Effect, v.ReceivedAt = order.Status(status), order.VersionEffect(effect), store.Time(at)
		return v, err
	}, `SELECT order_id, version, status, effect, raw_event_id, received_at FROM order_versions WHERE order_id = ? ORDER BY version`, id)
}

func events(ctx context.Context, tx *store.Tx, id order.ID) ([]order.Event, error) {
	return store.CollectTx(ctx, tx, func(row store.Scanner) (order.Event, error) {
		var e order.Event
		var payload string
		var at int64
		err := row.Scan(&e.ID, &e.Topic, &e.OrderID, &payload, &at)
		e.Payload, e.CreatedAt = []byte(payload), store.Time(at)
		return e, err
	}, `SELECT id, topic, order_id, payload, created_at FROM outbox WHERE order_id = ? ORDER BY id`, id)
}

func heldIDs(ctx context.Context, tx *store.Tx, reasons []order.HoldReason) ([]order.ID, error) {
	args := make([]any, len(reasons))
	for i, r := range reasons {
		args[i] = string(r)
	}
	return store.CollectTx(ctx, tx, func(row store.Scanner) (order.ID, error) {
		var id order.ID
		return id, row.Scan(&id)
	}, `SELECT id FROM orders WHERE status = 'on_hold' AND hold_reason IN (`+marks(len(args))+`) ORDER BY id`, args...)
}
