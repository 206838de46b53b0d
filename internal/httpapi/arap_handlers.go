package httpapi

import (
	"net/http"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/arap"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
)

// The receivables and payables routes (docs/adr/0051). Customers and
// suppliers belong to no shop, and the aging and forecast total every
// shop's receivables: unscoped users only.

// arapHandler is a route handler made for one kind of party or document.
type arapHandler = func(http.ResponseWriter, *http.Request) error

func (s *Server) arap(r *http.Request, what string) (*app.ARAP, error) {
	if s.ARAP == nil {
		return nil, fault.New(fault.Unavailable, "arap_unavailable", "this server keeps no receivables and payables")
	}
	return s.ARAP, s.refuseScoped(r, what)
}

// arapOf is the use case for the entity ?entity= names (docs/adr/0058,
// 0060): the default entity's when absent, else that entity's books and
// documents in its own currency. Errors: 404 entity_not_found.
func (s *Server) arapOf(r *http.Request, what string) (*app.ARAP, int64, error) {
	uc, err := s.arap(r, what)
	if err != nil {
		return nil, 0, err
	}
	entity, err := s.queryEntity(r)
	if err != nil || entity == ledger.DefaultEntity {
		return uc, entity, err
	}
	e, err := s.Entities.ByID(r.Context(), entity)
	if err != nil {
		return nil, 0, err
	}
	return uc.For(e.ID, e.BaseCurrency), entity, nil
}

type partyJSON struct {
	Code      string         `json:"code"`
	Name      string         `json:"name"`
	Currency  money.Currency `json:"currency"`
	TermsDays int            `json:"terms_days"`
	CreatedAt *time.Time     `json:"created_at,omitempty"`
}

func (s *Server) partyOut(p arap.Party) partyJSON {
	at := p.CreatedAt.In(s.Location)
	return partyJSON{Code: p.Code, Name: p.Name, Currency: p.Currency, TermsDays: p.TermsDays, CreatedAt: &at}
}

func (s *Server) putParty(kind arap.PartyKind) arapHandler {
	return func(w http.ResponseWriter, r *http.Request) error {
		uc, err := s.arap(r, "keeping "+string(kind)+"s")
		if err != nil {
			return err
		}
		var in partyJSON
		if err := decodeJSON(w, r, &in); err != nil {
			return err
		}
		p, err := uc.PutParty(r.Context(), arap.Party{Kind: kind, Code: r.PathValue("code"), Name: in.Name, Currency: in.Currency, TermsDays: in.TermsDays})
		if err != nil {
			return err
		}
		auditChange(r, nil, s.partyOut(p))
		writeJSON(w, http.StatusOK, s.partyOut(p))
		return nil
	}
}

func (s *Server) listParties(kind arap.PartyKind) arapHandler {
	return func(w http.ResponseWriter, r *http.Request) error {
		uc, err := s.arap(r, "reading "+string(kind)+"s")
		if err != nil {
			return err
		}
		ps, err := uc.Parties(r.Context(), kind)
		if err != nil {
			return err
		}
		out := []partyJSON{}
		for _, p := range ps {
			out = append(out, s.partyOut(p))
		}
		writeJSON(w, http.StatusOK, map[string]any{"items": out})
		return nil
	}
}

// documentJSON is an invoice, receipt, bill or payment as sent and shown;
// the party is "customer" on /ar routes, "supplier" on /ap routes.
type documentJSON struct {
	Customer  string       `json:"customer,omitempty"`
	Supplier  string       `json:"supplier,omitempty"`
	Number    string       `json:"number"`
	Date      string       `json:"date"`
	DueDate   string       `json:"due_date,omitempty"`
	Amount    money.Amount `json:"amount"`
	Account   string       `json:"account"`
	AppliesTo string       `json:"applies_to,omitempty"`
	Memo      string       `json:"memo,omitempty"`
	Entity    int64        `json:"entity,omitempty"` // shown: the legal entity it belongs to; sent with ?entity=
	EntryID   int64        `json:"entry_id,omitempty"`
	Replayed  bool         `json:"replayed,omitempty"`
}

