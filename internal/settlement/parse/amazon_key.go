package parse

// Amazon rows carry no id of their own: two identical fee rows of one
// order are two fees. A line's key is therefore the settlement-id, a hash
// of the row's documented columns (so a trailing column some files add
// does not change it) and the row's occurrence number among identical rows
// of the settlement: "18906543210:58e8605db332a6f4:2".

// key returns the current row's key and counts the row.
func (p *amazonParser) key() string {
	h := newRowHash()
	for _, i := range p.cols.hashed {
		h = h.add(field(p.fields, i)) // as written: trimming would only cost time
	}
	return contentKey(&p.arena, &p.keyBuf, p.payout.Ref, h, p.seen.next(h))
}
