package httpapi

import (
	"errors"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement"
)

// maxSettlementBody bounds a settlement file sent to the API: 1 GiB. A
// platform's monthly settlement of a busy shop runs to hundreds of
// megabytes, far above the 64 MiB of a sheet import; the file is spooled
// to disk, never held in memory (app.Settlements.ImportSettlement). A
// larger one is imported with `fnshub settlement import`, which reads the
// file in place.
const maxSettlementBody = 1 << 30

// settlementTypes are the Content-Types a settlement file may come as: the
// parser reads the bytes by its format, whatever the label.
var settlementTypes = map[string]bool{
	"text/csv": true, "text/tab-separated-values": true, "text/plain": true, "application/json": true,
	"application/zip": true, xlsxType: true, "application/octet-stream": true,
}

func (s *Server) settlementsOr503() (*app.Settlements, error) {
	if s.Settlements == nil {
		return nil, fault.New(fault.Unavailable, "settlements_unavailable", "this server does not import settlements")
	}
	return s.Settlements, nil
}

// importSettlement reads the raw body as a settlement file of ?format= for
// ?shop=, in one transaction (docs/adr/0044).
func (s *Server) importSettlement(w http.ResponseWriter, r *http.Request) error {
	st, err := s.settlementsOr503()
	if err != nil {
		return err
	}
	ct := r.Header.Get("Content-Type")
	if mt, _, _ := mime.ParseMediaType(ct); !settlementTypes[mt] {
		return fault.Invalidf("Content-Type", "content_type_unsupported",
			"send the settlement file as the raw body with Content-Type text/csv, text/tab-separated-values, text/plain, application/json, application/zip, %s or application/octet-stream, not %q", xlsxType, ct)
	}
	q := r.URL.Query()
	shopID, format := q.Get("shop"), q.Get("format")
	switch {
	case format == "":
		return fault.Invalidf("format", "format_missing", "say which format the file is in: ?format= (GET /api/v1/settlements/formats lists them)")
	case shopID == "":
		return fault.Invalidf("shop", "shop_missing", "say whose settlement it is: ?shop=")
	}
	if err := s.hidden(r, shopID, fault.New(fault.NotFound, "shop_not_found", "shop %q does not exist", shopID)); err != nil {
		return err
	}
	name := q.Get("file_name")
	if name == "" {
		name = "upload"
	}
	res, err := st.ImportSettlement(r.Context(), app.SettlementImport{Shop: shopID, Format: format, Mapping: q.Get("mapping"), FileName: name,
		Body: http.MaxBytesReader(w, r.Body, maxSettlementBody), By: s.principalOf(r).User.Name})
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return fault.Invalidf("body", "file_too_large", "the settlement file is larger than %d MiB: import it with fnshub settlement import", maxSettlementBody>>20)
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

type payoutJSON struct {
	ID         int64         `json:"id"`
	Shop       string        `json:"shop"`
	Platform   string        `json:"platform"`
	Format     string        `json:"format"`
	Ref        string        `json:"ref"`
	Currency   string        `json:"currency"`
	Start      *time.Time    `json:"start"`
	End        *time.Time    `json:"end"`
	DepositAt  *time.Time    `json:"deposit_at"`
	Total      *money.Amount `json:"total"` // null when the file states none
	Status     string        `json:"status"`
	ImportID   int64         `json:"import_id"`
	Lines      int64         `json:"lines"`
	ImportedAt time.Time     `json:"imported_at"`
	// Reconciliation is the current run in brief; the payouts list only.
	Reconciliation *reconBriefJSON `json:"reconciliation,omitempty"`
}

// reconBriefJSON is where a payout's current reconciliation run stands,
// so a list shows it without a read per payout.
type reconBriefJSON struct {
	Run         int64          `json:"run"`
	Differences int            `json:"differences"`
	ByClass     map[string]int `json:"by_class"`
	Remainder   money.Amount   `json:"remainder"`
}

type lineJSON struct {
	ID        int64        `json:"id"`
	Key       string       `json:"key"`
	Kind      string       `json:"kind"`
	Type      string       `json:"type"`
	OrderRef  string       `json:"order_ref"`
	RefundRef string       `json:"refund_ref"`
	TxnRef    string       `json:"txn_ref"`
	SKU       string       `json:"sku"`
	Quantity  int64        `json:"quantity"`
	Amount    money.Amount `json:"amount"`
	PostedAt  *time.Time   `json:"posted_at"`
	Row       int          `json:"row"`
	Raw       string       `json:"raw"`
}

// optTime is t in the merchant's zone, or nil (null) when the file did not say.
func (s *Server) optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.In(s.Location)
	return &t
}

