package httpapi

import (
	"context"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement/terms"
	"github.com/fnshub/fnshub/internal/shop"
)

// Terms keeps what reconciliations are held to: settlement contracts,
// rule sets and exchange rates (termsdb.Store; docs/adr/0049).
type Terms interface {
	Contract(ctx context.Context, shop string) (terms.Contract, bool, error)
	Contracts(ctx context.Context, shop string) ([]terms.Contract, error)
	SaveContract(ctx context.Context, c terms.Contract, now time.Time) (terms.Saved, error)
	Rules(ctx context.Context, shop string) (terms.Rules, bool, error)
	RuleVersions(ctx context.Context, scope string) ([]terms.Rules, error)
	SaveRules(ctx context.Context, r terms.Rules, now time.Time) (terms.Saved, error)
	Find(ctx context.Context, from, to money.Currency, date string) (terms.Found, error)
	Import(ctx context.Context, rates []terms.FXRate, opt terms.ImportOptions) (terms.ImportOutcome, error)
}

func (s *Server) terms() (Terms, error) {
	if s.Terms == nil {
		return nil, fault.New(fault.Unavailable, "terms_unavailable", "this server keeps no settlement terms")
	}
	return s.Terms, nil
}

// contractJSON is a contract version as shown and as sent (PUT reads
// commission, fee_rates, known_fees, cycle_days, grace_days,
// fee_tolerance_minor; the rest is the server's).
type contractJSON struct {
	Shop         string            `json:"shop,omitempty"`
	Version      int64             `json:"version"`
	Default      bool              `json:"default"`
	Commission   string            `json:"commission"`
	FeeRates     map[string]string `json:"fee_rates"`
	KnownFees    []string          `json:"known_fees"`
	CycleDays    int               `json:"cycle_days"`
	GraceDays    int               `json:"grace_days"`
	FeeTolerance int64             `json:"fee_tolerance_minor"`
	CreatedAt    *time.Time        `json:"created_at,omitempty"`
	CreatedBy    string            `json:"created_by,omitempty"`
}

func (s *Server) contractOut(c terms.Contract) contractJSON {
	out := contractJSON{Shop: c.Shop, Version: c.Version, Default: c.Default, Commission: c.Commission.String(), FeeRates: map[string]string{},
		KnownFees: append([]string{}, c.KnownFees...), CycleDays: c.CycleDays, GraceDays: c.GraceDays, FeeTolerance: c.FeeTolerance, CreatedBy: c.CreatedBy}
	for k, v := range c.FeeRates {
		out.FeeRates[k] = v.String()
	}
	if !c.CreatedAt.IsZero() {
		at := c.CreatedAt.In(s.Location)
		out.CreatedAt = &at
	}
	return out
}

// contractIn reads a sent contract, naming a bad rate's field.
func contractIn(shop string, in contractJSON) (terms.Contract, error) {
	c := terms.Contract{Shop: shop, FeeRates: map[string]money.Rate{}, KnownFees: in.KnownFees, CycleDays: in.CycleDays,
		GraceDays: in.GraceDays, FeeTolerance: in.FeeTolerance}
	var err error
	if c.Commission, err = parseRate("commission", in.Commission); err != nil {
		return terms.Contract{}, err
	}
	for typ, v := range in.FeeRates {
		if c.FeeRates[typ], err = parseRate("fee_rates."+typ, v); err != nil {
			return terms.Contract{}, err
		}
	}
	return c, c.Validate()
}

func parseRate(field, v string) (money.Rate, error) {
	if v == "" {
		v = "0"
	}
	r, err := money.ParseRate(v)
	if err != nil {
		return money.Rate{}, fault.Invalidf(field, "rate_invalid", "%s %q: %v; give a fraction such as \"0.05\" or a percentage such as \"5%%\", from 0 to below 100%%", field, v, err)
	}
	return r, nil
}

// getShopContract shows the shop's current contract — its platform's
// default, flagged "default": true, when none was saved — and every
// saved version, newest first.
func (s *Server) getShopContract(w http.ResponseWriter, r *http.Request) error {
	st, err := s.terms()
	if err != nil {
		return err
	}
	sh, err := s.scopedShop(r)
	if err != nil {
		return err
	}
	versions, err := st.Contracts(r.Context(), sh.ID)
	if err != nil {
		return err
	}
	cur := terms.DefaultContract(sh.ID, sh.Channel)
	out := []contractJSON{}
	for i, c := range versions {
		if i == 0 {
			cur = c
		}
		out = append(out, s.contractOut(c))
	}
	writeJSON(w, http.StatusOK, map[string]any{"shop": sh.ID, "current": s.contractOut(cur), "versions": out})
	return nil
}

