package settlementdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/store"
)

// batchLines is how many lines are held before they are written in one
// statement: few enough to keep memory flat on a file of millions of lines
// and within both engines' parameter limits (16 × 1024 = 16,384 < 32,766),
// many enough that a statement's overhead is spread thin.
const batchLines = 1024

// BeginImport records a new import and returns the writer of its file.
// The record is written first, with zero counts, because every payout and
// line names the import that brought it; Finish fills the counts in.
func (b bound) BeginImport(ctx context.Context, s settlement.ImportStart) (settlement.ImportWriter, error) {
	at := s.At.UTC().Truncate(time.Microsecond)
	w := &writer{tx: b.tx, ctx: ctx, start: s, payouts: map[string]*payoutRef{}, recount: map[int64]bool{}, added: map[int64]int64{},
		im: settlement.Import{Shop: s.Shop, Format: s.Format, FileName: s.FileName, SHA256: s.SHA256, By: s.By, At: at}}
	err := b.tx.QueryRow(ctx, `INSERT INTO settlement_imports (shop, format, file_name, file_sha256, lines_read, lines_new, lines_dup, lines_moved, payouts, status, imported_by, imported_at)
		VALUES (?, ?, ?, ?, 0, 0, 0, 0, 0, ?, ?, ?) RETURNING id`, s.Shop, s.Format, s.FileName, s.SHA256, settlement.ImportApplied, s.By, at.UnixMicro()).Scan(&w.im.ID)
	if err != nil {
		return nil, fmt.Errorf("settlementdb: record import of %s: %w", s.FileName, err)
	}
	return w, nil
}

// writer is one import's Sink. Lines are batched into multi-row INSERT …
// ON CONFLICT DO NOTHING statements; only when a statement inserts fewer
// rows than it carried are the batch's stored twins read back and
// compared, so a new file costs no read per line and a file imported again
// one read per batch.
type writer struct {
	tx    *store.Tx
	ctx   context.Context
	start settlement.ImportStart
	im    settlement.Import

	payouts map[string]*payoutRef // ref → the stored payout, for every payout the file names
	last    *payoutRef            // the previous line's payout: lines come grouped by payout
	changed int64                 // payouts created or changed by this import

	batch   []settlement.Line
	args    []any
	full    *sql.Stmt       // the INSERT of a full batch, prepared in the transaction: parsing 16,384 placeholders per batch was most of the CPU
	added   map[int64]int64 // payout id → lines this import added to it, while no batch collided
	recount map[int64]bool  // payouts whose lines are counted again at the end (a batch collided or moved)
}

type payoutRef struct {
	ref     string
	id      int64
	created bool                    // by this import, so a later Payout() only fills it in
	stored  settlement.StoredPayout // as it was stored before, when not created
}

// Payout stores a payout the file states, or updates the stored one when
// the file says something new of it (a Shopify payout paid since).
func (w *writer) Payout(p settlement.Payout) error {
	if p.Ref == "" {
		return fault.Invalidf("file", "settlement_payout_ref_missing", "row %d: a payout without its reference; the file is not what its format promises", p.Row)
	}
	if pr, ok := w.payouts[p.Ref]; ok && pr.created {
		return w.updatePayout(pr.id, p)
	}
	pr, err := w.ensurePayout(p)
	if err != nil || pr.created {
		return err
	}
	if samePayout(pr.stored, p) {
		return nil
	}
	w.changed++
	pr.stored.Payout = p
	return w.updatePayout(pr.id, p)
}

// samePayout reports whether the file says nothing new of a stored payout.
func samePayout(s settlement.StoredPayout, p settlement.Payout) bool {
	return s.Currency == p.Currency && s.Start.Equal(trunc(p.Start)) && s.End.Equal(trunc(p.End)) && s.DepositAt.Equal(trunc(p.DepositAt)) &&
		s.HasTotal == p.HasTotal && s.Total.Minor() == p.Total.Minor() && s.Status == p.Status
}

func trunc(t time.Time) time.Time { return fromMicros(micros(t)) }

