package ledger

import (
	"errors"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
)

// Limits on one entry, so a single request cannot exhaust a transaction.
const (
	MaxPostings       = 500
	maxSourceKeyLen   = 200
	maxDescriptionLen = 1000
)

// Posting moves an amount on one account: positive is a debit, negative a
// credit. A balanced entry's postings sum to zero in every currency.
type Posting struct {
	Account string
	Amount  money.Amount
	Dims
}

// DefaultEntity is the legal entity an entry belongs to when none is named.
const DefaultEntity int64 = 1

// An entry's id encodes its entity and its position in the entity's chain:
// id = (entity − 1) × 2⁴⁰ + seq. Entity 1's ids are its sequence numbers,
// as entries had before entities; ids stay unique across entities without
// a shared counter, and an id range is a page of one entity's chain.
// MaxEntity keeps ids below 2⁵³, exact in JSON.
const (
	entitySpan int64 = 1 << 40
	MaxEntity  int64 = 8191
)

// EntryID is the id of entity's seq-th entry.
func EntryID(entity, seq int64) int64 { return (entity-1)*entitySpan + seq }

// SplitID returns the entity and chain position an entry id encodes.
func SplitID(id int64) (entity, seq int64) { return (id-1)/entitySpan + 1, (id-1)%entitySpan + 1 }

// EntityIDs is the range of entity's entry ids, both ends included.
func EntityIDs(entity int64) (first, last int64) {
	return EntryID(entity, 1), EntryID(entity, entitySpan)
}

// Dims are the dimensions of one posting: where the money moved (shop,
// channel), what it was for (SKU, where it applies) and the business event
// behind it. Empty when they do not apply.
type Dims struct {
	Shop    string
	Channel string
	SKU     string
	Source  Source
}

// IsZero reports whether no dimension is set.
func (d Dims) IsZero() bool { return d == Dims{} }

// Source names the business record a posting comes from.
type Source struct {
	Kind SourceKind
	ID   string
}

// SourceKind is the kind of business record behind a posting.
type SourceKind string

// The source kinds a posting may name.
const (
	SourceOrder      SourceKind = "order"
	SourceLine       SourceKind = "line"
	SourceShipment   SourceKind = "shipment"
	SourceRefund     SourceKind = "refund"
	SourceReturn     SourceKind = "return"
	SourceReceipt    SourceKind = "receipt"
	SourceAdjustment SourceKind = "adjustment"
	SourceTransfer   SourceKind = "transfer"
	SourceManual     SourceKind = "manual"
)

// SourceKinds lists the known source kinds, in documentation order.
func SourceKinds() []SourceKind {
	return []SourceKind{SourceOrder, SourceLine, SourceShipment, SourceRefund, SourceReturn,
		SourceReceipt, SourceAdjustment, SourceTransfer, SourceManual}
}

// Valid reports whether k is a known kind.
func (k SourceKind) Valid() bool {
	for _, v := range SourceKinds() {
		if k == v {
			return true
		}
	}
	return false
}

const maxDimLen = 200

// Side reports whether p is a debit or a credit.
func (p Posting) Side() Side {
	if p.Amount.Sign() < 0 {
		return Credit
	}
	return Debit
}

// Request asks for one entry. SourceKey is the idempotency key of the business
// event behind it: posting the same key again with the same content returns
// the original entry; with different content it is a Conflict.
//
// A reversal sets Reverses to the entry it undoes and leaves Postings empty;
// the ledger posts the original's postings negated.
type Request struct {
	Entity      int64 // the legal entity; 0 means DefaultEntity. A reversal must name its original's.
	MapVersion  int64 // the account map version the postings were derived with; 0 for hand entries
	SourceKey   string
	Description string
	EffectiveAt time.Time // the accounting time; zero means when it is posted
	Postings    []Posting
	Reverses    int64
}

// Entry is a posted journal entry. Seq is its gapless position in its
// entity's hash chain; ID encodes both (EntryID). Hash covers PrevHash and
// every field, so changing any stored entry breaks the chain from that entry on.
type Entry struct {
	ID          int64
	Entity      int64
	Seq         int64
	MapVersion  int64
	SourceKey   string
	Description string
	EffectiveAt time.Time
	PostedAt    time.Time
	Reverses    int64
	// DatedFor is the accounting time the entry was asked for when that
	// lay in a closed period: the entry posted at the start of the first
	// open one instead (docs/adr/0046-period-close.md). Zero otherwise.
	DatedFor    time.Time
	Postings    []Posting
	ContentHash []byte
	PrevHash    []byte
	Hash        []byte
}

