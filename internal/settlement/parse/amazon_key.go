package parse

// Amazon rows carry no id of their own: two identical fee rows of one
// order are two fees. A line's key is therefore the settlement-id, a hash
// of the row's documented columns, and the row's occurrence number among
// identical rows. Counting every row of a ten-million-line file would take
// memory in proportion to it, so occurrences are counted within an event
// group (the consecutive rows of one transaction-type, order-id,
// adjustment-id, shipment-id and posted time), the way Amazon writes them:
// identical rows are rows of the same event, which Amazon writes together.

// amazonGroup identifies the event a row belongs to.
type amazonGroup struct {
	txnType, orderID, adjustmentID, shipmentID, posted string
}

// key returns the current row's key and counts the row in its group.
func (p *amazonParser) key() string {
	c := p.cols
	posted := p.get(c.postedDateAt)
	if posted == "" {
		posted = p.get(c.postedDate)
	}
	g := amazonGroup{p.get(c.txnType), p.get(c.orderID), p.get(c.adjustmentID), p.get(c.shipmentID), posted}
	if g != p.group {
		p.group = g
		if len(p.seen) > 64 {
			p.seen = map[rowHash]int{} // clearing a map that once grew large costs its old size, every time
		} else {
			clear(p.seen)
		}
	}
	h := newRowHash()
	for _, i := range c.hashed {
		h = h.add(p.get(i))
	}
	p.seen[h]++
	return contentKey(&p.keyBuf, p.payout.Ref, h, p.seen[h])
}
