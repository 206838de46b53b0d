package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/settlement/parse"
	"github.com/fnshub/fnshub/internal/shop"
)

// Settlements imports the platforms' settlement files and reads back what
// they said (docs/adr/0044-settlement-import.md).
type Settlements struct {
	unit    Unit
	shops   SettlementShops
	formats Formats
	now     func() time.Time
	// reconcileAfter queues the shop's reconciliation with each applied
	// import (ReconcileAfterImport).
	reconcileAfter bool
}

// SettlementShops is what the settlement use cases know of shops
// (shop.Service).
type SettlementShops interface {
	Get(ctx context.Context, id string) (shop.Shop, error)
	List(ctx context.Context, after string, limit int) ([]shop.Shop, error)
}

// Formats gives the settlement file formats: parse.Lookup and
// parse.Formats in the hub, a test's own in tests.
type Formats struct {
	Lookup func(name string) (settlement.Format, bool)
	All    func() []settlement.Format
}

// NewSettlements returns the settlement use cases over the parsers of
// internal/settlement/parse.
func NewSettlements(unit Unit, shops SettlementShops, now func() time.Time) *Settlements {
	if now == nil {
		now = time.Now
	}
	return &Settlements{unit: unit, shops: shops, formats: Formats{Lookup: parse.Lookup, All: parse.Formats}, now: now}
}

// WithFormats replaces the formats the use cases read.
func (s *Settlements) WithFormats(f Formats) *Settlements {
	s.formats = f
	return s
}

// ReconcileAfterImport makes each import that brought something new queue
// the reconciliation of its shop's payouts in its own transaction (job
// settlement.reconcile, SettlementReconcile.Register), unless the shop's
// settlement_auto_reconcile setting is off. The hub turns it on; without
// it (tests of the import alone) nothing is queued.
func (s *Settlements) ReconcileAfterImport() *Settlements {
	s.reconcileAfter = true
	return s
}

// SettlementImport is one settlement file to import.
type SettlementImport struct {
	Shop     string
	Format   string
	Mapping  string // the saved mapping's name, for the generic format
	FileName string
	Body     io.Reader
	By       string // who imports it, for the record
}

// SettlementResult says what an import did.
type SettlementResult struct {
	ImportID       int64  `json:"import_id"`
	Status         string `json:"status"` // applied, or duplicate when nothing changed
	Payouts        int64  `json:"payouts"`
	LinesRead      int64  `json:"lines_read"`
	LinesNew       int64  `json:"lines_new"`
	LinesDuplicate int64  `json:"lines_duplicate"`
	Moved          int64  `json:"moved"` // lines moved from the pending payout to their real one
}

// Format returns the format called name, or an Invalid error listing the
// formats there are.
func (s *Settlements) Format(name string) (settlement.Format, error) {
	if f, ok := s.formats.Lookup(name); ok {
		return f, nil
	}
	return settlement.Format{}, fault.Invalidf("format", "settlement_format_unknown", "no settlement format %q; the formats are: %s", name, formatNames(s.formats.All()))
}

// AllFormats returns every format, by name.
func (s *Settlements) AllFormats() []settlement.Format { return s.formats.All() }

func formatNames(fs []settlement.Format) string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.Name
	}
	if len(names) == 0 {
		return "(none)"
	}
	return strings.Join(names, ", ")
}

// fits reports whether format f reads shop sh's settlements.
func fits(f settlement.Format, sh shop.Shop) bool {
	return f.Platform == "" || f.Platform == sh.Channel
}

