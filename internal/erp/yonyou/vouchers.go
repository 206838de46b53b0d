package yonyou

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/fnshub/fnshub/internal/erp"
	"github.com/fnshub/fnshub/internal/erp/erpcall"
)

// The general ledger's voucher APIs under the gateway.
const (
	AddPath   = "/yonbip/fi/ficloud/openapi/voucher/addVoucher"
	QueryPath = "/yonbip/fi/ficloud/openapi/voucher/queryVouchers"
)

// pageSize is how many vouchers a look-up reads per queryVouchers page.
const pageSize = 100

// Reply is a business API's answer: code "200" on success.
type Reply[T any] struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Data    T      `json:"data"`
}

// Saved is addVoucher's data: the voucher's id and number.
type Saved struct {
	ID       json.Number `json:"id"`
	BillCode json.Number `json:"billCode"`
}

// Page is queryVouchers' data: one page of vouchers, each a header and
// its lines.
type Page struct {
	PageIndex   int      `json:"pageIndex"`
	PageSize    int      `json:"pageSize"`
	RecordCount int      `json:"recordCount"`
	RecordList  []Record `json:"recordList"`
}

// Record is one voucher in a queryVouchers page.
type Record struct {
	Header struct {
		ID       json.Number `json:"id"`
		BillCode json.Number `json:"billCode"`
		Period   string      `json:"period"`
	} `json:"header"`
	Body []struct {
		Description string `json:"description"`
	} `json:"body"`
}

// tokenRefused are the gateway's codes for a token it will not take
// (310036 token invalid, 310037 no authority: platforms.md §7.2): the
// token is dropped and, fetched afresh, tried once more.
var tokenRefused = map[string]bool{"310036": true, "310037": true}

// DecodeReply reads a business API's answer: "200" is success; a token
// refusal is Auth; a 429, 5xx or the gateway's 限流 code 310046 is
// Transient; any other code refuses the voucher with Yonyou's message.
func DecodeReply[T any](status int, body []byte) (T, error) {
	var r Reply[T]
	if status == http.StatusTooManyRequests || status >= 500 {
		return r.Data, &erpcall.Error{Kind: erpcall.Transient, ERP: Name, Status: status, Message: bounded(string(body))}
	}
	if err := erpcall.Decode(Name, status, body, &r); err != nil {
		return r.Data, err
	}
	switch {
	case r.Code == "200":
		return r.Data, nil
	case tokenRefused[r.Code]:
		return r.Data, &erpcall.Error{Kind: erpcall.Auth, ERP: Name, Status: status, Code: r.Code, Message: bounded(r.Message)}
	case r.Code == "310046":
		return r.Data, &erpcall.Error{Kind: erpcall.Transient, ERP: Name, Status: status, Code: r.Code, Message: bounded(r.Message)}
	default:
		return r.Data, &erpcall.Error{Kind: erpcall.Refused, ERP: Name, Status: status, Code: r.Code, Message: bounded(r.Message)}
	}
}

// post sends body to the gateway's path with the access token, trying
// once more with a fresh token when the gateway refuses a kept one.
func post[T any](ctx context.Context, c *Client, path string, body any) (T, error) {
	raw, err := json.Marshal(body)
	var zero T
	if err != nil {
		return zero, err
	}
	for try := 0; ; try++ {
		token, err := c.accessToken(ctx)
		if err != nil {
			return zero, err
		}
		status, answer, err := c.postRaw(ctx, c.gateway+path+"?"+url.Values{"access_token": {token}}.Encode(), raw)
		if err != nil {
			return zero, err
		}
		data, err := DecodeReply[T](status, answer)
		if erpcall.KindOf(err) == erpcall.Auth && try == 0 {
			c.forget(token)
			continue
		}
		return data, err
	}
}

func (c *Client) postRaw(ctx context.Context, u string, body []byte) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, erpcall.Transport(Name, err)
	}
	answer, err := erpcall.ReadBody(Name, resp)
	return resp.StatusCode, answer, err
}

type remote struct{ c *Client }

// Find reads the voucher's period (once per push) and matches our id at
// the head of a line's description.
func (r remote) Find(ctx context.Context, v erp.Voucher) (string, bool, error) {
	index, err := r.c.period(ctx, periodOf(v))
	if err != nil {
		return "", false, err
	}
	ref, ok := index[v.ID]
	return ref, ok, nil
}

// periodOf is the voucher's period, from its date when not given.
func periodOf(v erp.Voucher) string {
	if v.Period != "" {
		return v.Period
	}
	return v.Date.Format("2006-01")
}

// maxPages bounds a period's reading: 100 000 vouchers in a month is past
// any shop's books, and a gateway answering full pages forever must not
// hold the push.
const maxPages = 1000

