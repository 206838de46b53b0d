package taobao

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"

	"github.com/fnshub/fnshub/internal/channel"
)

const methodIncrement = "taobao.trades.sold.increment.get"

// incrementPage is the body of trades_sold_increment_get_response.
type incrementPage struct {
	Total  int `json:"total_results"`
	Trades struct {
		Trade []json.RawMessage `json:"trade"`
	} `json:"trades"`
}

// PullOrders returns one page of the trades modified within w. The window
// is cut into pieces of at most a day (TOP's limit), and each piece is paged
// from its last page backwards: TOP sorts by modified time, newest first, so
// a trade modified while the piece is paged leaves it or moves to its first
// page, and reading the first page last misses neither it nor the trades
// that shift (ADR 0030). If the piece grew between two pages, trades may
// have shifted onto pages already read, so the piece is paged again from
// its new last page (at most maxRestarts times). One trade leaving and one
// entering between the same two pages leave the total unchanged and are
// not noticed; the caller's overlapping windows are the backstop. The same
// trade may come twice.
//
// Errors: *channel.Error of the kinds call returns, and Rejected for a
// cursor this connector did not give or a trade it cannot map.
func (k *Connector) PullOrders(ctx context.Context, w channel.Window, cur string) (channel.Page, error) {
	c, err := parseCursor(cur)
	if err != nil {
		return channel.Page{}, err
	}
	if _, _, ok := piece(w, c.piece); !ok {
		return channel.Page{}, nil
	}
	if c.page == 0 {
		return k.firstLook(ctx, w, c)
	}
	res, err := k.increment(ctx, w, c.piece, c.page)
	if err != nil {
		return channel.Page{}, err
	}
	orders, err := k.mapAll(res.Trades.Trade)
	if err != nil {
		return channel.Page{}, err
	}
	return channel.Page{Orders: within(w, orders), Next: k.after(w, c, res.Total).orEnd(w)}, nil
}

// firstLook asks for the piece's first page to learn its total. A piece of
// one page is that page; a longer one is paged from its last page, whose
// trades this call fetches too, so no call returns nothing but a cursor.
func (k *Connector) firstLook(ctx context.Context, w channel.Window, c cursor) (channel.Page, error) {
	res, err := k.increment(ctx, w, c.piece, 1)
	if err != nil {
		return channel.Page{}, err
	}
	last := lastPage(res.Total, k.pageSize)
	if last <= 1 {
		orders, err := k.mapAll(res.Trades.Trade)
		return channel.Page{Orders: within(w, orders), Next: cursor{piece: c.piece + 1}.orEnd(w)}, err
	}
	return k.PullOrders(ctx, w, cursor{piece: c.piece, page: last, total: res.Total, restarts: c.restarts}.String())
}

// after is the cursor that follows page c.page of its piece, given the
// total the page was answered with. The cursor carries the latest total,
// so growth is noticed page to page: a trade leaving the piece (total
// down) only makes trades shift onto pages read already, to be seen twice,
// but one entering it shifts trades off unread pages onto read ones.
func (k *Connector) after(w channel.Window, c cursor, total int) cursor {
	if total > c.total && c.restarts < maxRestarts {
		return cursor{piece: c.piece, page: lastPage(total, k.pageSize), total: total, restarts: c.restarts + 1}
	}
	if c.page <= 1 {
		return cursor{piece: c.piece + 1}
	}
	return cursor{piece: c.piece, page: c.page - 1, total: total, restarts: c.restarts}
}

// orEnd is the cursor as Page.Next: "" once it is past the window's end.
func (c cursor) orEnd(w channel.Window) string {
	if _, _, ok := piece(w, c.piece); !ok {
		return ""
	}
	return c.String()
}

func (k *Connector) increment(ctx context.Context, w channel.Window, i, page int) (incrementPage, error) {
	from, to, _ := piece(w, i)
	params := url.Values{
		"fields":         {tradeFields},
		"start_modified": {FormatTime(from)},
		"end_modified":   {FormatTime(to)},
		"page_no":        {strconv.Itoa(page)},
		"page_size":      {strconv.Itoa(k.pageSize)},
		"use_has_next":   {"false"}, // false: TOP counts total_results, which backwards paging needs
	}
	body, err := k.call(ctx, methodIncrement, params)
	if err != nil {
		return incrementPage{}, err
	}
	return decodeIncrement(body)
}

// decodeIncrement reads the body of trades_sold_increment_get_response.
func decodeIncrement(body []byte) (incrementPage, error) {
	var res incrementPage
	if err := json.Unmarshal(body, &res); err != nil {
		return incrementPage{}, malformed(methodIncrement, err)
	}
	if res.Total < 0 {
		return incrementPage{}, malformed(methodIncrement, fmt.Errorf("total_results %d", res.Total))
	}
	return res, nil
}

// within keeps the orders modified in [w.From, w.To): TOP includes both
// ends of a piece and works in whole seconds, the contract's window does
// not include its end.
func within(w channel.Window, orders []channel.Order) []channel.Order {
	return slices.DeleteFunc(orders, func(o channel.Order) bool {
		return o.Order.UpdatedAt.Before(w.From) || !o.Order.UpdatedAt.Before(w.To)
	})
}

func (k *Connector) mapAll(raws []json.RawMessage) ([]channel.Order, error) {
	out := make([]channel.Order, 0, len(raws))
	for _, raw := range raws {
		o, err := mapTrade(k.cfg.Channel, k.cfg.Shop, raw)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}
