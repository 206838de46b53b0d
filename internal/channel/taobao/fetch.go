package taobao

import (
	"context"
	"encoding/json"
	"net/url"

	"github.com/fnshub/fnshub/internal/channel"
)

const methodFullinfo = "taobao.trade.fullinfo.get"

// FetchOrder returns one trade by its tid, with its OAID
// (include_oaid=true). Errors: *channel.Error of the kinds call returns;
// NotFound for a tid TOP does not know.
func (k *Connector) FetchOrder(ctx context.Context, externalID string) (channel.Order, error) {
	raw, err := k.fullinfo(ctx, externalID, tradeFields)
	if err != nil {
		return channel.Order{}, err
	}
	return mapTrade(k.cfg.Channel, k.cfg.Shop, raw)
}

// fullinfo returns the raw trade of tid with the fields asked for.
func (k *Connector) fullinfo(ctx context.Context, tid, fields string) (json.RawMessage, error) {
	body, err := k.call(ctx, methodFullinfo, url.Values{"fields": {fields}, "tid": {tid}, "include_oaid": {"true"}})
	if err != nil {
		return nil, err
	}
	var res struct {
		Trade json.RawMessage `json:"trade"`
	}
	if err := json.Unmarshal(body, &res); err != nil {
		return nil, malformed(methodFullinfo, err)
	}
	if len(res.Trade) == 0 || string(res.Trade) == "null" {
		return nil, &channel.Error{Kind: channel.NotFound, Platform: platform, Message: "no trade " + tid}
	}
	return res.Trade, nil
}