// putShopContract saves the shop's contract as a new version; the same
// terms as the current version are a duplicate (200, nothing saved).
func (s *Server) putShopContract(w http.ResponseWriter, r *http.Request) error {
	st, err := s.terms()
	if err != nil {
		return err
	}
	sh, err := s.scopedShop(r)
	if err != nil {
		return err
	}
	var in contractJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	c, err := contractIn(sh.ID, in)
	if err != nil {
		return err
	}
	c.CreatedBy = s.principalOf(r).User.Name
	before, _, _ := st.Contract(r.Context(), sh.ID)
	saved, err := st.SaveContract(r.Context(), c, time.Now())
	if err != nil {
		return err
	}
	c.Version, c.CreatedAt = saved.Version, time.Now()
	status := http.StatusCreated
	if saved.Duplicate {
		status = http.StatusOK
	} else {
		var was any
		if before.Version > 0 {
			was = s.contractOut(before)
		}
		auditChange(r, was, s.contractOut(c))
	}
	writeJSON(w, status, map[string]any{"shop": sh.ID, "version": saved.Version, "duplicate": saved.Duplicate})
	return nil
}

// rulesJSON is a rule set version as shown and as sent.
type rulesJSON struct {
	Shop            string     `json:"shop"`
	Version         int64      `json:"version"`
	Default         bool       `json:"default"`
	AmountTolerance int64      `json:"amount_tolerance_minor"`
	RefundWindowH   int64      `json:"refund_window_hours"`
	SplitPayouts    bool       `json:"split_payouts"`
	CreatedAt       *time.Time `json:"created_at,omitempty"`
	CreatedBy       string     `json:"created_by,omitempty"`
}

func (s *Server) rulesOut(rs terms.Rules) rulesJSON {
	out := rulesJSON{Shop: rs.Scope, Version: rs.Version, Default: rs.Default, AmountTolerance: rs.AmountTolerance,
		RefundWindowH: int64(rs.RefundWindow / time.Hour), SplitPayouts: rs.SplitPayouts, CreatedBy: rs.CreatedBy}
	if !rs.CreatedAt.IsZero() {
		at := rs.CreatedAt.In(s.Location)
		out.CreatedAt = &at
	}
	return out
}

// getReconRules shows the rules that apply to ?shop= (its own, else every
// shop's, else the default) and the saved versions of that scope.
func (s *Server) getReconRules(w http.ResponseWriter, r *http.Request) error {
	st, err := s.terms()
	if err != nil {
		return err
	}
	shop := r.URL.Query().Get("shop")
	if shop != "" {
		if _, err := s.shopScope(r, []string{shop}); err != nil {
			return err
		}
	}
	cur, ok, err := st.Rules(r.Context(), shop)
	if err != nil {
		return err
	}
	if !ok {
		cur = terms.DefaultRules("")
	}
	versions, err := st.RuleVersions(r.Context(), shop)
	if err != nil {
		return err
	}
	out := []rulesJSON{}
	for _, v := range versions {
		out = append(out, s.rulesOut(v))
	}
	writeJSON(w, http.StatusOK, map[string]any{"shop": shop, "current": s.rulesOut(cur), "versions": out})
	return nil
}

// putReconRules saves a rule set, for the shop it names or ("shop": "")
// every shop, as the next version of that scope. Rules reach beyond a
// set of shops' data only for "", but any rule changes what the books
// say: only an unscoped user sets them.
func (s *Server) putReconRules(w http.ResponseWriter, r *http.Request) error {
	st, err := s.terms()
	if err != nil {
		return err
	}
	if err := s.refuseScoped(r, "setting reconciliation rules"); err != nil {
		return err
	}
	var in rulesJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if in.Shop != "" {
		if _, err := s.Shops.Get(r.Context(), in.Shop); err != nil {
			return err
		}
	}
	if in.RefundWindowH < 0 || in.RefundWindowH > terms.MaxRefundWindowH {
		return fault.Invalidf("refund_window_hours", "refund_window_invalid", "refund_window_hours must be whole hours from 0 to %d", terms.MaxRefundWindowH)
	}
	rs := terms.Rules{Scope: in.Shop, AmountTolerance: in.AmountTolerance, RefundWindow: time.Duration(in.RefundWindowH) * time.Hour,
		SplitPayouts: in.SplitPayouts, CreatedBy: s.principalOf(r).User.Name}
	saved, err := st.SaveRules(r.Context(), rs, time.Now())
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if saved.Duplicate {
		status = http.StatusOK
	} else {
		rs.Version = saved.Version
		auditChange(r, nil, s.rulesOut(rs))
	}
	writeJSON(w, status, map[string]any{"shop": in.Shop, "version": saved.Version, "duplicate": saved.Duplicate})
	return nil
}

