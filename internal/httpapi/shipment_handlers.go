package httpapi

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"strconv"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/order/shipsheet"
	"github.com/fnshub/fnshub/internal/sheet"
)

// The degraded mode's shipping sheet
// (docs/adr/0034-shipment-write-back-and-offline-mode.md).

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// pendingOrdersXLSX exports a shop's orders awaiting shipment, with the
// buyers' name, phone and address only for a role that may see contacts.
func (s *Server) pendingOrdersXLSX(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if err := s.shopInPath(r); err != nil {
		return err
	}
	sh, err := s.Shops.Get(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	recs, err := s.Orders.AwaitingShipment(ctx, sh.ID)
	if err != nil {
		return err
	}
	contacts := roleIn(s.principalOf(r).User.Role, seeContact)
	auditRevealed(r, contacts) // a sheet without contacts is no view of them
	ps := make([]shipsheet.Pending, len(recs))
	for i, rec := range recs {
		ps[i] = shipsheet.Pending{Order: rec}
	}
	if contacts {
		cs, err := s.Orders.Contacts(ctx, recs)
		if err != nil {
			return err
		}
		for i := range cs {
			// One that cannot be opened, or was erased, leaves its cells blank, as a list does.
			ps[i].Contact = cs[i].Contact
		}
	}
	var buf bytes.Buffer
	if err := shipsheet.Write(&buf, ps, shipsheet.Options{Location: s.Location, Contacts: contacts}); err != nil {
		return err
	}
	w.Header().Set("Content-Type", xlsxType)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="pending-orders-%s.xlsx"`, sh.ID))
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(buf.Bytes())
	return err
}

// rowErrorJSON is one bad row of an imported sheet.
type rowErrorJSON struct {
	Row    int    `json:"row"`
	Column string `json:"column,omitempty"`
	Reason string `json:"reason"`
}

// writeRowsInvalid answers 422 rows_invalid with every bad row of a sheet.
func writeRowsInvalid(w http.ResponseWriter, msg string, errs []sheet.RowError) {
	writeJSON(w, http.StatusUnprocessableEntity, struct {
		errorBody
		Rows []rowErrorJSON `json:"rows"`
	}{errorBody{errorDetail{Code: "rows_invalid", Field: "body", Message: msg}}, rowErrorsOut(errs)})
}

func rowErrorsOut(errs []sheet.RowError) []rowErrorJSON {
	out := make([]rowErrorJSON, len(errs))
	for i, e := range errs {
		out[i] = rowErrorJSON{Row: e.Row, Column: e.Column, Reason: e.Reason}
	}
	return out
}

// shipmentImportJSON is what an import did.
type shipmentImportJSON struct {
	Shipped        int            `json:"shipped"`
	AlreadyShipped int            `json:"already_shipped"`
	NotShippedYet  int            `json:"not_shipped_yet"`
	Errors         []rowErrorJSON `json:"errors"`
}

// importShipments ships the orders of a filled-in shipping sheet, sent as
// the raw body: text/csv or an .xlsx. With bad rows nothing ships (422,
// every row named) unless skip_bad=true, which ships the good rows.
func (s *Server) importShipments(w http.ResponseWriter, r *http.Request) error {
	skipBad, err := boolQuery(r, "skip_bad")
	if err != nil {
		return err
	}
	name, err := sheetName(r.Header.Get("Content-Type"))
	if err != nil {
		return err
	}
	table, err := sheet.ReadTable(name, r.Body) // it bounds the size itself (sheet.MaxBytes)
	if err != nil {
		return err
	}
	parsed := shipsheet.Parse(table)
	if len(parsed.Errors) > 0 && !skipBad {
		writeRowsInvalid(w, fmt.Sprintf("%d problem(s) in the sheet, listed in rows; nothing shipped: fix them, or send skip_bad=true to ship the good rows", len(parsed.Errors)), parsed.Errors)
		return nil
	}
	shops, err := s.shopScope(r, nil)
	if err != nil {
		return err
	}
	res, err := s.Orders.ImportShipmentsIn(r.Context(), parsed.Shipments, shops)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, shipmentImportOut(parsed, res))
	return nil
}

func shipmentImportOut(p shipsheet.Parsed, res app.ShipmentImport) shipmentImportJSON {
	return shipmentImportJSON{Shipped: res.Shipped, AlreadyShipped: res.Already, NotShippedYet: p.Blank,
		Errors: rowErrorsOut(append(append([]sheet.RowError(nil), p.Errors...), res.Errors...))}
}

// sheetName is the file name sheet.ReadTable reads a body of content type
// ct as.
func sheetName(ct string) (string, error) {
	mt, _, _ := mime.ParseMediaType(ct)
	switch mt {
	case "text/csv":
		return "upload.csv", nil
	case xlsxType:
		return "upload.xlsx", nil
	}
	return "", fault.Invalidf("Content-Type", "content_type_unsupported",
		"send the sheet as the raw body with Content-Type text/csv or %s, not %q", xlsxType, ct)
}

func boolQuery(r *http.Request, name string) (bool, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fault.Invalidf(name, name+"_invalid", "%s must be true or false, not %q", name, v)
	}
	return b, nil
}
