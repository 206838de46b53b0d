package shopify

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// Payout is a Shopify Payments payout as payouts.json lists it. Money is
// Shopify's decimal string.
type Payout struct {
	ID       int64         `json:"id"`
	Status   string        `json:"status"` // scheduled, in_transit, paid, failed, canceled
	Date     string        `json:"date"`   // yyyy-mm-dd
	Currency string        `json:"currency"`
	Amount   string        `json:"amount"`
	Summary  PayoutSummary `json:"summary"`
}

// PayoutSummary is a payout's gross and fee amounts by kind.
type PayoutSummary struct {
	AdjustmentsFeeAmount      string `json:"adjustments_fee_amount"`
	AdjustmentsGrossAmount    string `json:"adjustments_gross_amount"`
	ChargesFeeAmount          string `json:"charges_fee_amount"`
	ChargesGrossAmount        string `json:"charges_gross_amount"`
	RefundsFeeAmount          string `json:"refunds_fee_amount"`
	RefundsGrossAmount        string `json:"refunds_gross_amount"`
	ReservedFundsFeeAmount    string `json:"reserved_funds_fee_amount"`
	ReservedFundsGrossAmount  string `json:"reserved_funds_gross_amount"`
	RetriedPayoutsFeeAmount   string `json:"retried_payouts_fee_amount"`
	RetriedPayoutsGrossAmount string `json:"retried_payouts_gross_amount"`
}

// BalanceTransaction is one movement of the Shopify Payments balance, as
// balance/transactions.json lists it.
type BalanceTransaction struct {
	ID                       int64  `json:"id"`
	Type                     string `json:"type"` // charge, refund, dispute, reserve, adjustment, payout …
	Test                     bool   `json:"test"`
	PayoutID                 *int64 `json:"payout_id"`
	PayoutStatus             string `json:"payout_status"`
	Currency                 string `json:"currency"`
	Amount                   string `json:"amount"`
	Fee                      string `json:"fee"`
	Net                      string `json:"net"`
	SourceID                 *int64 `json:"source_id"`
	SourceType               string `json:"source_type"`
	SourceOrderID            *int64 `json:"source_order_id"`
	SourceOrderTransactionID *int64 `json:"source_order_transaction_id"`
	ProcessedAt              string `json:"processed_at"`
}

// PutPayout adds payout p, or replaces the payout with its id (a status
// that moved on).
func (s *Shop) PutPayout(p Payout) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.payouts {
		if s.payouts[i].ID == p.ID {
			s.payouts[i] = p
			return
		}
	}
	s.payouts = append(s.payouts, p)
}

// AddTransaction adds a balance transaction.
func (s *Shop) AddTransaction(t BalanceTransaction) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.txns = append(s.txns, t)
}

// pageInfo is the cursor Shopify's Link header carries, opaque to the
// caller: the filters are baked into it, as Shopify's are.
type pageInfo struct {
	Offset int        `json:"o"`
	Query  url.Values `json:"q"`
}

// pageQuery is the filters of a list request: from page_info when given —
// then only limit may accompany it, as Shopify requires — else the query.
func pageQuery(w http.ResponseWriter, q url.Values) (filters url.Values, offset, limit int, ok bool) {
	limit = 50
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 250 {
			writeJSON(w, http.StatusBadRequest, map[string]any{"errors": map[string][]string{"limit": {"must be 1 to 250"}}})
			return nil, 0, 0, false
		}
		limit = n
	}
	pi := q.Get("page_info")
	if pi == "" {
		return q, 0, limit, true
	}
	for k := range q {
		if k != "page_info" && k != "limit" {
			writeJSON(w, http.StatusBadRequest, map[string]string{"errors": "page_info cannot be combined with " + k})
			return nil, 0, 0, false
		}
	}
	var p pageInfo
	raw, err := base64.RawURLEncoding.DecodeString(pi)
	if err == nil {
		err = json.Unmarshal(raw, &p)
	}
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"errors": "Invalid page_info"})
		return nil, 0, 0, false
	}
	return p.Query, p.Offset, limit, true
}

// link sets the Link header of a page that stopped at offset end of n.
func link(w http.ResponseWriter, r *http.Request, filters url.Values, start, end, n, limit int) {
	page := func(o int) string {
		raw, _ := json.Marshal(pageInfo{Offset: o, Query: filters})
		return fmt.Sprintf("%s://%s%s?limit=%d&page_info=%s", scheme(r), r.Host, r.URL.Path, limit, base64.RawURLEncoding.EncodeToString(raw))
	}
	var parts []string
	if end < n {
		parts = append(parts, "<"+page(end)+`>; rel="next"`)
	}
	if start > 0 {
		parts = append(parts, "<"+page(max(start-limit, 0))+`>; rel="previous"`)
	}
	if len(parts) == 1 {
		w.Header().Set("Link", parts[0])
	} else if len(parts) == 2 {
		w.Header().Set("Link", parts[0]+", "+parts[1])
	}
}

func scheme(r *http.Request) string {
	if r.TLS != nil {
		return "https"
	}
	return "http"
}

func (s *Shop) authorized(w http.ResponseWriter, r *http.Request) bool {
	w.Header().Set("X-Shopify-API-Version", r.PathValue("version"))
	if r.Header.Get("X-Shopify-Access-Token") != s.opt.Token {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"})
		return false
	}
	return true
}

// servePayouts is GET shopify_payments/payouts.json: date_min, date_max,
// status and since_id filters, newest first as Shopify lists them.
func (s *Shop) servePayouts(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r) {
		return
	}
	f, off, limit, ok := pageQuery(w, r.URL.Query())
	if !ok {
		return
	}
	since, _ := strconv.ParseInt(f.Get("since_id"), 10, 64)
	s.mu.Lock()
	var all []Payout
	for i := len(s.payouts) - 1; i >= 0; i-- {
		p := s.payouts[i]
		if (f.Get("date_min") != "" && p.Date < f.Get("date_min")) || (f.Get("date_max") != "" && p.Date > f.Get("date_max")) ||
			(f.Get("status") != "" && p.Status != f.Get("status")) || p.ID <= since {
			continue
		}
		all = append(all, p)
	}
	s.mu.Unlock()
	end := min(off+limit, len(all))
	off = min(off, end)
	link(w, r, f, off, end, len(all), limit)
	writeJSON(w, http.StatusOK, map[string][]Payout{"payouts": append([]Payout{}, all[off:end]...)})
}

// serveTransactions is GET shopify_payments/balance/transactions.json:
// payout_id and test filters, in the order they happened.
func (s *Shop) serveTransactions(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r) {
		return
	}
	f, off, limit, ok := pageQuery(w, r.URL.Query())
	if !ok {
		return
	}
	s.mu.Lock()
	var all []BalanceTransaction
	for _, t := range s.txns {
		if v := f.Get("payout_id"); v != "" && (t.PayoutID == nil || strconv.FormatInt(*t.PayoutID, 10) != v) {
			continue
		}
		all = append(all, t)
	}
	s.mu.Unlock()
	end := min(off+limit, len(all))
	off = min(off, end)
	link(w, r, f, off, end, len(all), limit)
	writeJSON(w, http.StatusOK, map[string][]BalanceTransaction{"transactions": append([]BalanceTransaction{}, all[off:end]...)})
}