func (w *writer) updatePayout(id int64, p settlement.Payout) error {
	_, err := w.tx.Exec(w.ctx, `UPDATE settlement_payouts SET currency = ?, start_at = ?, end_at = ?, deposit_at = ?, total_minor = ?, has_total = ?, status = ?, row_no = ?
		WHERE id = ?`, string(p.Currency), micros(p.Start), micros(p.End), micros(p.DepositAt), p.Total.Minor(), boolInt(p.HasTotal), p.Status, int64(p.Row), id)
	if err != nil {
		return fmt.Errorf("settlementdb: update payout %s: %w", p.Ref, err)
	}
	return nil
}

// ensurePayout finds or creates the shop's payout p.Ref, keeping the
// stored row when it was there before.
func (w *writer) ensurePayout(p settlement.Payout) (*payoutRef, error) {
	if pr, ok := w.payouts[p.Ref]; ok {
		return pr, nil
	}
	pr := &payoutRef{ref: p.Ref}
	err := w.tx.QueryRow(w.ctx, `INSERT INTO settlement_payouts (shop, platform, format, ref, currency, start_at, end_at, deposit_at, total_minor, has_total, status, row_no, import_id, line_count, imported_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?) ON CONFLICT (shop, ref) DO NOTHING RETURNING id`,
		w.start.Shop, w.start.Platform, w.start.Format, p.Ref, string(p.Currency), micros(p.Start), micros(p.End), micros(p.DepositAt),
		p.Total.Minor(), boolInt(p.HasTotal), p.Status, int64(p.Row), w.im.ID, w.im.At.UnixMicro()).Scan(&pr.id)
	switch {
	case err == nil:
		pr.created = true
		w.changed++
	case errors.Is(err, sql.ErrNoRows):
		pr.stored, err = scanPayout(w.tx.QueryRow(w.ctx, `SELECT `+payoutCols+` FROM settlement_payouts WHERE shop = ? AND ref = ?`, w.start.Shop, p.Ref))
		pr.id = pr.stored.ID
	}
	if err != nil {
		return nil, fmt.Errorf("settlementdb: payout %s of shop %s: %w", p.Ref, w.start.Shop, err)
	}
	w.payouts[p.Ref] = pr
	return pr, nil
}

// Line holds a line for the next batch.
func (w *writer) Line(l settlement.Line) error {
	switch {
	case l.Key == "":
		return fault.Invalidf("file", "settlement_line_key_missing", "row %d: a line without its key; the file is not what its format promises", l.Row)
	case l.PayoutRef == "":
		return fault.Invalidf("file", "settlement_payout_ref_missing", "row %d: a line without its payout; the file is not what its format promises", l.Row)
	}
	if w.last == nil || w.last.ref != l.PayoutRef {
		pr, err := w.ensurePayout(settlement.Payout{Ref: l.PayoutRef, Currency: l.Amount.Currency(), Row: l.Row})
		if err != nil {
			return err
		}
		w.last = pr
	}
	w.im.LinesRead++
	w.batch = append(w.batch, l)
	if len(w.batch) >= batchLines {
		return w.flush()
	}
	return nil
}

const insertLines = `INSERT INTO settlement_lines (shop, payout_id, line_key, kind, type, order_ref, refund_ref, txn_ref, sku, quantity, amount_minor, currency, posted_at, row_no, raw, import_id) VALUES `

const lineColumns = 16

// flush writes the batch; the lines that were stored already are compared
// with what is stored (collided).
func (w *writer) flush() error {
	if len(w.batch) == 0 {
		return nil
	}
	args := w.args[:0]
	for _, l := range w.batch {
		args = append(args, w.start.Shop, w.payouts[l.PayoutRef].id, l.Key, string(l.Kind), l.Type, l.OrderRef, l.RefundRef, l.TxnRef, l.SKU,
			l.Quantity, l.Amount.Minor(), string(l.Amount.Currency()), micros(l.PostedAt), int64(l.Row), l.Raw, w.im.ID)
	}
	w.args = args
	n, err := w.insert(args)
	if err != nil {
		return fmt.Errorf("settlementdb: store lines of rows %d–%d: %w", w.batch[0].Row, w.batch[len(w.batch)-1].Row, err)
	}
	w.im.LinesNew += n
	if n == int64(len(w.batch)) {
		for _, l := range w.batch {
			w.added[w.payouts[l.PayoutRef].id]++
		}
	} else if err := w.collided(n); err != nil {
		return err
	}
	clear(w.batch)
	w.batch = w.batch[:0]
	return nil
}

