package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/pii"
)

// Contacts are sealed with their buyer's data key (docs/adr/0041): one
// per buyer pseudonym, or per order when it names no buyer.

// keyRef names the data key that seals rec's contact.
func keyRef(ord order.Order) string {
	if ord.BuyerRef != "" {
		return ord.BuyerRef
	}
	return pii.OrderKeyRef(ord.Key().String())
}

// buyerKeys opens data keys read in one transaction, caching them for it.
type buyerKeys struct {
	keys   *pii.Keyring
	store  pii.TxStore
	now    time.Time
	opened map[string]*pii.BuyerKey // nil value: no row
	// failed holds the keys that did not open (a master key since lost):
	// only the contacts they seal fail, not a whole list.
	failed map[string]error
}

func newBuyerKeys(keys *pii.Keyring, s pii.TxStore, now time.Time) *buyerKeys {
	return &buyerKeys{keys: keys, store: s, now: now, opened: map[string]*pii.BuyerKey{}, failed: map[string]error{}}
}

// load reads the keys of refs not read yet.
func (b *buyerKeys) load(ctx context.Context, refs ...string) error {
	var missing []string
	for _, r := range refs {
		if _, ok := b.opened[r]; !ok {
			missing = append(missing, r)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	rows, err := b.store.BuyerKeys(ctx, missing)
	if err != nil {
		return err
	}
	for _, r := range missing {
		row, ok := rows[r]
		if !ok {
			b.opened[r] = nil
			continue
		}
		k, err := pii.OpenBuyerKey(b.keys, row)
		if err != nil {
			b.opened[r], b.failed[r] = nil, fmt.Errorf("app: %w", err)
			continue
		}
		b.opened[r] = k
	}
	return nil
}

// create makes the keys of refs that have no row yet, in one statement.
// Two transactions making the first key of one buyer both insert if
// absent: the one whose row landed uses its key, the other reads that row.
func (b *buyerKeys) create(ctx context.Context, refs ...string) error {
	if err := b.load(ctx, refs...); err != nil {
		return err
	}
	var rows []pii.StoredKey
	made := map[string]*pii.BuyerKey{}
	for _, r := range refs {
		if b.opened[r] != nil || made[r] != nil || b.failed[r] != nil {
			continue
		}
		k, row, err := pii.NewBuyerKey(b.keys, r, 1, b.now)
		if err != nil {
			return err
		}
		rows, made[r] = append(rows, row), k
	}
	if len(rows) == 0 {
		return nil
	}
	// One order of inserts across transactions: two groups making keys of
	// the same buyers wait for each other rather than deadlock.
	slices.SortFunc(rows, func(a, b pii.StoredKey) int { return strings.Compare(a.Ref, b.Ref) })
	created, err := b.store.CreateBuyerKeys(ctx, rows)
	if err != nil {
		return err
	}
	landed := make(map[string]bool, len(created))
	for _, r := range created {
		landed[r] = true
	}
	var lost []string
	for _, row := range rows {
		delete(b.opened, row.Ref)
		if landed[row.Ref] {
			b.opened[row.Ref] = made[row.Ref]
		} else {
			lost = append(lost, row.Ref)
		}
	}
	return b.load(ctx, lost...)
}

// sealing returns ref's live data key, making one when the buyer has none
// or was erased.
func (b *buyerKeys) sealing(ctx context.Context, ref string) (*pii.BuyerKey, error) {
	if err := b.create(ctx, ref); err != nil {
		return nil, err
	}
	if err := b.failed[ref]; err != nil {
		return nil, err // a key that exists but does not open is never replaced
	}
	k := b.opened[ref]
	if k != nil && k.Erased() {
		if err := b.renew(ctx, ref); err != nil {
			return nil, err
		}
		delete(b.opened, ref)
		if err := b.load(ctx, ref); err != nil {
			return nil, err
		}
		k = b.opened[ref]
	}
	if k == nil || k.Erased() {
		return nil, fmt.Errorf("app: the data key of %s changed while it was made; try again", ref)
	}
	return k, nil
}

// renew gives an erased buyer, heard from again, a key of the next
// generation: what erasure destroyed stays destroyed.
func (b *buyerKeys) renew(ctx context.Context, ref string) error {
	rows, err := b.store.BuyerKeys(ctx, []string{ref})
	if err != nil {
		return err
	}
	old := rows[ref]
	_, next, err := pii.NewBuyerKey(b.keys, ref, old.Generation+1, b.now)
	if err != nil {
		return err
	}
	_, err = b.store.ReplaceBuyerKey(ctx, old, next) // lost to a twin: the read back finds its key
	return err
}

// seal seals c for ord with its buyer's data key.
func (b *buyerKeys) seal(ctx context.Context, ord order.Order, c pii.Contact) ([]byte, error) {
	k, err := b.sealing(ctx, keyRef(ord))
	if err != nil {
		return nil, err
	}
	return k.SealContact(c, ord.Key().String())
}

// open opens a contact of rec sealed either way; nil for none. An erased
// buyer's contact gives pii.ErrErased.
func (b *buyerKeys) open(ctx context.Context, rec *order.Record, blob []byte) (*pii.Contact, error) {
	if blob == nil {
		return nil, nil
	}
	var k *pii.BuyerKey
	if _, byBuyer := pii.SealedByBuyer(blob); byBuyer {
		ref := keyRef(rec.Order)
		if err := b.load(ctx, ref); err != nil {
			return nil, err
		}
		if err := b.failed[ref]; err != nil {
			return nil, err
		}
		k = b.opened[ref]
	}
	c, err := pii.OpenContactWith(b.keys, k, blob, rec.Key().String())
	if errors.Is(err, pii.ErrErased) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("app: open the contact of order %d: %w", rec.ID, err)
	}
	return &c, nil
}

// erased reports whether rec's buyer was ever erased: an order of theirs
// without a contact may have lost one sealed by the master key to it.
func (b *buyerKeys) erased(ctx context.Context, rec *order.Record) (bool, error) {
	ref := keyRef(rec.Order)
	if err := b.load(ctx, ref); err != nil {
		return false, err
	}
	k := b.opened[ref]
	return k != nil && (k.Erased() || k.ErasedAt != nil), nil
}
