package httpapi

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/pii"
)

// ingestOrder takes one version of an order. Its natural key (channel,
// shop, external_id, version) makes it idempotent: a repeat answers 200
// with Idempotent-Replayed and the order as it stands. The payload is kept
// whatever the answer: a refused one is kept before the error goes out
// (docs/adr/0021-raw-events-and-replay.md).
func (s *Server) ingestOrder(w http.ResponseWriter, r *http.Request) error {
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err == nil {
		err = checkContentType(r)
	}
	var in app.Input
	if err == nil {
		in, err = DecodeOrder(raw)
	}
	if err != nil {
		return s.keepRefused(r, raw, bodyError(err, nil))
	}
	in.Headers = r.Header
	res := s.Orders.Ingest(r.Context(), in)
	if res.Err != nil {
		return res.Err
	}
	s.metrics.orders.WithLabelValues(res.Order.Channel, string(res.Effect), string(res.Order.Status)).Inc()
	out, err := s.orderDetail(r, res.Order)
	if err != nil {
		return err
	}
	out.Effect = res.Effect
	writeApplied(w, res.Replayed || res.Effect == "stale", out)
	return nil
}

// DecodeOrder reads one order version as POST /api/v1/orders takes it, with
// every rule of the edge (the text rule, repeated keys, the document's
// bounds). Replaying a kept API payload decodes it with this too, so it
// reads as it would arriving now. Errors: Invalid, naming the field.
func DecodeOrder(raw []byte) (app.Input, error) {
	var in orderIn
	if err := decodeBody(raw, requestRules["POST /api/v1/orders"], &in); err != nil {
		return app.Input{}, err
	}
	return in.input(raw), nil
}

// keepRefused keeps a payload the edge refused, then answers with the
// refusal; if it cannot be kept, the answer says the hub is unavailable,
// so the sender retries rather than taking the refusal as final.
func (s *Server) keepRefused(r *http.Request, raw []byte, refusal error) error {
	// Kept even if the sender has gone: it was received, and is answered.
	ctx := context.WithoutCancel(r.Context())
	if _, err := s.Orders.Keep(ctx, app.Payload{Source: "api", Headers: r.Header, Body: raw}, refusal); err != nil {
		s.Log.ErrorContext(r.Context(), "a refused payload could not be kept", "err", err)
		return fault.New(fault.Unavailable, "payload_not_kept", "the payload could not be stored; send it again")
	}
	return refusal
}

// listOrders pages newest first; next_cursor is empty on the last page.
func (s *Server) listOrders(w http.ResponseWriter, r *http.Request) error {
	f, err := s.orderFilter(r)
	if err != nil {
		return err
	}
	recs, err := s.Orders.List(r.Context(), f)
	if err != nil {
		return err
	}
	items, err := s.listedOrders(r, recs)
	if err != nil {
		return err
	}
	next := "" // the last page, as on every list
	if len(recs) == f.Limit {
		next = strconv.FormatInt(int64(recs[len(recs)-1].ID), 10)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "next_cursor": next})
	return nil
}

func (s *Server) orderFilter(r *http.Request) (order.Filter, error) {
	q := r.URL.Query()
	f := order.Filter{Shop: q.Get("shop"), SKU: q.Get("sku"), BuyerRef: q.Get("buyer"), ExternalID: q.Get("external_id"),
		Hold: order.HoldReason(q.Get("hold"))}
	if v := q.Get("status"); v != "" {
		st, err := order.ParseStatus(v)
		if err != nil {
			return f, err
		}
		f.Status = st
	}
	limit, err := queryInt(r, "limit", 100)
	if err != nil || limit < 1 || limit > 1000 {
		return f, fault.Invalidf("limit", "limit_invalid", "limit must be between 1 and 1000")
	}
	f.Limit = int(limit)
	cursor, err := queryInt(r, "cursor", 0)
	if err != nil {
		return f, err
	}
	f.Before = order.ID(cursor)
	if f.From, err = s.queryDay(r, "from", false); err != nil {
		return f, err
	}
	f.To, err = s.queryDay(r, "to", true)
	return f, err
}

// queryDay reads a date or an RFC 3339 time; a date means the start of the
// day in the merchant's zone, or with end, the start of the next day.
func (s *Server) queryDay(r *http.Request, name string, end bool) (time.Time, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	d, err := time.ParseInLocation(time.DateOnly, v, s.Location)
	if err != nil {
		return time.Time{}, fault.Invalidf(name, name+"_invalid", "%s=%q must be a date (2026-11-11) or an RFC 3339 time", name, v)
	}
	if end {
		d = d.AddDate(0, 0, 1)
	}
	return d, nil
}