// getFXRate finds the rate of a pair on a day: the day's, else the latest
// of the 7 days before (carried_days says how many back), a pair stored
// only the other way inverted (inverse: true).
func (s *Server) getFXRate(w http.ResponseWriter, r *http.Request) error {
	st, err := s.terms()
	if err != nil {
		return err
	}
	q := r.URL.Query()
	from, err := currencyQuery(q.Get("from"), "from")
	if err != nil {
		return err
	}
	to, err := currencyQuery(q.Get("to"), "to")
	if err != nil {
		return err
	}
	date := q.Get("date")
	if date == "" {
		date = time.Now().In(s.Location).Format(terms.DateLayout)
	}
	f, err := st.Find(r.Context(), from, to, date)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"from": string(f.From), "to": string(f.To), "date": f.Date, "rate": f.Rate.String(),
		"rate_date": f.Stored.Date, "stored_rate": f.Stored.Rate, "source": f.Stored.Source, "inverse": f.Inverse, "carried_days": f.Carried})
	return nil
}

func currencyQuery(v, name string) (money.Currency, error) {
	c, err := money.ParseCurrency(v)
	if err != nil {
		return "", fault.Invalidf(name, "currency_invalid", "%s %q must be an ISO 4217 currency code such as USD", name, v)
	}
	return c, nil
}

// fxRateJSON is a rate as sent.
type fxRateJSON struct {
	Date   string `json:"date"`
	From   string `json:"from"`
	To     string `json:"to"`
	Rate   string `json:"rate"`
	Source string `json:"source"`
}

// postFXRates imports rates: JSON {"rates": [...], "correct": false} or a
// text/csv body (terms.ParseCSV; ?base= for the wide form, ?correct=,
// ?source=). All or nothing; the same rate again is a duplicate.
func (s *Server) postFXRates(w http.ResponseWriter, r *http.Request) error {
	st, err := s.terms()
	if err != nil {
		return err
	}
	if err := s.refuseScoped(r, "importing exchange rates"); err != nil {
		return err
	}
	rates, correct, err := readRates(w, r)
	if err != nil {
		return err
	}
	out, err := st.Import(r.Context(), rates, terms.ImportOptions{Correct: correct, Now: time.Now()})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"added": out.Added, "duplicates": out.Duplicates, "corrected": out.Corrected})
	return nil
}

func readRates(w http.ResponseWriter, r *http.Request) ([]terms.FXRate, bool, error) {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "text/csv" {
		correct, err := boolQuery(r, "correct")
		if err != nil {
			return nil, false, err
		}
		raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			return nil, false, bodyError(err, nil)
		}
		q := r.URL.Query()
		rates, err := terms.ParseCSV(raw, terms.CSVOptions{Base: money.Currency(strings.ToUpper(q.Get("base"))), Source: q.Get("source")})
		return rates, correct, err
	}
	var in struct {
		Rates   []fxRateJSON `json:"rates"`
		Correct bool         `json:"correct"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return nil, false, err
	}
	if len(in.Rates) == 0 {
		return nil, false, fault.Invalidf("rates", "rates_missing", "send at least one rate: {\"rates\": [{\"date\": \"2026-11-30\", \"from\": \"USD\", \"to\": \"CNY\", \"rate\": \"7.1234\"}]}")
	}
	out := make([]terms.FXRate, len(in.Rates))
	for i, x := range in.Rates {
		src := x.Source
		if src == "" {
			src = "api"
		}
		out[i] = terms.FXRate{Date: x.Date, From: money.Currency(strings.ToUpper(x.From)), To: money.Currency(strings.ToUpper(x.To)), Rate: x.Rate, Source: src}
		if err := out[i].Validate(); err != nil {
			if fe := asFault(err); fe != nil {
				cp := *fe
				cp.Field = "rates[" + strconv.Itoa(i) + "]." + fe.Field
				return nil, false, &cp
			}
			return nil, false, err
		}
	}
	return out, in.Correct, nil
}

// scopedShop loads the shop in the path ({id}) for a request that may see
// it: another shop does not exist for a user limited to some.
func (s *Server) scopedShop(r *http.Request) (shop.Shop, error) {
	if err := s.shopInPath(r); err != nil {
		return shop.Shop{}, err
	}
	return s.Shops.Get(r.Context(), r.PathValue("id"))
}
