package taobao

import (
	"context"
	"encoding/json"
	"net/url"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/pii"
)

const methodOAIDDecrypt = "taobao.top.oaid.decrypt"

// Decrypter opens a trade's receiver for printing a label. What it returns
// is plain personal data: the caller prints it and drops it, or seals it
// (pii.Contact.Seal); it is never stored open, and the connector keeps no
// copy.
type Decrypter interface {
	DecryptReceiver(ctx context.Context, tid, oaid string) (pii.Contact, error)
}

var (
	_ Decrypter         = (*Connector)(nil)
	_ channel.Receivers = (*Connector)(nil)
)

// Receiver opens the receiver of trade tid from its OAID: the raw trade's,
// or, as increment.get leaves it out, the one fullinfo gives. A trade
// without one holds its receiver as sent, and ok is false.
func (k *Connector) Receiver(ctx context.Context, tid string, raw []byte) (pii.Contact, bool, error) {
	oaid, err := OAID(raw)
	if err == nil && oaid == "" {
		var o channel.Order
		if o, err = k.FetchOrder(ctx, tid); err == nil {
			oaid, err = OAID(o.Raw)
		}
	}
	if err != nil || oaid == "" {
		return pii.Contact{}, false, err
	}
	c, err := k.DecryptReceiver(ctx, tid, oaid)
	return c, err == nil, err
}

// DecryptReceiver asks taobao.top.oaid.decrypt for the receiver behind a
// trade's OAID (OAID reads it from the raw trade). The API's query_list is
// a JSON list of {tid, oaid}, up to 20; one is sent. The app must be
// granted the API and, in production, call it from an Alibaba cloud
// (聚石塔) host — verify both, and whether a scene parameter is required,
// against the API page before relying on it.
//
// Errors: *channel.Error of the kinds call returns; Rejected when TOP
// returns no receiver, or one whose OAID no longer matches the trade (fetch
// the trade again for its current OAID).
func (k *Connector) DecryptReceiver(ctx context.Context, tid, oaid string) (pii.Contact, error) {
	q, _ := json.Marshal([]map[string]string{{"tid": tid, "oaid": oaid}})
	body, err := k.call(ctx, methodOAIDDecrypt, url.Values{"query_list": {string(q)}})
	if err != nil {
		return pii.Contact{}, err
	}
	var res struct {
		List struct {
			Receiver []struct {
				Name          string      `json:"name"`
				Mobile        string      `json:"mobile"`
				Phone         string      `json:"phone"`
				State         string      `json:"state"`
				City          string      `json:"city"`
				District      string      `json:"district"`
				Town          string      `json:"town"`
				AddressDetail string      `json:"address_detail"`
				Tid           json.Number `json:"tid"`
				Matched       *bool       `json:"matched"`
			} `json:"receiver"`
		} `json:"receiver_list"`
	}
	if err := json.Unmarshal(body, &res); err != nil {
		// The JSON error could quote plain text, so it is not kept.
		return pii.Contact{}, malformed(methodOAIDDecrypt, nil)
	}
	for _, r := range res.List.Receiver {
		if r.Tid != "" && r.Tid.String() != tid {
			continue
		}
		if r.Matched != nil && !*r.Matched {
			return pii.Contact{}, &channel.Error{Kind: channel.Rejected, Platform: platform,
				Message: "the OAID no longer matches trade " + tid + ": fetch the trade for its current OAID"}
		}
		phone := r.Mobile
		if phone == "" {
			phone = r.Phone
		}
		return pii.Contact{Name: r.Name, Phone: phone, Province: r.State, City: r.City, District: r.District,
			Detail: r.Town + r.AddressDetail}, nil
	}
	return pii.Contact{}, &channel.Error{Kind: channel.Rejected, Platform: platform, Message: "TOP returned no receiver for trade " + tid}
}