const onLineConflict = ` ON CONFLICT (shop, line_key) DO NOTHING`

// insert writes the batch's rows and returns how many were new. A full
// batch goes through one statement prepared on the transaction (the
// store's statement cache prepares only between transactions, and an
// import is one long one); the last, partial batch through InsertRows.
func (w *writer) insert(args []any) (int64, error) {
	if len(w.batch) < batchLines {
		return w.tx.InsertRows(w.ctx, insertLines, onLineConflict, lineColumns, args)
	}
	if w.full == nil {
		st, err := w.tx.SQL().PrepareContext(w.ctx, w.tx.Dialect().Rebind(insertLines+store.Placeholders(batchLines, lineColumns)+onLineConflict))
		if err != nil {
			return 0, err
		}
		w.full = st
	}
	res, err := w.full.ExecContext(w.ctx, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// storedLine is a line as stored, with what comparing needs.
type storedLine struct {
	settlement.StoredLine
	importID int64
}

// collided compares each line of a batch that inserted only inserted of
// them with its stored twin: the same content is a duplicate (or the row
// just inserted), a Shopify line leaving "pending" moves, anything else
// refuses the whole import.
func (w *writer) collided(inserted int64) error {
	stored, err := w.storedTwins()
	if err != nil {
		return err
	}
	var moved int64
	for _, l := range w.batch {
		s, ok := stored[l.Key]
		if !ok {
			// Only a concurrent import of the same line can do this; on
			// PostgreSQL it fails as a serialization failure first, which
			// runs the import again.
			return fmt.Errorf("settlementdb: line %q of row %d was neither inserted nor found stored", l.Key, l.Row)
		}
		w.recount[w.payouts[l.PayoutRef].id] = true
		diff := lineDiff(s.StoredLine, l)
		switch {
		case diff == "":
			continue
		case diff == "payout" && w.start.MovesFromPending && s.PayoutRef == settlement.PendingPayout && l.PayoutRef != settlement.PendingPayout:
			if err := w.move(s, l); err != nil {
				return err
			}
			w.recount[s.PayoutID] = true
			s.PayoutID, s.PayoutRef = w.payouts[l.PayoutRef].id, l.PayoutRef
			stored[l.Key] = s
			moved++
		default:
			return fault.New(fault.Conflict, "settlement_line_conflict",
				"row %d: line %q was stored before (import %d, row %d) with a different %s; a settlement line never changes once stored, so nothing of this file was imported: check it is this shop's file in this format",
				l.Row, l.Key, s.importID, s.Row, diff)
		}
	}
	w.im.Moved += moved
	w.im.LinesDuplicate += int64(len(w.batch)) - inserted - moved
	return nil
}

// storedTwins reads the stored lines under the batch's keys.
func (w *writer) storedTwins() (map[string]storedLine, error) {
	keys := make([]any, 0, len(w.batch))
	seen := make(map[string]bool, len(w.batch))
	for _, l := range w.batch {
		if !seen[l.Key] {
			seen[l.Key] = true
			keys = append(keys, l.Key)
		}
	}
	list, padded := store.InList(keys)
	rows, err := w.tx.Query(w.ctx, `SELECT `+lineCols+`, l.import_id FROM settlement_lines l JOIN settlement_payouts p ON p.id = l.payout_id
		WHERE l.shop = ? AND l.line_key IN (`+list+`)`, append([]any{w.start.Shop}, padded...)...)
	if err != nil {
		return nil, fmt.Errorf("settlementdb: read stored lines: %w", err)
	}
	defer rows.Close()
	out := make(map[string]storedLine, len(keys))
	for rows.Next() {
		var s storedLine
		l, err := scanLine(scanPlus{rows, &s.importID})
		if err != nil {
			return nil, fmt.Errorf("settlementdb: read stored lines: %w", err)
		}
		s.StoredLine = l
		out[l.Key] = s
	}
	return out, rows.Err()
}

// scanPlus scans a row of lineCols followed by one more column.
type scanPlus struct {
	r    store.Scanner
	more any
}

func (s scanPlus) Scan(dest ...any) error { return s.r.Scan(append(dest, s.more)...) }

// lineDiff names the first field a stored line and a line read differ in
// ("payout" when only the payout does), "" when they are the same line.
// The row number and the raw text are where the line was read, not what
// it is, and may differ between two files holding it.
func lineDiff(s settlement.StoredLine, l settlement.Line) string {
	switch {
	case s.Kind != l.Kind:
		return "kind"
	case s.Type != l.Type:
		return "type"
	case s.OrderRef != l.OrderRef:
		return "order reference"
	case s.RefundRef != l.RefundRef:
		return "refund reference"
	case s.TxnRef != l.TxnRef:
		return "transaction reference"
	case s.SKU != l.SKU:
		return "SKU"
	case s.Quantity != l.Quantity:
		return "quantity"
	case s.Amount.Minor() != l.Amount.Minor() || s.Amount.Currency() != l.Amount.Currency():
		return fmt.Sprintf("amount (stored %s, now %s)", s.Amount, l.Amount)
	case !s.PostedAt.Equal(trunc(l.PostedAt)):
		return "posting time"
	case s.PayoutRef != l.PayoutRef:
		return "payout"
	}
	return ""
}

// move takes a stored line from the pending payout to the payout it was
// paid out in, keeping its id; the row and raw text become the new file's.
func (w *writer) move(s storedLine, l settlement.Line) error {
	_, err := w.tx.Exec(w.ctx, `UPDATE settlement_lines SET payout_id = ?, row_no = ?, raw = ?, import_id = ? WHERE id = ?`,
		w.payouts[l.PayoutRef].id, int64(l.Row), l.Raw, w.im.ID, s.ID)
	if err != nil {
		return fmt.Errorf("settlementdb: move line %q to payout %s: %w", l.Key, l.PayoutRef, err)
	}
	return nil
}

// Finish writes the last batch, the payouts' line counts and the import's
// record, and returns the record.
func (w *writer) Finish(ctx context.Context) (settlement.Import, error) {
	w.ctx = ctx
	err := w.flush()
	if w.full != nil {
		w.full.Close()
		w.full = nil
	}
	if err != nil {
		return settlement.Import{}, err
	}
	if err := w.countLines(); err != nil {
		return settlement.Import{}, err
	}
	w.im.Payouts = int64(len(w.payouts))
	w.im.PayoutIDs = make([]int64, 0, len(w.payouts))
	for _, pr := range w.payouts {
		w.im.PayoutIDs = append(w.im.PayoutIDs, pr.id)
	}
	slices.Sort(w.im.PayoutIDs)
	w.im.Status = settlement.ImportApplied
	if w.im.LinesNew == 0 && w.im.Moved == 0 && w.changed == 0 {
		w.im.Status = settlement.ImportDuplicate
	}
	_, err = w.tx.Exec(ctx, `UPDATE settlement_imports SET lines_read = ?, lines_new = ?, lines_dup = ?, lines_moved = ?, payouts = ?, status = ? WHERE id = ?`,
		w.im.LinesRead, w.im.LinesNew, w.im.LinesDuplicate, w.im.Moved, w.im.Payouts, w.im.Status, w.im.ID)
	if err != nil {
		return settlement.Import{}, fmt.Errorf("settlementdb: record import %d: %w", w.im.ID, err)
	}
	return w.im, nil
}

// countLines brings each touched payout's line count up to date: by what
// was added where no batch collided, by counting again where one did.
func (w *writer) countLines() error {
	for id := range w.recount {
		if _, err := w.tx.Exec(w.ctx, `UPDATE settlement_payouts SET line_count = (SELECT COUNT(*) FROM settlement_lines WHERE payout_id = ?) WHERE id = ?`, id, id); err != nil {
			return fmt.Errorf("settlementdb: count lines of payout %d: %w", id, err)
		}
	}
	for id, n := range w.added {
		if w.recount[id] {
			continue
		}
		if _, err := w.tx.Exec(w.ctx, `UPDATE settlement_payouts SET line_count = line_count + ? WHERE id = ?`, n, id); err != nil {
			return fmt.Errorf("settlementdb: count lines of payout %d: %w", id, err)
		}
	}
	return nil
}
