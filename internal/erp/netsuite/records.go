package netsuite

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

// RecordPath is where the record API lives under the account's host.
const RecordPath = "/services/rest/record/v1/journalEntry"

// ErrorBody is the REST web services' error answer (RFC 9457-like):
// type, title, status and o:errorDetails[{detail, o:errorCode}].
type ErrorBody struct {
	Type    string `json:"type"`
	Title   string `json:"title"`
	Status  int    `json:"status"`
	Details []struct {
		Detail string `json:"detail"`
		Code   string `json:"o:errorCode"`
	} `json:"o:errorDetails"`
}

// DecodeError turns a refused record call into an *erpcall.Error. Beyond
// the status, the first o:errorCode decides: CONCURRENCY_LIMIT_EXCEEDED
// (the account's governance) is retried whatever the status, INVALID_LOGIN
// stops the push.
func DecodeError(status int, body []byte) error {
	var eb ErrorBody
	msg, code := bounded(string(body)), ""
	if json.Unmarshal(body, &eb) == nil {
		if len(eb.Details) > 0 {
			msg, code = eb.Details[0].Detail, eb.Details[0].Code
		} else if eb.Title != "" {
			msg = eb.Title
		}
	}
	kind := erpcall.ByStatus(status)
	switch code {
	case "CONCURRENCY_LIMIT_EXCEEDED":
		kind = erpcall.Transient
	case "INVALID_LOGIN", "INVALID_LOGIN_ATTEMPT":
		kind = erpcall.Auth
	}
	return &erpcall.Error{Kind: kind, ERP: Name, Status: status, Code: code, Message: bounded(msg)}
}

// do sends one record call with the bearer token. A cached token the
// API refuses (revoked, or expired early) is dropped and the call made
// once more with a fresh one; a fresh token refused is an Auth error.
func (c *Client) do(ctx context.Context, method, u string, body []byte) (*http.Response, []byte, error) {
	resp, raw, fresh, err := c.doOnce(ctx, method, u, body)
	if err == nil && resp.StatusCode == http.StatusUnauthorized && !fresh {
		resp, raw, _, err = c.doOnce(ctx, method, u, body)
	}
	return resp, raw, err
}

func (c *Client) doOnce(ctx context.Context, method, u string, body []byte) (*http.Response, []byte, bool, error) {
	req, err := http.NewRequestWithContext(ctx, method, u, bytes.NewReader(body))
	if err != nil {
		return nil, nil, false, err
	}
	token, fresh := "", true
	if c.cfg.TBA != nil {
		req.Header.Set("Authorization", c.cfg.TBA.Header(method, req.URL, c.cfg.Now()))
	} else {
		if token, fresh, err = c.bearer(ctx); err != nil {
			return nil, nil, fresh, err
		}
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, nil, fresh, erpcall.Transport(Name, err)
	}
	raw, err := erpcall.ReadBody(Name, resp)
	if err != nil {
		return nil, nil, fresh, err
	}
	if resp.StatusCode == http.StatusUnauthorized {
		c.forget(token)
	}
	return resp, raw, fresh, nil
}

type remote struct{ c *Client }

// Entry is the part of a journalEntry record a look-up reads.
type Entry struct {
	ID         string `json:"id"`
	TranID     string `json:"tranId"`
	ExternalID string `json:"externalId"`
}

// Find gets journalEntry/eid:{id}; 404 means NetSuite has none.
func (r remote) Find(ctx context.Context, v erp.Voucher) (string, bool, error) {
	resp, body, err := r.c.do(ctx, http.MethodGet, r.c.base+RecordPath+"/eid:"+url.PathEscape(v.ID), nil)
	if err != nil {
		return "", false, err
	}
	switch resp.StatusCode {
	case http.StatusOK:
		var e Entry
		if err := erpcall.Decode(Name, resp.StatusCode, body, &e); err != nil {
			return "", false, err
		}
		return e.ID, true, nil
	case http.StatusNotFound:
		return "", false, nil
	default:
		return "", false, DecodeError(resp.StatusCode, body)
	}
}

// Create posts the entry; 204's Location ends in the new internal id.
func (r remote) Create(ctx context.Context, v erp.Voucher) (string, error) {
	body, err := json.Marshal(r.c.entryBody(v))
	if err != nil {
		return "", err
	}
	resp, raw, err := r.c.do(ctx, http.MethodPost, r.c.base+RecordPath, body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusNoContent && resp.StatusCode != http.StatusOK {
		return "", DecodeError(resp.StatusCode, raw)
	}
	id := IDFromLocation(resp.Header.Get("Location"))
	if id == "" {
		// Created, probably, but unnamed: the next attempt's look-up by
		// externalId finds it and says which.
		return "", &erpcall.Error{Kind: erpcall.Transient, ERP: Name, Status: resp.StatusCode, Message: "create answered without a Location"}
	}
	return id, nil
}

// IDFromLocation is the last path segment of a Location
// ".../record/v1/journalEntry/123", "" when there is none.
func IDFromLocation(loc string) string {
	u, err := url.Parse(loc)
	if err != nil {
		return ""
	}
	path := strings.TrimRight(u.Path, "/")
	i := strings.LastIndex(path, "/")
	if i < 0 || !strings.HasSuffix(path[:i], "/journalEntry") {
		return ""
	}
	return path[i+1:]
}

type ref struct {
	ID string `json:"id"`
}

type entryLine struct {
	Account ref         `json:"account"`
	Debit   json.Number `json:"debit,omitempty"`
	Credit  json.Number `json:"credit,omitempty"`
	Memo    string      `json:"memo,omitempty"`
}

type entryBody struct {
	ExternalID string `json:"externalId"`
	TranDate   string `json:"tranDate"`
	Memo       string `json:"memo,omitempty"`
	Subsidiary *ref   `json:"subsidiary,omitempty"`
	Currency   *ref   `json:"currency,omitempty"`
	Line       struct {
		Items []entryLine `json:"items"`
	} `json:"line"`
}

// entryBody is the journalEntry to create: externalId our id, the line
// sublist as {items: [{account: {id}, debit | credit, memo}]}; the side a
// line does not use is left out, as the UI leaves it empty.
func (c *Client) entryBody(v erp.Voucher) entryBody {
	b := entryBody{ExternalID: v.ID, TranDate: v.Date.Format("2006-01-02"), Memo: v.Memo}
	if c.cfg.Subsidiary != "" {
		b.Subsidiary = &ref{ID: c.cfg.Subsidiary}
	}
	if id := c.cfg.Currencies[string(v.Currency)]; id != "" {
		b.Currency = &ref{ID: id}
	}
	for _, l := range v.Lines {
		el := entryLine{Account: ref{ID: l.Account}, Memo: l.Memo}
		if !l.Debit.IsZero() {
			el.Debit = json.Number(l.Debit.String())
		}
		if !l.Credit.IsZero() {
			el.Credit = json.Number(l.Credit.String())
		}
		b.Line.Items = append(b.Line.Items, el)
	}
	return b
}