func (s *Server) payoutOut(p settlement.StoredPayout) payoutJSON {
	out := payoutJSON{ID: p.ID, Shop: p.Shop, Platform: p.Platform, Format: p.Format, Ref: p.Ref, Currency: string(p.Currency),
		Start: s.optTime(p.Start), End: s.optTime(p.End), DepositAt: s.optTime(p.DepositAt), Status: p.Status, ImportID: p.ImportID,
		Lines: p.Lines, ImportedAt: p.ImportedAt.In(s.Location)}
	if p.HasTotal {
		total := p.Total
		out.Total = &total
	}
	if r := p.Recon; r != nil {
		out.Reconciliation = &reconBriefJSON{Run: r.RunID, Differences: r.Differences(), ByClass: r.ByClass, Remainder: r.Remainder}
	}
	return out
}

func (s *Server) linesOut(ls []settlement.StoredLine) []lineJSON {
	out := make([]lineJSON, len(ls))
	for i, l := range ls {
		out[i] = lineJSON{ID: l.ID, Key: l.Key, Kind: string(l.Kind), Type: l.Type, OrderRef: l.OrderRef, RefundRef: l.RefundRef, TxnRef: l.TxnRef,
			SKU: l.SKU, Quantity: l.Quantity, Amount: l.Amount, PostedAt: s.optTime(l.PostedAt), Row: l.Row, Raw: l.Raw}
	}
	return out
}

// pageQuery reads ?cursor= and ?limit= (1 to 1000, 100 by default).
func pageQuery(r *http.Request, cursorName string) (cursor int64, limit int, err error) {
	if cursor, err = queryInt(r, cursorName, 0); err != nil {
		return 0, 0, err
	}
	n, err := queryInt(r, "limit", 100)
	if err != nil {
		return 0, 0, err
	}
	if n < 1 || n > 1000 {
		return 0, 0, fault.Invalidf("limit", "limit_invalid", "limit must be 1 to 1000")
	}
	return cursor, int(n), nil
}

// listPayouts lists payouts newest first, of ?shop= and within the
// caller's scope; cursor is the next_cursor of the page before.
func (s *Server) listPayouts(w http.ResponseWriter, r *http.Request) error {
	return listShopPage(s, w, r, func(st *app.Settlements, shops []string, before int64, limit int) ([]settlement.StoredPayout, error) {
		return st.Payouts(r.Context(), settlement.PayoutFilter{Shops: shops, Before: before, Limit: limit})
	}, func(p settlement.StoredPayout) int64 { return p.ID }, func(p settlement.StoredPayout) any { return s.payoutOut(p) })
}

// listShopPage answers one page of a settlement list newest first, of
// ?shop= and within the caller's scope, as {items, next_cursor}: the
// cursor is the last item's id when the page is full, else "".
func listShopPage[T any](s *Server, w http.ResponseWriter, r *http.Request,
	list func(st *app.Settlements, shops []string, before int64, limit int) ([]T, error), id func(T) int64, out func(T) any) error {
	st, err := s.settlementsOr503()
	if err != nil {
		return err
	}
	before, limit, err := pageQuery(r, "cursor")
	if err != nil {
		return err
	}
	shops, err := s.shopScope(r, requestedShops(r))
	if err != nil {
		return err
	}
	page, err := list(st, shops, before, limit)
	if err != nil {
		return err
	}
	items := make([]any, len(page))
	for i, v := range page {
		items[i] = out(v)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "next_cursor": nextCursor(page, limit, id)})
	return nil
}

// nextCursor is the id of a full page's last item, or "" for the last page.
func nextCursor[T any](page []T, limit int, id func(T) int64) string {
	if len(page) < limit || len(page) == 0 {
		return ""
	}
	return strconv.FormatInt(id(page[len(page)-1]), 10)
}

