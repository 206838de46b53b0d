package channeltest_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/order"
)

// fakeConn is the fake platform's connector. Its brk setting breaks it in
// one way, for the tests that show the suite catches that.
type fakeConn struct {
	cfg channel.Config
	brk string
}

func init() {
	channel.Register(channel.Platform{
		Name: "fakejson", Channels: []string{"fakejson"},
		Limits:  channel.Limits{Rate: 5, Burst: 2},
		Secrets: []string{"token", "webhook_secret"},
		New: func(cfg channel.Config) (channel.Connector, error) {
			return &fakeConn{cfg: cfg, brk: cfg.Settings["break"]}, nil
		},
	})
}

func (c *fakeConn) call(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		body = bytes.NewReader(b)
		if c.brk == "body_once" {
			body = io.MultiReader(bytes.NewReader(b)) // not rewindable: no GetBody
		}
	}
	req, err := http.NewRequestWithContext(ctx, method, c.cfg.BaseURL+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("X-Fake-Token", c.cfg.Secrets["token"])
	resp, err := c.cfg.HTTP.Do(ctx, req, c.classify)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(resp.Body, out); err != nil {
		return &channel.Error{Kind: channel.Unavailable, Platform: "fakejson", Message: "unreadable answer", Err: err}
	}
	return nil
}

func (c *fakeConn) classify(status int, _ http.Header, body []byte) error {
	var e struct {
		Error   string `json:"error"`
		Current *int64 `json:"current"`
	}
	_ = json.Unmarshal(body, &e)
	kind := channel.Kind(0)
	switch {
	case status < 300:
		return nil
	case status == http.StatusTooManyRequests && c.brk != "throttle_unseen":
		kind = channel.Throttled
	case status >= 500:
		kind = channel.Unavailable
	case status == http.StatusUnauthorized:
		kind = channel.Unauthorized
	case status == http.StatusNotFound && c.brk != "unknown_rejected":
		kind = channel.NotFound
	case status == http.StatusConflict:
		kind = channel.Conflict
	default:
		kind = channel.Rejected
	}
	return &channel.Error{Kind: kind, Platform: "fakejson", Code: e.Error, Message: http.StatusText(status), Current: e.Current}
}

func (c *fakeConn) PullOrders(ctx context.Context, w channel.Window, cursor string) (channel.Page, error) {
	to := w.To.Unix()
	if c.brk == "window_end" {
		to++ // takes the order modified at To itself
	}
	q := url.Values{"from": {strconv.FormatInt(w.From.Unix(), 10)}, "to": {strconv.FormatInt(to, 10)}, "cursor": {cursor}}
	var page struct {
		Orders []json.RawMessage `json:"orders"`
		Next   string            `json:"next"`
	}
	if err := c.call(ctx, http.MethodGet, "/orders?"+q.Encode(), nil, &page); err != nil {
		return channel.Page{}, err
	}
	if c.brk == "last_page" && page.Next == "" && cursor != "" {
		return channel.Page{}, nil // drops the last page's orders
	}
	out := channel.Page{Next: page.Next}
	for _, raw := range page.Orders {
		o, err := c.mapOrder(raw)
		if err != nil {
			return channel.Page{}, err
		}
		out.Orders = append(out.Orders, o)
	}
	return out, nil
}

func (c *fakeConn) FetchOrder(ctx context.Context, id string) (channel.Order, error) {
	var got struct {
		Order json.RawMessage `json:"order"`
	}
	if err := c.call(ctx, http.MethodGet, "/orders/"+url.PathEscape(id), nil, &got); err != nil {
		return channel.Order{}, err
	}
	return c.mapOrder(got.Order)
}

func (c *fakeConn) mapOrder(raw []byte) (channel.Order, error) {
	var fo fakeOrder
	if err := json.Unmarshal(raw, &fo); err != nil {
		return channel.Order{}, &channel.Error{Kind: channel.Rejected, Platform: "fakejson", Message: "unreadable order", Err: err}
	}
	o := order.Order{Channel: c.cfg.Channel, Shop: c.cfg.Shop, ExternalID: fo.ID, Version: fo.Modified, Currency: "CNY"}
	for _, l := range fo.Lines {
		price, err := parsePrice(l.Price)
		if err != nil {
			return channel.Order{}, &channel.Error{Kind: channel.Rejected, Platform: "fakejson", Message: "unreadable price", Err: err}
		}
		o.Lines = append(o.Lines, order.Line{ExternalItemID: l.ItemID, ExternalSKUID: l.SKUID, Quantity: l.Quantity, UnitPrice: price})
	}
	return channel.Order{Order: o, Raw: raw}, nil
}

func (c *fakeConn) VerifyWebhook(h http.Header, body []byte) (channel.Message, error) {
	sig := []byte(h.Get("X-Fake-Signature"))
	if c.brk != "no_verify" && (len(sig) == 0 || !hmac.Equal(sig, []byte(fakeSign(body)))) {
		return channel.Message{}, &channel.Error{Kind: channel.BadSignature, Platform: "fakejson", Message: "the signature does not match"}
	}
	var fo fakeOrder
	_ = json.Unmarshal(body, &fo)
	return channel.Message{ID: h.Get("X-Fake-Delivery"), Topic: h.Get("X-Fake-Topic"), ExternalID: fo.ID}, nil
}

func (c *fakeConn) ReadWebhook(_ channel.Message, body []byte) ([]channel.Order, error) {
	o, err := c.mapOrder(body)
	if err != nil {
		return nil, err
	}
	return []channel.Order{o}, nil
}

func (c *fakeConn) PushStock(ctx context.Context, s channel.StockPush) (channel.StockResult, error) {
	in := map[string]any{"quantity": s.Quantity}
	if s.Expected != nil && c.brk != "no_cas" {
		in["expected"] = *s.Expected
	}
	var out struct {
		Quantity int64 `json:"quantity"`
	}
	path := fmt.Sprintf("/listings/%s/%s", url.PathEscape(s.ExternalItemID), url.PathEscape(s.ExternalSKUID))
	if err := c.call(ctx, http.MethodPut, path, in, &out); err != nil {
		return channel.StockResult{}, err
	}
	return channel.StockResult{Quantity: out.Quantity}, nil
}

func (c *fakeConn) PushShipment(ctx context.Context, s channel.Shipment) error {
	in := map[string]string{"carrier": s.Carrier, "tracking_no": s.TrackingNo}
	var out map[string]any
	err := c.call(ctx, http.MethodPost, "/orders/"+url.PathEscape(s.ExternalID)+"/shipment", in, &out)
	var e *channel.Error
	if errors.As(err, &e) && e.Code == "already_shipped" && c.brk != "reship_error" {
		return nil // shipped already: the contract's nil
	}
	return err
}
