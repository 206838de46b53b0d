package odoo

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"

	"github.com/fnshub/fnshub/internal/erp/erpcall"
)

// call posts args to /json/2/<model>/<method> and decodes the result
// into out. JSON-2 answers the method's raw result on 200 and an error
// object with a real HTTP status otherwise.
func (c *Client) call(ctx context.Context, model, method string, args any, out any) error {
	body, err := json.Marshal(args)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.cfg.BaseURL+"/json/2/"+model+"/"+method, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "bearer "+c.cfg.APIKey)
	req.Header.Set("Content-Type", "application/json")
	if c.cfg.Database != "" {
		req.Header.Set("X-Odoo-Database", c.cfg.Database)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return erpcall.Transport(Name, err)
	}
	raw, err := erpcall.ReadBody(Name, resp)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return DecodeError(resp.StatusCode, raw)
	}
	return erpcall.Decode(Name, resp.StatusCode, raw, out)
}

// ErrorBody is JSON-2's error answer: the exception's dotted name, its
// message, its arguments, the context and a traceback (external_api.rst,
// the 401 "Invalid apikey" example).
type ErrorBody struct {
	Name      string          `json:"name"`
	Message   string          `json:"message"`
	Arguments json.RawMessage `json:"arguments"`
	Debug     string          `json:"debug"`
}

// DecodeError turns a non-200 answer into an *erpcall.Error: 401/403 stop
// the push, 429 and 5xx are retried, other codes (422 for a UserError or
// ValidationError, 404 for an unknown model or method) refuse the voucher.
// A body that is not Odoo's error object still gives the status's kind.
func DecodeError(status int, body []byte) error {
	var eb ErrorBody
	msg := string(body)
	if json.Unmarshal(body, &eb) == nil && eb.Message != "" {
		msg = eb.Message
	}
	if len(msg) > 500 {
		msg = msg[:500]
	}
	return &erpcall.Error{Kind: erpcall.ByStatus(status), ERP: Name, Status: status, Code: eb.Name, Message: msg}
}