func docOut(d arap.Document) documentJSON {
	out := documentJSON{Number: d.Number, Date: d.Date.Format(arap.DateLayout), Amount: d.Amount, Account: d.Account,
		AppliesTo: d.AppliesTo, Memo: d.Memo, Entity: d.Entity, EntryID: d.EntryID}
	if !d.DueDate.IsZero() {
		out.DueDate = d.DueDate.Format(arap.DateLayout)
	}
	if d.Kind.PartyKind() == arap.Customer {
		out.Customer = d.Party
	} else {
		out.Supplier = d.Party
	}
	return out
}

func day(field, v string, required bool) (time.Time, error) {
	if v == "" && !required {
		return time.Time{}, nil
	}
	t, err := time.Parse(arap.DateLayout, v)
	if err != nil {
		return time.Time{}, fault.Invalidf(field, field+"_invalid", "%s %q must be a day as yyyy-mm-dd, e.g. 2026-11-30", field, v)
	}
	return t, nil
}

func docIn(kind arap.DocKind, in documentJSON) (arap.Document, error) {
	party, other, otherName := in.Supplier, in.Customer, "customer"
	if kind.PartyKind() == arap.Customer {
		party, other, otherName = in.Customer, in.Supplier, "supplier"
	}
	if other != "" {
		return arap.Document{}, fault.Invalidf(otherName, otherName+"_not_allowed", "a %s names a %s, not a %s", kind, kind.PartyKind(), otherName)
	}
	date, err := day("date", in.Date, true)
	if err != nil {
		return arap.Document{}, err
	}
	due, err := day("due_date", in.DueDate, false)
	if err != nil {
		return arap.Document{}, err
	}
	return arap.Document{Kind: kind, Party: party, Number: in.Number, Date: date, DueDate: due, Amount: in.Amount,
		Account: in.Account, AppliesTo: in.AppliesTo, Memo: in.Memo}, nil
}

// addDocument books one document in the entity ?entity= names (the
// default one when absent; docs/adr/0060); its number is its idempotency
// key per entity and party: 201 the first time, 200 with replayed the
// same again, 409 other content under the number. An unknown entity is
// 400 naming the field entity.
func (s *Server) addDocument(kind arap.DocKind) arapHandler {
	return func(w http.ResponseWriter, r *http.Request) error {
		uc, entity, err := s.arapOf(r, "booking "+string(kind)+"s")
		if fault.Is(err, fault.NotFound) {
			err = fault.Invalidf("entity", "entity_not_found", "entity %q does not exist; list them with GET /api/v1/entities or add it first", r.URL.Query().Get("entity"))
		}
		if err != nil {
			return err
		}
		var in documentJSON
		if err := decodeJSON(w, r, &in); err != nil {
			return err
		}
		if in.Entity != 0 && in.Entity != entity {
			return fault.Invalidf("entity", "entity_mismatch", "the body names entity %d, ?entity= names %d; name the entity with ?entity=", in.Entity, entity)
		}
		d, err := docIn(kind, in)
		if err != nil {
			return err
		}
		b, err := uc.AddDocument(r.Context(), d, s.principalOf(r).User.Name)
		if err != nil {
			return err
		}
		out, status := docOut(b.Document), http.StatusCreated
		if b.Replayed {
			out.Replayed, status = true, http.StatusOK
		} else {
			auditChange(r, nil, out)
		}
		writeJSON(w, status, out)
		return nil
	}
}

