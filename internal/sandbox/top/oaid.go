package top

import (
	"encoding/json"
	"net/url"
	"strconv"
)

// oaidDecrypt answers taobao.top.oaid.decrypt: query_list is a JSON list of
// up to 20 {tid, oaid}; each known trade's plain receiver comes back, with
// matched saying whether the oaid is the trade's current one.
func (g *Gateway) oaidDecrypt(p url.Values) (map[string]any, error) {
	if p.Get("query_list") == "" {
		return nil, errMissing("query_list")
	}
	var qs []struct {
		Tid  string `json:"tid"`
		OAID string `json:"oaid"`
	}
	if err := json.Unmarshal([]byte(p.Get("query_list")), &qs); err != nil || len(qs) == 0 || len(qs) > 20 {
		return nil, errInvalidArgs("query_list is a JSON list of 1 to 20 {tid, oaid}")
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	var out []map[string]any
	for _, q := range qs {
		id, _ := strconv.ParseInt(q.Tid, 10, 64)
		t, ok := g.trades[id]
		if !ok {
			continue
		}
		r := t.Receiver
		out = append(out, map[string]any{"tid": q.Tid, "oaid": q.OAID, "matched": q.OAID == t.OAID,
			"name": r.Name, "mobile": r.Mobile, "phone": r.Phone, "state": r.State, "city": r.City,
			"district": r.District, "town": r.Town, "address_detail": r.Address, "country": "中国"})
	}
	if len(out) == 0 {
		return nil, errBusiness("isv.trade-not-exist", "no trade of the query_list in this shop")
	}
	return map[string]any{"receiver_list": map[string]any{"receiver": out}}, nil
}