// Validate checks the request on its own: keys, sizes, and that it balances
// in each currency. Whether accounts and reversed entries exist is checked
// when it is posted.
func (r Request) Validate() error {
	switch {
	case r.SourceKey == "":
		return fault.Invalidf("source_key", "source_key_missing", "every entry needs a source key (the Idempotency-Key header on the API)")
	case len(r.SourceKey) > maxSourceKeyLen:
		return fault.Invalidf("source_key", "source_key_too_long", "source key is %d bytes; the limit is %d", len(r.SourceKey), maxSourceKeyLen)
	case len(r.Description) > maxDescriptionLen:
		return fault.Invalidf("description", "description_too_long", "description is %d bytes; the limit is %d", len(r.Description), maxDescriptionLen)
	case r.Entity < 0 || r.Entity > MaxEntity:
		return fault.Invalidf("entity", "entity_invalid", "entity must be a legal entity id from 1 to %d, not %d", MaxEntity, r.Entity)
	case r.MapVersion < 0:
		return fault.Invalidf("map_version", "map_version_invalid", "map_version must not be negative")
	case r.Reverses < 0:
		return fault.Invalidf("reverses", "reverses_invalid", "reverses must be a positive entry id")
	case r.Reverses > 0 && len(r.Postings) > 0:
		return fault.Invalidf("postings", "reversal_with_postings", "a reversal takes its postings from the entry it reverses; send none")
	case r.Reverses > 0:
		return nil
	}
	return validatePostings(r.Postings)
}

func validatePostings(ps []Posting) error {
	if len(ps) < 2 {
		return fault.Invalidf("postings", "entry_too_few_postings", "an entry needs at least two postings, one debit and one credit")
	}
	if len(ps) > MaxPostings {
		return fault.Invalidf("postings", "entry_too_many_postings", "an entry may have at most %d postings; it has %d", MaxPostings, len(ps))
	}
	sums := make(map[money.Currency]money.Amount, 1)
	for i, p := range ps {
		if err := validatePosting(i, p); err != nil {
			return err
		}
		cur := p.Amount.Currency()
		s, ok := sums[cur]
		if !ok {
			s = money.Zero(cur)
		}
		s, err := s.Add(p.Amount)
		if err != nil {
			return fault.Invalidf("postings", "entry_overflow", "postings in %s add up beyond the representable range", cur)
		}
		sums[cur] = s
	}
	for cur, s := range sums {
		if !s.IsZero() {
			return fault.Invalidf("postings", "entry_unbalanced",
				"entry does not balance in %s: debits exceed credits by %s; make debits equal credits in each currency", cur, s.Format())
		}
	}
	return nil
}

func validatePosting(i int, p Posting) error {
	field := "postings[" + itoa(i) + "]"
	switch {
	case p.Account == "":
		return fault.Invalidf(field+".account", "posting_account_missing", "posting %d names no account", i)
	case !p.Amount.Currency().Valid():
		return fault.Invalidf(field+".amount", "posting_currency_invalid", "posting %d has unknown currency %q", i, p.Amount.Currency())
	case p.Amount.IsZero():
		return fault.Invalidf(field+".amount", "posting_amount_zero", "posting %d is zero; leave it out", i)
	case len(p.Shop) > maxDimLen || len(p.Channel) > maxDimLen || len(p.SKU) > maxDimLen || len(p.Source.ID) > maxDimLen:
		return fault.Invalidf(field, "posting_dimension_too_long", "posting %d: shop, channel, sku and source id are at most %d bytes each", i, maxDimLen)
	case p.Source.Kind != "" && !p.Source.Kind.Valid():
		return fault.Invalidf(field+".source.kind", "source_kind_invalid",
			"posting %d: source kind %q is not one of order, line, shipment, refund, return, receipt, adjustment, transfer, manual", i, p.Source.Kind)
	case p.Source.Kind == "" && p.Source.ID != "":
		return fault.Invalidf(field+".source.kind", "source_kind_missing", "posting %d names a source id but no source kind; give both or neither", i)
	case p.Source.Kind != "" && p.Source.ID == "":
		return fault.Invalidf(field+".source.id", "source_id_missing", "posting %d names source kind %s but no id; give both or neither", i, p.Source.Kind)
	}
	return nil
}

// EntityOr returns the request's entity, DefaultEntity when it names none.
func (r Request) EntityOr() int64 {
	if r.Entity == 0 {
		return DefaultEntity
	}
	return r.Entity
}

// Negate returns postings that undo ps.
func Negate(ps []Posting) ([]Posting, error) {
	out := make([]Posting, len(ps))
	for i, p := range ps {
		n, err := p.Amount.Neg()
		if err != nil {
			return nil, errors.Join(fault.New(fault.Invalid, "entry_overflow", "posting %d cannot be negated", i), err)
		}
		out[i] = Posting{Account: p.Account, Amount: n, Dims: p.Dims}
	}
	return out, nil
}
