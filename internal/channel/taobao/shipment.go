package taobao

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strings"

	"github.com/fnshub/fnshub/internal/channel"
)

const methodOfflineSend = "taobao.logistics.offline.send"

// PushShipment marks a trade shipped by the seller's own carrier
// (自己联系物流): tid, out_sid (the tracking number) and company_code; a
// split shipment names its lines' oids in sub_tid with is_split=1.
//
// TOP refuses to ship a trade twice, and no source we read documents the
// sub_code it answers with. So a refusal is checked against the trade
// itself: if the lines are shipped already under this tracking number, the
// push was done before and answers nil; otherwise the refusal stands.
//
// Errors: *channel.Error of the kinds call returns; Rejected when TOP
// refuses (is_success false), also for a trade shipped under another
// tracking number.
func (k *Connector) PushShipment(ctx context.Context, s channel.Shipment) error {
	if s.ExternalID == "" || s.TrackingNo == "" || s.Carrier == "" {
		return &channel.Error{Kind: channel.Rejected, Platform: platform, Message: "a shipment needs the tid, a carrier code and a tracking number"}
	}
	params := url.Values{"tid": {s.ExternalID}, "out_sid": {s.TrackingNo}, "company_code": {companyCode(s.Carrier)}}
	if len(s.Lines) > 0 {
		oids := make([]string, len(s.Lines))
		for i, l := range s.Lines {
			oids[i] = l.ExternalLineID
		}
		params.Set("sub_tid", strings.Join(oids, ","))
		params.Set("is_split", "1")
	}
	err := k.offlineSend(ctx, params)
	if channel.KindOf(err) != channel.Rejected {
		return err
	}
	shipped, lookErr := k.shippedAs(ctx, s)
	if lookErr != nil || !shipped {
		return err
	}
	return nil
}

func (k *Connector) offlineSend(ctx context.Context, params url.Values) error {
	body, err := k.call(ctx, methodOfflineSend, params)
	if err != nil {
		return err
	}
	var res struct {
		Shipping struct {
			IsSuccess bool `json:"is_success"`
		} `json:"shipping"`
	}
	if err := json.Unmarshal(body, &res); err != nil {
		return malformed(methodOfflineSend, err)
	}
	if !res.Shipping.IsSuccess {
		return &channel.Error{Kind: channel.Rejected, Platform: platform, Message: "TOP did not ship trade " + params.Get("tid")}
	}
	return nil
}

// shippedAs reports whether every line of s (every line of the trade, for
// a whole-order shipment) carries s's tracking number already.
func (k *Connector) shippedAs(ctx context.Context, s channel.Shipment) (bool, error) {
	raw, err := k.fullinfo(ctx, s.ExternalID, "tid,status,orders")
	if err != nil {
		return false, err
	}
	var t trade
	if err := json.Unmarshal(raw, &t); err != nil {
		return false, malformed(methodFullinfo, err)
	}
	want := map[string]bool{}
	for _, l := range s.Lines {
		want[l.ExternalLineID] = true
	}
	seen := 0
	for _, so := range t.Orders.Order {
		if len(want) > 0 && !want[so.id()] {
			continue
		}
		if so.InvoiceNo != s.TrackingNo {
			return false, nil
		}
		seen++
	}
	if seen == 0 || (len(want) > 0 && seen != len(want)) {
		return false, errors.New("the trade lacks lines the shipment names")
	}
	return true, nil
}
