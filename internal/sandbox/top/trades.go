package top

import (
	"cmp"
	"net/url"
	"slices"
	"strconv"
	"time"
)

// maxSpan is the longest window taobao.trades.sold.increment.get takes.
const maxSpan = 24 * time.Hour

// increment answers taobao.trades.sold.increment.get: the trades modified
// within [start_modified, end_modified], both ends included, newest first,
// paged by page_no and page_size (≤ 100, default 40). use_has_next=true
// answers has_next instead of total_results.
func (g *Gateway) increment(p url.Values) (map[string]any, error) {
	from, to, err := span(p)
	if err != nil {
		return nil, err
	}
	page, size, err := paging(p)
	if err != nil {
		return nil, err
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	var hits []*Trade
	for _, t := range g.trades {
		if !t.Modified.Before(from) && !t.Modified.After(to) {
			hits = append(hits, t)
		}
	}
	slices.SortFunc(hits, func(a, b *Trade) int {
		if c := b.Modified.Compare(a.Modified); c != 0 {
			return c
		}
		return cmp.Compare(b.Tid, a.Tid)
	})
	lo, hi := min((page-1)*size, len(hits)), min(page*size, len(hits))
	body := map[string]any{}
	if p.Get("use_has_next") == "true" {
		body["has_next"] = hi < len(hits)
	} else {
		body["total_results"] = len(hits)
	}
	if lo < hi {
		list := make([]map[string]any, 0, hi-lo)
		for _, t := range hits[lo:hi] {
			list = append(list, wireTrade(t, false))
		}
		body["trades"] = map[string]any{"trade": list}
	}
	return body, nil
}

func span(p url.Values) (from, to time.Time, err error) {
	for _, name := range []string{"fields", "start_modified", "end_modified"} {
		if p.Get(name) == "" {
			return from, to, errMissing(name)
		}
	}
	from, ok1 := parseTime(p.Get("start_modified"))
	to, ok2 := parseTime(p.Get("end_modified"))
	switch {
	case !ok1 || !ok2:
		return from, to, errInvalidArgs("start_modified and end_modified are yyyy-MM-dd HH:mm:ss")
	case to.Before(from):
		return from, to, errInvalidArgs("end_modified is before start_modified")
	case to.Sub(from) > maxSpan:
		return from, to, errInvalidArgs("the span of start_modified to end_modified may not exceed one day")
	}
	return from, to, nil
}

func paging(p url.Values) (page, size int, err error) {
	page, size = 1, 40
	if s := p.Get("page_no"); s != "" {
		if page, err = strconv.Atoi(s); err != nil || page < 1 {
			return 0, 0, errInvalidArgs("page_no is a whole number from 1")
		}
	}
	if s := p.Get("page_size"); s != "" {
		if size, err = strconv.Atoi(s); err != nil || size < 1 || size > 100 {
			return 0, 0, errInvalidArgs("page_size is a whole number from 1 to 100")
		}
	}
	return page, size, nil
}

// fullinfo answers taobao.trade.fullinfo.get, with the OAID when
// include_oaid is true.
func (g *Gateway) fullinfo(p url.Values) (map[string]any, error) {
	if p.Get("fields") == "" {
		return nil, errMissing("fields")
	}
	t, err := g.lookup(p.Get("tid"))
	if err != nil {
		return nil, err
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return map[string]any{"trade": wireTrade(t, p.Get("include_oaid") == "true")}, nil
}

// lookup finds a trade by its tid param.
func (g *Gateway) lookup(tid string) (*Trade, error) {
	if tid == "" {
		return nil, errMissing("tid")
	}
	id, err := strconv.ParseInt(tid, 10, 64)
	if err != nil {
		return nil, errInvalidArgs("tid is a number")
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	t, ok := g.trades[id]
	if !ok {
		return nil, errBusiness("isv.trade-not-exist", "no trade "+tid+" in this shop")
	}
	return t, nil
}
