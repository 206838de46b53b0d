// Package eventdb is the outbox on both engines: the relay's lease, scan,
// delivery marks and pruning (event.Outbox), and the insert of events that
// are about no order (stock.changed).
package eventdb

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/event"
	"github.com/fnshub/fnshub/internal/store"
)

// Outbox implements event.Outbox over db.
type Outbox struct{ db *store.DB }

var _ event.Outbox = (*Outbox)(nil)

// New returns the outbox of db.
func New(db *store.DB) *Outbox { return &Outbox{db: db} }

const leaseName = "relay"

// ShopPrefix starts the aggregate of an event about a shop rather than an
// order: "shop:<id>". Its envelope's shop is that id.
const ShopPrefix = "shop:"

// Claim takes or renews the relay lease (event.Outbox).
func (o *Outbox) Claim(ctx context.Context, holder string, now, until time.Time) (bool, error) {
	var n int64
	err := o.db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `INSERT INTO outbox_lease (name, holder, until_at) VALUES (?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until_at = excluded.until_at
			WHERE outbox_lease.holder = excluded.holder OR outbox_lease.until_at < ?`,
			leaseName, holder, store.Micros(until), store.Micros(now))
		if err == nil {
			n, err = res.RowsAffected()
		}
		return err
	})
	if err != nil {
		return false, fmt.Errorf("eventdb: claim relay lease for %s: %w", holder, err)
	}
	return n == 1, nil
}

// Pending returns up to limit undelivered events, oldest first, an order
// event's shop read from its order (event.Outbox).
func (o *Outbox) Pending(ctx context.Context, limit int) (evs []event.Event, err error) {
	err = o.db.Read(ctx, func(tx *store.Tx) error {
		evs, err = store.CollectTx(ctx, tx, scanEvent, `SELECT e.id, e.topic, e.order_id, e.aggregate, r.shop, e.payload, e.created_at
			FROM outbox e LEFT JOIN orders r ON r.id = e.order_id
			WHERE e.delivered_at IS NULL ORDER BY e.id LIMIT ?`, limit)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("eventdb: pending events: %w", err)
	}
	return evs, nil
}

func scanEvent(row store.Scanner) (event.Event, error) {
	var e event.Event
	var orderID sql.NullInt64
	var aggregate, shop sql.NullString
	var payload string
	var at int64
	if err := row.Scan(&e.ID, &e.Topic, &orderID, &aggregate, &shop, &payload, &at); err != nil {
		return e, err
	}
	e.Version, e.Shop, e.Payload, e.OccurredAt = event.Version, shop.String, []byte(payload), store.Time(at)
	e.Aggregate = aggregate.String
	if rest, ok := strings.CutPrefix(e.Aggregate, ShopPrefix); ok && e.Shop == "" {
		e.Shop = rest // an event about a shop (shop.degraded) names it as its aggregate
	}
	if orderID.Valid {
		e.Aggregate = "order:" + strconv.FormatInt(orderID.Int64, 10)
	}
	return e, nil
}

// MarkDelivered records ids as delivered (event.Outbox).
func (o *Outbox) MarkDelivered(ctx context.Context, ids []int64, at time.Time) error {
	err := o.db.InTx(ctx, func(tx *store.Tx) error {
		for rest := ids; len(rest) > 0; {
			n := min(len(rest), 256)
			args := make([]any, 0, n+1)
			args = append(args, store.Micros(at))
			for _, id := range rest[:n] {
				args = append(args, id)
			}
			in, padded := store.InList(args[1:])
			if _, err := tx.Exec(ctx, `UPDATE outbox SET delivered_at = ? WHERE id IN (`+in+`)`, append(args[:1], padded...)...); err != nil {
				return err
			}
			rest = rest[n:]
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("eventdb: mark %d events delivered: %w", len(ids), err)
	}
	return nil
}

// Prune deletes up to limit delivered events created before before,
// lowest id first (event.Outbox). It finds the first event at or after
// before by id, so it reads only the rows it deletes (and the undelivered
// ones among them, which it keeps).
func (o *Outbox) Prune(ctx context.Context, before time.Time, limit int) (int, error) {
	var n int64
	err := o.db.InTx(ctx, func(tx *store.Tx) error {
		bound := int64(math.MaxInt64)
		err := tx.QueryRow(ctx, `SELECT id FROM outbox WHERE created_at >= ? ORDER BY id LIMIT 1`, store.Micros(before)).Scan(&bound)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		res, err := tx.Exec(ctx, `DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE id < ? AND delivered_at IS NOT NULL ORDER BY id LIMIT ?)`,
			bound, limit)
		if err == nil {
			n, err = res.RowsAffected()
		}
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("eventdb: prune events before %s: %w", before.UTC().Format(time.RFC3339), err)
	}
	return int(n), nil
}

// Row is an outbox event about no order, as written in a transaction.
type Row struct {
	Topic     string
	Aggregate string
	Payload   []byte
	CreatedAt time.Time
}

// InsertTx appends rows to the outbox in tx.
func InsertTx(ctx context.Context, tx *store.Tx, rows []Row) error {
	args := make([]any, 0, 4*len(rows))
	for _, r := range rows {
		args = append(args, r.Topic, r.Aggregate, string(r.Payload), store.Micros(r.CreatedAt))
	}
	return tx.InsertRowsLater(ctx, fmt.Sprintf("eventdb: insert %d events", len(rows)),
		`INSERT INTO outbox (topic, aggregate, payload, created_at) VALUES `, "", 4, args)
}