// ImportSettlement reads a settlement file and stores its payouts and
// lines, all in one transaction: a file that is not what its format
// promises, or a line stored before with other content, changes nothing.
// A file imported again is a "duplicate".
func (s *Settlements) ImportSettlement(ctx context.Context, req SettlementImport) (SettlementResult, error) {
	f, err := s.Format(req.Format)
	if err != nil {
		return SettlementResult{}, err
	}
	sh, err := s.shops.Get(ctx, req.Shop)
	if err != nil {
		return SettlementResult{}, err
	}
	if !fits(f, sh) {
		return SettlementResult{}, fault.Invalidf("format", "settlement_format_mismatch",
			"format %s reads %s settlements, and shop %s sells on %s; the formats that fit this shop are: %s",
			f.Name, f.Platform, sh.ID, sh.Channel, formatNames(s.fitting(sh)))
	}
	opt, err := s.options(ctx, f, req.Mapping)
	if err != nil {
		return SettlementResult{}, err
	}
	body, sum, done, err := spool(req.Body)
	if err != nil {
		return SettlementResult{}, err
	}
	defer done()
	platform := f.Platform
	if platform == "" {
		platform = sh.Channel
	}
	start := settlement.ImportStart{Shop: sh.ID, Platform: platform, Format: f.Name, FileName: req.FileName, SHA256: sum, By: req.By,
		At: s.now(), MovesFromPending: platform == "shopify"}
	var im settlement.Import
	err = s.unit.InTx(ctx, func(st Stores) error {
		if _, err := body.Seek(0, io.SeekStart); err != nil { // a retried transaction reads the file again
			return fmt.Errorf("settlement import: rewind %s: %w", req.FileName, err)
		}
		w, err := st.Settlements.BeginImport(ctx, start)
		if err != nil {
			return err
		}
		if err := f.Parse(ctx, body, opt, w); err != nil {
			return parseFault(err)
		}
		if im, err = w.Finish(ctx); err != nil || !s.reconcileAfter {
			return err
		}
		return enqueueReconcile(ctx, st, sh, im)
	})
	if err != nil {
		return SettlementResult{}, err
	}
	return SettlementResult{ImportID: im.ID, Status: im.Status, Payouts: im.Payouts, LinesRead: im.LinesRead, LinesNew: im.LinesNew,
		LinesDuplicate: im.LinesDuplicate, Moved: im.Moved}, nil
}

// fitting lists the formats that read shop sh's settlements.
func (s *Settlements) fitting(sh shop.Shop) []settlement.Format {
	var out []settlement.Format
	for _, f := range s.formats.All() {
		if fits(f, sh) {
			out = append(out, f)
		}
	}
	return out
}

// options are the parser's options: the mapping for the generic format.
func (s *Settlements) options(ctx context.Context, f settlement.Format, mapping string) (settlement.Options, error) {
	if mapping == "" {
		if f.Name == "generic" {
			return settlement.Options{}, fault.Invalidf("mapping", "settlement_mapping_required", "the generic format needs a mapping: save one (fnshub settlement mapping save) and name it")
		}
		return settlement.Options{}, nil
	}
	m, err := s.Mapping(ctx, mapping)
	if err != nil {
		return settlement.Options{}, err
	}
	return settlement.Options{Mapping: &m.Mapping}, nil
}

// parseFault turns a parser's ParseError into the Invalid error the caller
// sees, naming the column (or the file) and where.
func parseFault(err error) error {
	var pe *settlement.ParseError
	if !errors.As(err, &pe) {
		return err
	}
	if pe.Column == "" {
		return fault.Invalidf("file", "settlement_file_invalid", "row %d: %s; nothing was imported", pe.Row, pe.Reason)
	}
	return fault.Invalidf(pe.Column, "settlement_file_invalid", "row %d, column %s: %s; nothing was imported", pe.Row, pe.Column, pe.Reason)
}

// spool makes the body readable again from its start — a retried
// transaction reads it anew — and hashes it. A file is read in place; any
// other stream is copied to a temporary file, since a settlement file can
// be far larger than memory should hold.
func spool(r io.Reader) (io.ReadSeeker, string, func(), error) {
	h := sha256.New()
	if f, ok := r.(*os.File); ok {
		if _, err := io.Copy(h, f); err != nil {
			return nil, "", nil, fmt.Errorf("settlement import: read %s: %w", f.Name(), err)
		}
		return f, hex.EncodeToString(h.Sum(nil)), func() {}, nil
	}
	tmp, err := os.CreateTemp("", "fnshub-settlement-*")
	if err != nil {
		return nil, "", nil, fmt.Errorf("settlement import: spool the file: %w", err)
	}
	done := func() { tmp.Close(); os.Remove(tmp.Name()) }
	if _, err := io.Copy(io.MultiWriter(tmp, h), r); err != nil {
		done()
		return nil, "", nil, fmt.Errorf("settlement import: read the file: %w", err)
	}
	return tmp, hex.EncodeToString(h.Sum(nil)), done, nil
}
