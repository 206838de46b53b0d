package httpapi

import (
	"encoding/hex"
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
)

// postingJSON shows a posting as accountants read it: a side and a positive
// amount, never a signed number.
type postingJSON struct {
	Account string       `json:"account"`
	Side    ledger.Side  `json:"side"`
	Amount  money.Amount `json:"amount"`
	Shop    string       `json:"shop"`
	Channel string       `json:"channel"`
	SKU     string       `json:"sku"`
	Source  *sourceJSON  `json:"source"`
}

// sourceJSON names the business record behind a posting.
type sourceJSON struct {
	Kind ledger.SourceKind `json:"kind"`
	ID   string            `json:"id"`
}

func dimsOut(d ledger.Dims) (shop, channel, sku string, src *sourceJSON) {
	if d.Source != (ledger.Source{}) {
		src = &sourceJSON{Kind: d.Source.Kind, ID: d.Source.ID}
	}
	return d.Shop, d.Channel, d.SKU, src
}

type entryJSON struct {
	ID          int64         `json:"id"`
	Entity      int64         `json:"entity"`
	Seq         int64         `json:"seq"`
	MapVersion  int64         `json:"map_version"`
	SourceKey   string        `json:"source_key"`
	Description string        `json:"description"`
	EffectiveAt time.Time     `json:"effective_at"`
	PostedAt    time.Time     `json:"posted_at"`
	Reverses    *int64        `json:"reverses"`
	ReversedBy  *int64        `json:"reversed_by,omitempty"` // the single-entry read only: the entry that reversed this one
	DatedFor    *time.Time    `json:"dated_for,omitempty"`   // a late item: the time it was for, in a closed period
	Postings    []postingJSON `json:"postings"`
	PrevHash    string        `json:"prev_hash"`
	Hash        string        `json:"hash"`
}

type entryRequestJSON struct {
	Entity      int64         `json:"entity"`
	Description string        `json:"description"`
	EffectiveAt *time.Time    `json:"effective_at"`
	Postings    []postingJSON `json:"postings"`
}

func (s *Server) entryOut(e ledger.Entry) entryJSON {
	out := entryJSON{ID: e.ID, Entity: e.Entity, Seq: e.Seq, MapVersion: e.MapVersion, SourceKey: e.SourceKey, Description: e.Description,
		EffectiveAt: e.EffectiveAt.In(s.Location), PostedAt: e.PostedAt.In(s.Location),
		PrevHash: hex.EncodeToString(e.PrevHash), Hash: hex.EncodeToString(e.Hash), Postings: []postingJSON{}}
	if e.Reverses != 0 {
		out.Reverses = &e.Reverses
	}
	if !e.DatedFor.IsZero() {
		d := e.DatedFor.In(s.Location)
		out.DatedFor = &d
	}
	for _, p := range e.Postings {
		amt := p.Amount
		if p.Side() == ledger.Credit {
			amt, _ = amt.Neg() // a stored credit is never MinInt64: posting validation negated it once already
		}
		pj := postingJSON{Account: p.Account, Side: p.Side(), Amount: amt}
		pj.Shop, pj.Channel, pj.SKU, pj.Source = dimsOut(p.Dims)
		out.Postings = append(out.Postings, pj)
	}
	return out
}

// request turns the body into a ledger request under the given key.
func (in entryRequestJSON) request(key string) (ledger.Request, error) {
	r := ledger.Request{Entity: in.Entity, SourceKey: key, Description: in.Description}
	if in.EffectiveAt != nil {
		r.EffectiveAt = *in.EffectiveAt
	}
	sides := map[string]int{} // account → index of a posting to it
	for i, p := range in.Postings {
		field := fmt.Sprintf("postings[%d]", i)
		if p.Amount.Sign() <= 0 {
			return r, fault.Invalidf(field+".amount", "posting_amount_invalid", "posting %d: amount must be positive; the side says debit or credit", i)
		}
		amt := p.Amount
		switch p.Side {
		case ledger.Debit:
		case ledger.Credit:
			amt, _ = amt.Neg() // positive, so negation cannot overflow
		default:
			return r, fault.Invalidf(field+".side", "posting_side_invalid", "posting %d: side must be \"debit\" or \"credit\", not %q", i, p.Side)
		}
		if j, ok := sides[p.Account]; ok && in.Postings[j].Side != p.Side {
			return r, fault.Invalidf(field+".account", "posting_account_both_sides",
				"posting %d %ss account %s, which posting %d %ss; an entry moves value between different accounts, so net the two into one posting",
				i, p.Side, p.Account, j, in.Postings[j].Side)
		}
		sides[p.Account] = i
		dims := ledger.Dims{Shop: p.Shop, Channel: p.Channel, SKU: p.SKU}
		if p.Source != nil {
			dims.Source = ledger.Source{Kind: p.Source.Kind, ID: p.Source.ID}
		}
		r.Postings = append(r.Postings, ledger.Posting{Account: p.Account, Amount: amt, Dims: dims})
	}
	return r, nil
}

type trialLineJSON struct {
	Account string       `json:"account"`
	NameZH  string       `json:"name_zh"`
	NameEN  string       `json:"name_en"`
	Debit   money.Amount `json:"debit"`
	Credit  money.Amount `json:"credit"`
}

type trialTotalJSON struct {
	Debit    money.Amount `json:"debit"`
	Credit   money.Amount `json:"credit"`
	Balanced bool         `json:"balanced"`
}

func (s *Server) trialBalanceOut(tb ledger.TrialBalance) map[string]any {
	lines := make([]trialLineJSON, len(tb.Lines))
	for i, l := range tb.Lines {
		lines[i] = trialLineJSON{Account: l.Account.Code, NameZH: l.Account.NameZH, NameEN: l.Account.NameEN, Debit: l.Debit, Credit: l.Credit}
	}
	totals := make([]trialTotalJSON, len(tb.Totals))
	for i, t := range tb.Totals {
		totals[i] = trialTotalJSON{Debit: t.Debit, Credit: t.Credit, Balanced: t.Balanced()}
	}
	return map[string]any{"entity": tb.Entity, "at": tb.At.In(s.Location), "lines": lines, "totals": totals}
}
