package recon

import (
	"github.com/fnshub/fnshub/internal/finance"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
)

// post adds minor units of the payout's currency to role in the group
// being planned.
func (e *engine) post(role finance.Role, minor int64, dims ledger.Dims) {
	e.postAmount(role, money.New(minor, e.cur), dims)
}

// postAmount adds a to role in the group being planned, merging it into
// a posting of the same role, currency and dimensions.
func (e *engine) postAmount(role finance.Role, a money.Amount, dims ledger.Dims) {
	if a.IsZero() {
		return
	}
	g := e.scratch.group
	for i := range g {
		if g[i].Role == role && g[i].Dims == dims && g[i].Amount.Currency() == a.Currency() {
			s, err := g[i].Amount.Add(a)
			if err != nil {
				e.overflow = true
			}
			g[i].Amount = s
			return
		}
	}
	e.scratch.group = append(g, Posting{Role: role, Amount: a, Dims: dims})
}

// flushGroup closes the group being planned: it balances in every
// currency by construction; postings that netted to zero are left out.
func (e *engine) flushGroup() {
	n := 0
	for _, p := range e.scratch.group {
		if !p.Amount.IsZero() {
			n++
		}
	}
	if n == 0 {
		e.scratch.group = e.scratch.group[:0]
		return
	}
	if cap(e.arena)-len(e.arena) < n {
		// A block for many groups: one allocation per thousands of
		// orders instead of one per order.
		e.arena = make([]Posting, 0, max(4096, n))
	}
	start := len(e.arena)
	for _, p := range e.scratch.group {
		if !p.Amount.IsZero() {
			e.arena = append(e.arena, p)
		}
	}
	e.scratch.group = e.scratch.group[:0]
	e.res.Plan.Groups = append(e.res.Plan.Groups, e.arena[start:len(e.arena):len(e.arena)])
}

type postingKey struct {
	role finance.Role
	cur  money.Currency
	dims ledger.Dims
}

// Entries cuts the plan into entries of at most max postings, merging
// postings of the same role, currency and dimensions. Groups are never
// split, so every entry balances in every currency.
func (p Plan) Entries(max int) [][]Posting {
	var out [][]Posting
	var cur []Posting
	at := map[postingKey]int{}
	flush := func() {
		var kept []Posting
		for _, q := range cur {
			if !q.Amount.IsZero() {
				kept = append(kept, q)
			}
		}
		if len(kept) > 0 {
			out = append(out, kept)
		}
		cur, at = nil, map[postingKey]int{}
	}
	for _, g := range p.Groups {
		if len(cur)+len(g) > max && len(cur) > 0 {
			flush()
		}
		for _, q := range g {
			k := postingKey{q.Role, q.Amount.Currency(), q.Dims}
			if i, ok := at[k]; ok {
				cur[i].Amount, _ = cur[i].Amount.Add(q.Amount)
				continue
			}
			at[k] = len(cur)
			cur = append(cur, q)
		}
	}
	flush()
	return out
}

// Ledger resolves the postings' roles to accounts with m.
func Ledger(m finance.Map, ps []Posting) ([]ledger.Posting, error) {
	out := make([]ledger.Posting, 0, len(ps))
	for _, p := range ps {
		acc, err := m.Account(p.Role, p.Dims.Channel)
		if err != nil {
			return nil, err
		}
		out = append(out, ledger.Posting{Account: acc, Amount: p.Amount, Dims: p.Dims})
	}
	return out, nil
}
