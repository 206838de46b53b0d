package app

import (
	"context"
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/arap"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
)

// ARAP books B2B customers' invoices and receipts and suppliers' bills
// and payments, each document and its ledger entry in one transaction
// (docs/adr/0051-receivables-payables-cash.md), and reports the open
// items of every kind.
type ARAP struct {
	Unit   Unit
	Books  *ledger.Ledger // read for the platform receivables and the control balances
	Now    func() time.Time
	Entity int64 // the legal entity the use case keeps unless For names another; 0 is ledger.DefaultEntity
	// Currency is the entity's own: a revaluation remeasures the
	// balances in any other.
	Currency money.Currency
	// view is the entity For keeps; 0 is Entity.
	view int64
	// page is how many postings one read of the ledger takes; 0 is
	// movementPage. Tests make it small to prove every page is read.
	page int
}

// For returns the use case of legal entity e, whose own currency is cur
// (docs/adr/0058, 0060): its documents are added to and posted in e's
// books, and its reports and revaluation read e's books and documents.
// The caller has resolved e (the transports answer an unknown one);
// customers and suppliers are shared by every entity.
func (uc *ARAP) For(e int64, cur money.Currency) *ARAP {
	c := *uc
	c.view, c.Currency = e, cur
	return &c
}

// reads is the entity whose documents and books the use case keeps.
func (uc *ARAP) reads() int64 {
	if uc.view != 0 {
		return uc.view
	}
	return uc.entity()
}

func (uc *ARAP) now() time.Time {
	if uc.Now == nil {
		return time.Now().UTC()
	}
	return uc.Now().UTC()
}

func (uc *ARAP) entity() int64 {
	if uc.Entity == 0 {
		return ledger.DefaultEntity
	}
	return uc.Entity
}

// PutParty adds a customer or supplier, or changes its name and terms.
// Errors: Invalid (the field named), Conflict (the currency would change:
// its documents are in the old one).
func (uc *ARAP) PutParty(ctx context.Context, p arap.Party) (arap.Party, error) {
	if err := p.Validate(); err != nil {
		return arap.Party{}, err
	}
	err := uc.Unit.InTx(ctx, func(st Stores) error {
		old, ok, err := st.ARAP.Party(ctx, p.Kind, p.Code)
		if err != nil {
			return err
		}
		if ok && old.Currency != p.Currency {
			return fault.New(fault.Conflict, "party_currency_fixed",
				"%s %s is kept in %s; its currency cannot change to %s — add a new %s for the other currency", p.Kind, p.Code, old.Currency, p.Currency, p.Kind)
		}
		p.CreatedAt = uc.now().Truncate(time.Microsecond)
		if ok {
			p.CreatedAt = old.CreatedAt
		}
		return st.ARAP.PutParty(ctx, p)
	})
	return p, err
}

// Parties lists one kind's parties.
func (uc *ARAP) Parties(ctx context.Context, kind arap.PartyKind) (out []arap.Party, err error) {
	err = uc.Unit.Read(ctx, func(st Stores) (err error) { out, err = st.ARAP.Parties(ctx, kind); return err })
	return out, err
}

// Booked is an added document and whether it was added before.
type Booked struct {
	Document arap.Document
	Replayed bool // the same document was added before; nothing new was posted
}

// AddDocument adds an invoice, receipt, bill or payment to the entity's
// documents and posts its entry in the entity's books (docs/adr/0060); a
// receipt or payment settles an item of the same entity. Its number is
// its idempotency key per entity and party: the same document
// again returns the first; another under the same number is a Conflict.
// Errors: Invalid (the field named), NotFound (the party, the account, or
// the invoice/bill a settlement applies to), Conflict.
func (uc *ARAP) AddDocument(ctx context.Context, d arap.Document, by string) (out Booked, err error) {
	if err := d.Validate(); err != nil {
		return Booked{}, err
	}
	err = uc.Unit.InTx(ctx, func(st Stores) (err error) { out, err = uc.add(ctx, st, d, by); return err })
	return out, err
}

func (uc *ARAP) add(ctx context.Context, st Stores, d arap.Document, by string) (Booked, error) {
	d.Entity = uc.reads()
	pk := d.Kind.PartyKind()
	p, ok, err := st.ARAP.Party(ctx, pk, d.Party)
	if err != nil {
		return Booked{}, err
	}
	if !ok {
		return Booked{}, fault.New(fault.NotFound, "party_not_found", "no %s %q; add it first (fnshub %s add)", pk, d.Party, pk)
	}
	if d.Amount.Currency() != p.Currency {
		return Booked{}, fault.Invalidf("amount.currency", "document_currency_mismatch",
			"%s %s is kept in %s, the document is in %s; give the amount in %s", pk, p.Code, p.Currency, d.Amount.Currency(), p.Currency)
	}
	if reason, ok := reservedAccounts[d.Account]; ok {
		return Booked{}, fault.Invalidf("account", "document_account_reserved", "account %s %s", d.Account, reason)
	}
	d = d.WithTerms(p)
	if old, ok, err := st.ARAP.Document(ctx, d.Entity, d.Kind, d.Party, d.Number); err != nil || ok {
		if err == nil && old.Fingerprint() != d.Fingerprint() {
			err = fault.New(fault.Conflict, "document_number_taken",
				"%s %s of %s %s was added to entity %d with other content; a correction is a new document under a new number", d.Kind, d.Number, pk, d.Party, d.Entity)
		}
		return Booked{Document: old, Replayed: true}, err
	}
	var realised int64
	if !d.Kind.Opens() {
		it, err := uc.checkSettles(ctx, st, d)
		if err != nil {
			return Booked{}, err
		}
		if realised, err = uc.realised(ctx, st, it, d); err != nil {
			return Booked{}, err
		}
	}
	d.CreatedAt, d.CreatedBy = uc.now().Truncate(time.Microsecond), by
	if d.EntryID, err = uc.post(ctx, st, d, realised); err != nil {
		return Booked{}, err
	}
	return Booked{Document: d}, st.ARAP.AddDocument(ctx, d)
}