func (s *Server) getOrder(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rec, err := s.Orders.Get(r.Context(), order.ID(id))
	if err != nil {
		return err
	}
	out, err := s.orderDetail(r, rec)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// getReceiver answers who the order's shipping label is addressed to, in
// plain text — opened by the platform where it masks contacts (TOP's
// OAID) — for the people who ship it. It is for the printer: nothing keeps
// it, so the answer must not be cached either.
func (s *Server) getReceiver(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := s.Orders.Receiver(r.Context(), order.ID(id))
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, c)
	return nil
}

// orderDetail gathers everything an order caused: reservations, entries,
// versions and its event trail.
func (s *Server) orderDetail(r *http.Request, rec *order.Record) (orderDetail, error) {
	ctx := r.Context()
	base, err := s.withContact(r, rec)
	if err != nil {
		return orderDetail{}, err
	}
	d := orderDetail{orderOut: base, Journal: []entryJSON{}}
	rs, err := s.Orders.Reservations(ctx, rec.ID)
	if err != nil {
		return d, err
	}
	d.Reservations = s.reservationsOut(rs)
	if d.Versions, err = s.Orders.Versions(ctx, rec.ID); err != nil {
		return d, err
	}
	if d.Events, err = s.Orders.Events(ctx, rec.ID); err != nil {
		return d, err
	}
	for _, e := range d.Events {
		if e.Topic != order.TopicPosted {
			continue
		}
		var posted struct{ Entry int64 }
		if err := json.Unmarshal(e.Payload, &posted); err != nil {
			return d, err
		}
		entry, err := s.Ledger.Entry(ctx, posted.Entry)
		if err != nil {
			return d, err
		}
		d.Journal = append(d.Journal, s.entryOut(entry))
	}
	s.localTrail(d.Versions, d.Events)
	d.Versions, d.Events = nonNil(d.Versions), nonNil(d.Events)
	return d, nil
}

// seeContact lists the roles that may see a buyer's contact in full: the
// people who ship and serve the order. They see it through the receiver
// endpoint (and the shipping sheet); everywhere else everyone sees it
// masked (docs/adr/0041).
var seeContact = []auth.Role{auth.Admin, auth.Operations, auth.Warehouse}

// withContact shows rec with its contact masked. A contact that cannot be
// opened fails the answer; an erased one is shown as erased.
func (s *Server) withContact(r *http.Request, rec *order.Record) (orderOut, error) {
	cs, err := s.Orders.Contacts(r.Context(), []*order.Record{rec})
	if err != nil {
		return orderOut{}, err
	}
	if cs[0].Err != nil {
		return orderOut{}, cs[0].Err
	}
	return s.maskedOrder(rec, cs[0])
}

func (s *Server) maskedOrder(rec *order.Record, c app.ContactOf) (orderOut, error) {
	var shown *pii.Contact
	if c.Contact != nil {
		m := c.Contact.Masked()
		shown = &m
	}
	out, err := s.orderOut(rec, shown)
	if c.Erased {
		out.ContactStatus = "erased"
	}
	return out, err
}

// listedOrder is an order in a list. A contact that cannot be opened
// (sealed with a key since lost, or damaged) does not fail the list: the
// order is shown without it and ContactError says why.
type listedOrder struct {
	orderOut
	ContactError string `json:"contact_error,omitempty"`
}

// listedOrders shows recs with their contacts masked, opened in one read.
func (s *Server) listedOrders(r *http.Request, recs []*order.Record) ([]listedOrder, error) {
	cs, err := s.Orders.Contacts(r.Context(), recs)
	if err != nil {
		return nil, err
	}
	items := make([]listedOrder, len(recs))
	for i, rec := range recs {
		if cs[i].Err != nil {
			// The error names the order and the key id, never the contact.
			s.Log.WarnContext(r.Context(), "order contact cannot be opened; listed without it", "order", rec.ID, "err", cs[i].Err)
			items[i].ContactError = "sealed_unreadable"
			cs[i].Err = nil
		}
		if items[i].orderOut, err = s.maskedOrder(rec, cs[i]); err != nil {
			return nil, err
		}
	}
	return items, nil
}

func roleIn(role auth.Role, roles []auth.Role) bool {
	for _, r := range roles {
		if r == role {
			return true
		}
	}
	return false
}
