package httpapi

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/fnshub/fnshub/internal/catalog/skuimport"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/inventory"
)

// The reads and actions the console's stock, products and shops pages need
// beyond what the CLI had (issue 9).

// listStockMovements pages the movement ledger newest first; next_cursor
// is the before= of the next page, empty on the last.
func (s *Server) listStockMovements(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	before, err := queryInt(r, "before", 0)
	if err != nil {
		return err
	}
	limit, err := queryInt(r, "limit", 100)
	if err != nil {
		return err
	}
	if limit > inventory.MaxMovements {
		return fault.Invalidf("limit", "limit_invalid", "limit must be 1 to %d, not %d", inventory.MaxMovements, limit)
	}
	ms, next, err := s.Stock.Movements(r.Context(), inventory.MovementQuery{SKU: q.Get("sku"), Warehouse: q.Get("warehouse"),
		Before: before, Limit: int(limit)})
	if err != nil {
		return err
	}
	for i := range ms {
		ms[i].At = ms[i].At.In(s.Location)
	}
	cursor := ""
	if next > 0 {
		cursor = strconv.FormatInt(next, 10)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(ms), "next_cursor": cursor})
	return nil
}

// importSKUs creates the SKUs of a CSV or xlsx sheet sent as the raw body,
// by the rules of `fnshub import skus`: with bad rows nothing is imported
// (422, every row named) unless skip_bad=true, which imports the good
// rows and lists the bad; the import itself is one transaction.
func (s *Server) importSKUs(w http.ResponseWriter, r *http.Request) error {
	skipBad, err := boolQuery(r, "skip_bad")
	if err != nil {
		return err
	}
	name, err := sheetName(r.Header.Get("Content-Type"))
	if err != nil {
		return err
	}
	rows, bad, err := skuimport.Read(name, r.Body) // it bounds the size itself (sheet.MaxBytes)
	if err != nil {
		return err
	}
	if len(bad) > 0 && !skipBad {
		writeRowsInvalid(w, fmt.Sprintf("%d problem(s) in the sheet, listed in rows; nothing imported: fix them, or send skip_bad=true to import the good rows", len(bad)), bad)
		return nil
	}
	if err := s.Catalog.ImportSKUs(r.Context(), skuimport.SKUs(rows), nil); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"imported": len(rows), "errors": rowErrorsOut(bad)})
	return nil
}

// syncShop enqueues a pull of the shop now (202); a pull already waiting
// or running answers 200 with that job instead of queueing another.
func (s *Server) syncShop(w http.ResponseWriter, r *http.Request) error {
	// Another shop's is as if it did not exist, like its health.
	if err := s.shopInPath(r); err != nil {
		return err
	}
	if s.Pulls == nil {
		return fault.New(fault.Unavailable, "sync_unavailable", "this server does not pull the shops' orders")
	}
	q, err := s.Pulls.PullNow(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	status := http.StatusAccepted
	if q.Skipped {
		status = http.StatusOK
	}
	writeJSON(w, status, map[string]any{"job": q.ID, "already_queued": q.Skipped})
	return nil
}