// scopedPayout loads the payout in the path: another shop's does not
// exist for a caller limited to some shops.
func (s *Server) scopedPayout(r *http.Request, st *app.Settlements) (settlement.StoredPayout, error) {
	id, err := pathID(r)
	if err != nil {
		return settlement.StoredPayout{}, err
	}
	p, _, err := st.Payout(r.Context(), id, 1)
	if err != nil {
		return p, err
	}
	return p, s.hidden(r, p.Shop, fault.New(fault.NotFound, "payout_not_found", "no settlement payout %d", id))
}

// getPayout answers a payout and the first page of its lines.
func (s *Server) getPayout(w http.ResponseWriter, r *http.Request) error {
	st, err := s.settlementsOr503()
	if err != nil {
		return err
	}
	p, err := s.scopedPayout(r, st)
	if err != nil {
		return err
	}
	return s.writeLines(w, r, st, p, 0, 100)
}

// listPayoutLines pages a payout's lines after ?after=.
func (s *Server) listPayoutLines(w http.ResponseWriter, r *http.Request) error {
	st, err := s.settlementsOr503()
	if err != nil {
		return err
	}
	after, limit, err := pageQuery(r, "after")
	if err != nil {
		return err
	}
	p, err := s.scopedPayout(r, st)
	if err != nil {
		return err
	}
	return s.writeLines(w, r, st, p, after, limit)
}

func (s *Server) writeLines(w http.ResponseWriter, r *http.Request, st *app.Settlements, p settlement.StoredPayout, after int64, limit int) error {
	lines, err := st.Lines(r.Context(), p.ID, after, limit)
	if err != nil {
		return err
	}
	next := nextCursor(lines, limit, func(l settlement.StoredLine) int64 { return l.ID })
	writeJSON(w, http.StatusOK, map[string]any{"payout": s.payoutOut(p), "lines": s.linesOut(lines), "next_after": next})
	return nil
}

// listSettlementImports lists recorded imports newest first.
func (s *Server) listSettlementImports(w http.ResponseWriter, r *http.Request) error {
	return listShopPage(s, w, r, func(st *app.Settlements, shops []string, before int64, limit int) ([]settlement.Import, error) {
		return st.Imports(r.Context(), settlement.ImportFilter{Shops: shops, Before: before, Limit: limit})
	}, func(im settlement.Import) int64 { return im.ID }, func(im settlement.Import) any {
		return map[string]any{"id": im.ID, "shop": im.Shop, "format": im.Format, "file_name": im.FileName, "sha256": im.SHA256,
			"lines_read": im.LinesRead, "lines_new": im.LinesNew, "lines_duplicate": im.LinesDuplicate, "moved": im.Moved,
			"payouts": im.Payouts, "status": im.Status, "by": im.By, "at": im.At.In(s.Location)}
	})
}

// listSettlementFormats lists the formats the hub reads.
func (s *Server) listSettlementFormats(w http.ResponseWriter, r *http.Request) error {
	st, err := s.settlementsOr503()
	if err != nil {
		return err
	}
	items := []map[string]string{}
	for _, f := range st.AllFormats() {
		items = append(items, map[string]string{"name": f.Name, "platform": f.Platform, "summary": f.Summary})
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

func mappingOut(m settlement.StoredMapping, loc *time.Location) map[string]any {
	if m.Kinds == nil {
		m.Kinds = map[string]settlement.Kind{} // {} rather than null: the document promises an object
	}
	return map[string]any{"name": m.Name, "version": m.Version, "created_at": m.CreatedAt.In(loc), "created_by": m.CreatedBy, "mapping": m.Mapping}
}

// getSettlementMapping answers the newest version of a mapping.
func (s *Server) getSettlementMapping(w http.ResponseWriter, r *http.Request) error {
	st, err := s.settlementsOr503()
	if err != nil {
		return err
	}
	m, err := st.Mapping(r.Context(), r.PathValue("name"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, mappingOut(m, s.Location))
	return nil
}

// putSettlementMapping saves the body as the mapping's next version.
func (s *Server) putSettlementMapping(w http.ResponseWriter, r *http.Request) error {
	st, err := s.settlementsOr503()
	if err != nil {
		return err
	}
	var m settlement.Mapping
	if err := decodeJSON(w, r, &m); err != nil {
		return err
	}
	m.Name = r.PathValue("name")
	saved, err := st.SaveMapping(r.Context(), m, s.principalOf(r).User.Name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, mappingOut(saved, s.Location))
	return nil
}