// period indexes a period's vouchers by the id at the head of their
// descriptions, reading every page.
func (c *Client) period(ctx context.Context, period string) (map[string]string, error) {
	c.mu.Lock()
	index, ok := c.periods[period]
	c.mu.Unlock()
	if ok {
		return index, nil
	}
	index = map[string]string{}
	for page := 1; page <= maxPages; page++ {
		q := map[string]any{"pager": map[string]int{"pageIndex": page, "pageSize": pageSize},
			"accbookCode": c.cfg.AccbookCode, "periodStart": period, "periodEnd": period}
		p, err := post[Page](ctx, c, QueryPath, q)
		if err != nil {
			return nil, err
		}
		for _, rec := range p.RecordList {
			for _, l := range rec.Body {
				if id := OurID(l.Description); id != "" {
					index[id] = rec.Header.BillCode.String()
				}
			}
		}
		// A short page is the last; recordCount, when given, says so
		// sooner. Without it a full page is never taken as the end, or a
		// voucher on the next page would be missed and sent twice.
		if len(p.RecordList) < pageSize || (p.RecordCount > 0 && page*pageSize >= p.RecordCount) {
			break
		}
	}
	c.mu.Lock()
	if c.periods != nil {
		c.periods[period] = index
	}
	c.mu.Unlock()
	return index, nil
}

// OurID is the hub's voucher id leading a description, "" when none.
func OurID(description string) string {
	id, _, _ := strings.Cut(description, " ")
	if !strings.HasPrefix(id, "FNS-") || len(id) < 6 {
		return ""
	}
	return id
}

// Create saves the voucher. Its period's index learns the new voucher;
// a save whose outcome is unknown drops the index, so the retry's look-up
// reads the period again.
func (r remote) Create(ctx context.Context, v erp.Voucher) (string, error) {
	body, err := r.c.voucherBody(v)
	if err != nil {
		return "", err
	}
	saved, err := post[Saved](ctx, r.c, AddPath, body)
	r.c.mu.Lock()
	defer r.c.mu.Unlock()
	if err != nil {
		if erpcall.KindOf(err) == erpcall.Transient {
			delete(r.c.periods, periodOf(v))
		}
		return "", err
	}
	ref := saved.BillCode.String()
	if ref == "" {
		ref = saved.ID.String()
	}
	if index := r.c.periods[periodOf(v)]; index != nil {
		index[v.ID] = ref
	}
	return ref, nil
}

type auxiliary struct {
	FiledCode string `json:"filedCode"` // sic: Yonyou's spelling
	ValueCode string `json:"valueCode"`
}

type bodyLine struct {
	Description    string      `json:"description"`
	AccsubjectCode string      `json:"accsubjectCode"`
	CurrencyCode   string      `json:"currencyCode,omitempty"`
	RateType       string      `json:"rateType"`
	RateOrg        json.Number `json:"rateOrg"`
	DebitOriginal  json.Number `json:"debitOriginal,omitempty"`
	DebitOrg       json.Number `json:"debitOrg,omitempty"`
	CreditOriginal json.Number `json:"creditOriginal,omitempty"`
	CreditOrg      json.Number `json:"creditOrg,omitempty"`
	Aux            []auxiliary `json:"clientAuxiliaryList,omitempty"`
}

type voucherBody struct {
	SrcSystemCode   string     `json:"srcSystemCode"`
	AccbookCode     string     `json:"accbookCode"`
	VoucherTypeCode string     `json:"voucherTypeCode"`
	MakerMobile     string     `json:"makerMobile,omitempty"`
	MakeTime        string     `json:"makeTime"`
	Bodies          []bodyLine `json:"bodies"`
}

// voucherBody is the addVoucher body. The book's currency only: 原币 and
// 本币 amounts are the same, at rate type "01" (基准) and rate 1; debit
// and credit are never both filled, as addVoucher requires.
func (c *Client) voucherBody(v erp.Voucher) (voucherBody, error) {
	if c.cfg.Currency != "" && v.Currency != c.cfg.Currency {
		return voucherBody{}, &erpcall.Error{Kind: erpcall.Refused, ERP: Name, Code: "currency",
			Message: "voucher " + v.ID + " is in " + string(v.Currency) + ", the account book in " + string(c.cfg.Currency) + "; foreign-currency vouchers are not pushed yet"}
	}
	b := voucherBody{SrcSystemCode: c.cfg.SrcSystemCode, AccbookCode: c.cfg.AccbookCode, VoucherTypeCode: c.cfg.VoucherTypeCode,
		MakerMobile: c.cfg.MakerMobile, MakeTime: v.Date.Format("2006-01-02")}
	for _, l := range v.Lines {
		memo := l.Memo
		if memo == "" {
			memo = v.Memo
		}
		bl := bodyLine{Description: v.ID + " " + memo, AccsubjectCode: l.Account, CurrencyCode: string(v.Currency), RateType: "01", RateOrg: "1"}
		if !l.Debit.IsZero() {
			bl.DebitOriginal, bl.DebitOrg = json.Number(l.Debit.String()), json.Number(l.Debit.String())
		}
		if !l.Credit.IsZero() {
			bl.CreditOriginal, bl.CreditOrg = json.Number(l.Credit.String()), json.Number(l.Credit.String())
		}
		b.Bodies = append(b.Bodies, bl)
	}
	return b, nil
}
