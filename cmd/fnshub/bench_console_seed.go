package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"github.com/fnshub/fnshub/internal/store"
)

// consoleSeed is the data bench console generates: a year of orders of
// shops on two channels, ~5 lines each from skus SKUs, with refunds and
// the revenue and COGS postings of shipped orders.
type consoleSeed struct {
	orders int
	skus   int
	end    time.Time // the newest order's creation
	rng    *rand.Rand
}

var consoleShops = []struct{ id, channel string }{
	{"TM1", "tmall"}, {"TM2", "tmall"}, {"TM3", "tmall"}, {"TM4", "tmall"},
	{"JD1", "jd"}, {"JD2", "jd"}, {"JD3", "jd"}, {"JD4", "jd"},
}

var consoleHolds = []string{"sku_unmapped", "insufficient_stock", "address_invalid", "amount_mismatch"}

// seedOrder is one generated order with its lines and, once shipped, its
// books.
type seedOrder struct {
	id                 int64
	shop, channel      string
	status, hold       string
	buyer              string
	created, updated   int64 // unix µs
	total, refunded    int64
	net, tax, cost     int64
	lines              [][]any
	shippedAt          int64
	revenueE, refundAt int64
}

// Seeding cuts the work into transactions of this many orders.
const seedChunk = 20_000

// seed writes s.orders orders through the tables ingestion writes (orders,
// order_lines, order_versions, ledger_entries, ledger_postings), ids rising
// with creation time as ingestion gives them, with the schema at 00026;
// migration 00027 then adds the rollups from them as it does for any hub
// that upgrades, and its indexes.
func (s *consoleSeed) seed(ctx context.Context, db *store.DB, progress io.Writer) error {
	if err := seedConsoleShops(ctx, db); err != nil {
		return err
	}
	rebuild, err := dropSeedIndexes(ctx, db)
	if err != nil {
		return err
	}
	start := s.end.Add(-365 * 24 * time.Hour).UnixMicro()
	step := float64(s.end.UnixMicro()-start) / float64(s.orders)
	var entry int64
	began := time.Now()
	for lo := 0; lo < s.orders; lo += seedChunk {
		n := min(seedChunk, s.orders-lo)
		batch := make([]seedOrder, n)
		for i := range batch {
			at := start + int64(float64(lo+i)*step)
			if s.rng.IntN(100) == 0 { // a late arrival: created up to a month before it was stored
				at -= s.rng.Int64N(30 * 24 * int64(time.Hour/time.Microsecond))
			}
			batch[i] = s.order(int64(lo+i+1), at)
		}
		err := db.InTx(ctx, func(tx *store.Tx) error { return writeSeed(ctx, tx, batch, &entry) })
		if err != nil {
			return fmt.Errorf("seed orders %d–%d: %w", lo+1, lo+n, err)
		}
		if (lo/seedChunk)%25 == 0 {
			fmt.Fprintf(progress, "seeded %d orders in %s\n", lo+n, time.Since(began).Round(time.Second))
		}
	}
	for _, create := range rebuild {
		if _, err := db.Writer().ExecContext(ctx, create); err != nil {
			return fmt.Errorf("rebuild index: %w", err)
		}
	}
	fmt.Fprintf(progress, "rebuilt %d indexes, %s in all\n", len(rebuild), time.Since(began).Round(time.Second))
	return nil
}

// dropSeedIndexes drops the secondary indexes of the tables the seed
// fills and returns the statements that build them again: built once over
// millions of rows they cost a fraction of what millions of random inserts
// into them do.
func dropSeedIndexes(ctx context.Context, db *store.DB) ([]string, error) {
	rows, err := db.Writer().QueryContext(ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
		AND tbl_name IN ('orders', 'order_lines', 'ledger_entries', 'ledger_postings')`)
	if err != nil {
		return nil, err
	}
	var names, creates []string
	for rows.Next() {
		var name, create string
		if err := rows.Scan(&name, &create); err != nil {
			rows.Close()
			return nil, err
		}
		names, creates = append(names, name), append(creates, create)
	}
	rows.Close()
	for _, name := range names {
		if _, err := db.Writer().ExecContext(ctx, `DROP INDEX `+name); err != nil {
			return nil, err
		}
	}
	return creates, rows.Err()
}

func seedConsoleShops(ctx context.Context, db *store.DB) error {
	return db.InTx(ctx, func(tx *store.Tx) error {
		now := time.Now().UnixMicro()
		for _, sh := range consoleShops {
			if _, err := tx.Exec(ctx, `INSERT INTO shops (id, channel, name, entity_id, currency, timezone, active, created_at, updated_at)
				VALUES (?, ?, ?, 1, 'CNY', 'Asia/Shanghai', 1, ?, ?) ON CONFLICT (id) DO NOTHING`, sh.id, sh.channel, sh.id, now, now); err != nil {
				return err
			}
		}
		return nil
	})
}

const hourUS = int64(time.Hour / time.Microsecond)

// order draws one order: its status, lines and amounts.
func (s *consoleSeed) order(id, created int64) seedOrder {
	sh := consoleShops[s.rng.IntN(len(consoleShops))]
	o := seedOrder{id: id, shop: sh.id, channel: sh.channel, created: created, updated: created,
		buyer: fmt.Sprintf("b%07x", s.rng.IntN(1_500_000))}
	nLines := 1 + s.rng.IntN(9) // 1–9, 5 on average
	for l := 1; l <= nLines; l++ {
		sku := fmt.Sprintf("SKU-%04d", s.zipfSKU())
		qty := int64(1 + s.rng.IntN(3))
		price := int64(1000 + s.rng.IntN(49_000))
		total := qty * price
		tax := (total*13 + 56) / 113
		o.total, o.net, o.tax = o.total+total, o.net+total-tax, o.tax+tax
		o.lines = append(o.lines, []any{id, l, sku, "", "", sku, qty, price, int64(0), total, total, total - tax, tax, "0.13", int64(0), "HZ"})
	}
	o.cost = o.net * 6 / 10
	s.fate(&o)
	return o
}

// zipfSKU makes a few SKUs sell much more than most, as they do.
func (s *consoleSeed) zipfSKU() int {
	r := s.rng.Float64()
	return int(r*r*float64(s.skus-1)) + 1
}

// fate decides where the order stands, as ingestion and the order actions
// would have left it: cancelled, held, shipped (with its revenue and cost
// booked a day later), refunded before or after shipping.
func (s *consoleSeed) fate(o *seedOrder) {
	p := s.rng.IntN(1000)
	switch {
	case p < 10:
		o.status = "awaiting_payment"
	case p < 40:
		o.status, o.updated = "cancelled", o.created+2*hourUS
	case p < 50:
		o.status, o.hold = "on_hold", consoleHolds[s.rng.IntN(len(consoleHolds))]
	case p < 90:
		o.status = "allocated"
	case p < 120: // refunded in full before shipping
		o.status, o.updated, o.refundAt = "refunded", o.created+6*hourUS, o.created+6*hourUS
	default:
		o.status, o.shippedAt = "shipped", o.created+24*hourUS
		o.updated = o.shippedAt
		if p >= 960 { // after-sales refunds: some of it, or all of it
			o.refunded = o.total / int64(2+s.rng.IntN(4))
			o.status = "partially_refunded"
			if p >= 985 {
				o.refunded, o.status = o.total, "refunded"
			}
			o.refundAt = o.shippedAt + 72*hourUS
			o.updated = o.refundAt
		}
	}
}
