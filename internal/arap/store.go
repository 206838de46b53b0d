package arap

import "context"

// TxStore keeps parties and documents inside a use case's transaction, so
// that a document and the ledger entry booking it commit together.
type TxStore interface {
	// Party returns one party; false when there is none.
	Party(ctx context.Context, kind PartyKind, code string) (Party, bool, error)
	// Parties lists one kind's parties in code order.
	Parties(ctx context.Context, kind PartyKind) ([]Party, error)
	// PutParty adds p, or replaces the name and terms of the party of its
	// kind and code. The caller checks the currency does not change.
	PutParty(ctx context.Context, p Party) error
	// Document returns legal entity's document of kind, party and number;
	// false when there is none.
	Document(ctx context.Context, entity int64, kind DocKind, party, number string) (Document, bool, error)
	// AddDocument stores d, in its entity, with its fingerprint. The
	// caller checks it is new and that the entity exists.
	AddDocument(ctx context.Context, d Document) error
	// Documents lists legal entity's documents of one kind of party
	// (party "" for all of them), by party, then date, then number.
	Documents(ctx context.Context, entity int64, kind PartyKind, party string) ([]Document, error)
}