// reservedAccounts are the accounts a document may not post its other
// side to, and why: the control accounts would net themselves, and
// inventory is held to the stock's value (ledger invariant I7), which
// only stock movements change.
var reservedAccounts = map[string]string{
	PlatformReceivable:      "is the platforms' receivable; it takes only order postings",
	arap.CustomerReceivable: "is the B2B receivable's control account",
	arap.Payable:            "is the payable's control account; a bill for goods already received settles their receipt with a payment, not a bill",
	"1405":                  "is inventory, valued by stock movements; bill goods in transit to 1402, or post the goods' receipt through stock",
}

// checkSettles refuses a receipt or payment of more than is open on the
// item it applies to: an overpayment is a prepayment, not a settlement.
func (uc *ARAP) checkSettles(ctx context.Context, st Stores, d arap.Document) (arap.Item, error) {
	docs, err := st.ARAP.Documents(ctx, d.Entity, d.Kind.PartyKind(), d.Party)
	if err != nil {
		return arap.Item{}, err
	}
	items, err := arap.OpenDocuments(docs)
	if err != nil {
		return arap.Item{}, err
	}
	for _, it := range items {
		if it.Ref == d.AppliesTo {
			if d.Amount.Minor() > it.Open.Minor() {
				return arap.Item{}, fault.Invalidf("amount", "settlement_exceeds_open",
					"%s %s has %s open; a %s of %s is more — book at most what is open", d.AppliesTo, d.Party, it.Open.Format(), d.Kind, d.Amount.Format())
			}
			return it, nil
		}
	}
	return arap.Item{}, fault.New(fault.NotFound, "applies_to_not_open", "%s %s has no open item %q in entity %d to settle; name an open invoice or bill number of this entity in applies_to",
		d.Kind.PartyKind(), d.Party, d.AppliesTo, d.Entity)
}

// realised is the exchange difference settling it with d realises
// (docs/adr/0058), at the stored rates of the item's and d's days; none
// in the entity's own currency, or when that currency is not configured.
// Errors: NotFound (a rate is missing: the message names pair and day).
func (uc *ARAP) realised(ctx context.Context, st Stores, it arap.Item, d arap.Document) (int64, error) {
	if !uc.Currency.Valid() || d.Amount.Currency() == uc.Currency {
		return 0, nil
	}
	return arap.Realised(it.Open, d.Amount, it.Date, d.Date, rateConverter(ctx, st.Terms, uc.Currency))
}

func (uc *ARAP) post(ctx context.Context, st Stores, d arap.Document, realised int64) (int64, error) {
	amt, neg := d.Amount, money.New(-d.Amount.Minor(), d.Amount.Currency())
	ctl, other := amt, neg
	if d.ControlSign() < 0 {
		ctl, other = neg, amt
	}
	src := ledger.Dims{Source: ledger.Source{Kind: ledger.SourceManual, ID: fmt.Sprintf("%s:%s:%s", d.Kind, d.Party, d.Number)}}
	req := ledger.Request{Entity: d.Entity, SourceKey: d.SourceKey(), EffectiveAt: d.Date,
		Description: fmt.Sprintf("%s %s %s", d.Kind, d.Party, d.Number),
		Postings: append([]ledger.Posting{{Account: d.Control(), Amount: ctl, Dims: src}, {Account: d.Account, Amount: other, Dims: src}},
			arap.RealisedPostings(d, realised, uc.Currency, src)...)}
	if err := req.Validate(); err != nil {
		return 0, err
	}
	outs, err := st.Ledger.Post(ctx, []ledger.Request{req}, uc.now())
	if err != nil {
		return 0, err
	}
	if outs[0].Err != nil {
		return 0, outs[0].Err
	}
	return outs[0].Entry.ID, nil
}

// Documents lists the entity's documents of one kind of party (party ""
// for all).
func (uc *ARAP) Documents(ctx context.Context, kind arap.PartyKind, party string) (out []arap.Document, err error) {
	err = uc.Unit.Read(ctx, func(st Stores) (err error) { out, err = st.ARAP.Documents(ctx, uc.reads(), kind, party); return err })
	return out, err
}