// listBills lists the bills of the entity ?entity= names (the default
// one when absent).
func (s *Server) listBills(w http.ResponseWriter, r *http.Request) error {
	uc, _, err := s.arapOf(r, "reading bills")
	if err != nil {
		return err
	}
	docs, err := uc.Documents(r.Context(), arap.Supplier, r.URL.Query().Get("supplier"))
	if err != nil {
		return err
	}
	out := []documentJSON{}
	for _, d := range docs {
		if d.Kind == arap.Bill {
			out = append(out, docOut(d))
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": out})
	return nil
}

type agingRowJSON struct {
	Type     string            `json:"type"`
	Party    string            `json:"party"`
	Currency money.Currency    `json:"currency"`
	Buckets  map[string]string `json:"buckets"`
	Total    money.Amount      `json:"total"`
	Items    int               `json:"items"`
}

func asOfDay(r *http.Request) (time.Time, error) {
	if v := r.URL.Query().Get("as_of"); v != "" {
		return day("as_of", v, true)
	}
	return arap.Day(time.Now()), nil
}

// aging answers the aging of receivables (/ar: platforms and customers)
// or payables (/ap: suppliers) as of ?as_of=yyyy-mm-dd (today).
func (s *Server) aging(payables bool) arapHandler {
	return func(w http.ResponseWriter, r *http.Request) error {
		uc, entity, err := s.arapOf(r, "the aging")
		if err != nil {
			return err
		}
		asOf, err := asOfDay(r)
		if err != nil {
			return err
		}
		rows, err := uc.Aging(r.Context(), asOf)
		if err != nil {
			return err
		}
		out := []agingRowJSON{}
		for _, row := range rows {
			if (row.Kind == arap.SupplierAP) != payables {
				continue
			}
			b := map[string]string{}
			for i, name := range arap.BucketNames {
				b[name] = money.New(row.Buckets[i], row.Currency).String()
			}
			out = append(out, agingRowJSON{Type: string(row.Kind), Party: row.Party, Currency: row.Currency, Buckets: b,
				Total: money.New(row.Total, row.Currency), Items: row.Items})
		}
		ties, err := s.ties(r, uc, asOf, payables)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, map[string]any{"entity": entity, "as_of": asOf.Format(arap.DateLayout), "rows": out, "ties": ties})
		return nil
	}
}

// tieJSON is a sub-ledger against its control account in one currency.
type tieJSON struct {
	Account    string         `json:"account"`
	Type       string         `json:"type"`
	Currency   money.Currency `json:"currency"`
	SubLedger  string         `json:"sub_ledger"`
	Control    string         `json:"control"`
	Difference string         `json:"difference"`
}

// ties checks the aging's side (receivables or payables) against the
// ledger's control accounts on asOf (app.ARAP.Ties).
func (s *Server) ties(r *http.Request, uc *app.ARAP, asOf time.Time, payables bool) ([]tieJSON, error) {
	ts, err := uc.Ties(r.Context(), asOf)
	if err != nil {
		return nil, err
	}
	out := []tieJSON{}
	for _, t := range ts {
		if (t.Kind == arap.SupplierAP) != payables {
			continue
		}
		m := func(v int64) string { return money.New(v, t.Currency).String() }
		out = append(out, tieJSON{Account: t.Account, Type: string(t.Kind), Currency: t.Currency, SubLedger: m(t.SubLedger), Control: m(t.Control), Difference: m(t.Difference)})
	}
	return out, nil
}

type forecastPeriodJSON struct {
	Start     string       `json:"start"`
	Currency  string       `json:"currency"`
	Platform  money.Amount `json:"platform"`
	Customers money.Amount `json:"customers"`
	Suppliers money.Amount `json:"suppliers"`
	Net       money.Amount `json:"net"`
	Closing   money.Amount `json:"closing"`
}

// The forecast's bounds: ?weeks= by week, ?days= by day.
const (
	maxForecastWeeks = 26
	maxForecastDays  = 92
)

// cashflow forecasts from ?as_of=, by ?by=week (the default) for ?weeks=
// (1–26, default 8) weeks, or by=day for ?days= (1–92, default 14) days.
func (s *Server) cashflow(w http.ResponseWriter, r *http.Request) error {
	uc, entity, err := s.arapOf(r, "the cash-flow forecast")
	if err != nil {
		return err
	}
	asOf, err := asOfDay(r)
	if err != nil {
		return err
	}
	by, n, err := forecastSpan(r)
	if err != nil {
		return err
	}
	step, list := arap.Weekly, "weeks"
	if by == "day" {
		step, list = arap.Daily, "days"
	}
	ps, err := uc.Forecast(r.Context(), asOf, int(n), step)
	if err != nil {
		return err
	}
	out := []forecastPeriodJSON{}
	for _, x := range ps {
		m := func(v int64) money.Amount { return money.New(v, x.Currency) }
		out = append(out, forecastPeriodJSON{Start: x.Start.Format(arap.DateLayout), Currency: string(x.Currency),
			Platform: m(x.Platform), Customers: m(x.Customers), Suppliers: m(x.Suppliers), Net: m(x.Net), Closing: m(x.Closing)})
	}
	writeJSON(w, http.StatusOK, map[string]any{"entity": entity, "as_of": asOf.Format(arap.DateLayout), "by": by, list: out})
	return nil
}

// forecastSpan reads ?by= and the count that goes with it; the other
// count is refused rather than ignored.
func forecastSpan(r *http.Request) (string, int64, error) {
	q := r.URL.Query()
	by := q.Get("by")
	if by == "" {
		by = "week"
	}
	name, def, max, other := "weeks", int64(8), int64(maxForecastWeeks), "days"
	switch by {
	case "week":
	case "day":
		name, def, max, other = "days", 14, maxForecastDays, "weeks"
	default:
		return "", 0, fault.Invalidf("by", "by_invalid", "by must be week or day, not %q", by)
	}
	if q.Has(other) {
		return "", 0, fault.Invalidf(other, other+"_not_allowed", "%s is for by=%s; by=%s counts %s", other, map[string]string{"days": "day", "weeks": "week"}[other], by, name)
	}
	n, err := queryInt(r, name, def)
	if err == nil && (n < 1 || n > max) {
		err = fault.Invalidf(name, name+"_invalid", "%s must be 1 to %d, not %d", name, max, n)
	}
	return by, n, err
}

type revaluationLineJSON struct {
	Account    string `json:"account"`
	Currency   string `json:"currency"`
	Open       string `json:"open"`
	Booked     string `json:"booked"`
	Remeasured string `json:"remeasured"`
	Difference string `json:"difference"`
}

// revaluePeriod posts the period's FX revaluation and its reversal; run
// again, it answers the same entries (replayed).
func (s *Server) revaluePeriod(w http.ResponseWriter, r *http.Request) error {
	uc, entity, err := s.arapOf(r, "revaluing a period")
	if err != nil {
		return err
	}
	res, err := uc.Revalue(r.Context(), r.PathValue("period"))
	if err != nil {
		return err
	}
	lines := []revaluationLineJSON{}
	for _, l := range res.Lines {
		b := func(v int64) string { return money.New(v, uc.Currency).String() }
		lines = append(lines, revaluationLineJSON{Account: l.Adjusts, Currency: string(l.Currency), Open: money.New(l.Open, l.Currency).String(),
			Booked: b(l.Booked), Remeasured: b(l.Remeasured), Difference: b(l.Difference)})
	}
	status := http.StatusCreated
	if res.Replayed || res.Entry == 0 {
		status = http.StatusOK
	} else {
		auditChange(r, nil, map[string]any{"entity": entity, "period": res.Period, "entry": res.Entry})
	}
	writeJSON(w, status, map[string]any{"entity": entity, "period": res.Period, "entry": res.Entry,
		"reversal": res.Reversal, "replayed": res.Replayed, "lines": lines})
	return nil
}
