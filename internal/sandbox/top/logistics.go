package top

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// shippable are the statuses a trade may be shipped in.
var shippable = map[string]bool{"WAIT_SELLER_SEND_GOODS": true, "SELLER_CONSIGNED_PART": true}

// offlineSend answers taobao.logistics.offline.send: it marks the trade's
// lines (those of sub_tid when is_split=1) shipped with out_sid and
// company_code, and the trade WAIT_BUYER_CONFIRM_GOODS once every line is.
// Shipping a line twice is refused, in this gateway's own words (TOP's
// sub_code for it is not documented where we looked).
func (g *Gateway) offlineSend(p url.Values) (map[string]any, error) {
	for _, name := range []string{"out_sid", "company_code"} {
		if p.Get(name) == "" {
			return nil, errMissing(name)
		}
	}
	t, err := g.lookup(p.Get("tid"))
	if err != nil {
		return nil, err
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	lines, err := linesToShip(t, p)
	if err != nil {
		return nil, err
	}
	s := Shipment{OutSid: p.Get("out_sid"), CompanyCode: p.Get("company_code")}
	for _, i := range lines {
		t.Orders[i].InvoiceNo, t.Orders[i].Company = s.OutSid, s.CompanyCode
		s.SubTids = append(s.SubTids, t.Orders[i].Oid)
	}
	t.Status = "WAIT_BUYER_CONFIRM_GOODS"
	if slices.ContainsFunc(t.Orders, func(o SubOrder) bool { return o.InvoiceNo == "" }) {
		t.Status = "SELLER_CONSIGNED_PART"
	}
	g.touch(t)
	g.shipments[t.Tid] = append(g.shipments[t.Tid], s)
	return map[string]any{"shipping": map[string]any{"is_success": true}}, nil
}

// linesToShip returns the indexes of the lines a send names. g.mu is held.
func linesToShip(t *Trade, p url.Values) ([]int, error) {
	if !shippable[t.Status] {
		if t.Status == "WAIT_BUYER_CONFIRM_GOODS" || t.Status == "TRADE_BUYER_SIGNED" || t.Status == "TRADE_FINISHED" {
			return nil, shippedAlready()
		}
		return nil, errBusiness("isv.logistics-offline-service-error", "trade status "+t.Status+" cannot be shipped")
	}
	var want map[int64]bool
	if p.Get("is_split") == "1" {
		want = map[int64]bool{}
		for _, s := range strings.Split(p.Get("sub_tid"), ",") {
			oid, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
			if err != nil {
				return nil, errInvalidArgs("sub_tid is a comma-separated list of oids")
			}
			want[oid] = true
		}
	}
	var out []int
	for i, o := range t.Orders {
		switch {
		case want != nil && !want[o.Oid]:
			continue
		case o.InvoiceNo != "" && want != nil:
			return nil, shippedAlready()
		case o.InvoiceNo != "":
			continue // a whole-trade send ships what is left
		}
		out = append(out, i)
	}
	if len(out) == 0 || (want != nil && len(out) != len(want)) {
		return nil, errInvalidArgs("sub_tid names lines this trade does not have")
	}
	return out, nil
}

func shippedAlready() *apiError {
	return errBusiness("isv.logistics-offline-service-error", "the trade is shipped already (订单已发货)")
}
