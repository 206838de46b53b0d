package app

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/pii"
)

// validBuyerRef matches a buyer pseudonym (pii.Pseudonym).
var validBuyerRef = regexp.MustCompile(`^b_[0-9a-f]{32}$`)

// EraseBuyer erases a buyer on request (PIPL; docs/adr/0041): their data
// key is destroyed, so every contact sealed with it — in the database and
// in every backup — can no longer be opened; contacts sealed before data
// keys existed, corrected receivers and the raw payloads of their orders
// are dropped. Orders, versions and the ledger stay, with the buyer's
// pseudonym only. Erasing again answers the same and changes nothing.
//
// ref is a buyer pseudonym (b_…), or order:ID for an order that names no
// buyer (its contact has a key of its own). Errors: Invalid (a malformed
// ref, or order:ID of an order that names a buyer), NotFound.
func (o *Orders) EraseBuyer(ctx context.Context, ref string) (pii.Erasure, error) {
	keyRef, err := o.erasureRef(ctx, ref)
	if err != nil {
		return pii.Erasure{}, err
	}
	var e pii.Erasure
	err = o.unit.InTx(ctx, func(s Stores) (err error) {
		e, err = s.Buyers.EraseBuyer(ctx, keyRef, o.clock())
		return err
	})
	if err != nil {
		return pii.Erasure{}, err
	}
	if !e.Found {
		return e, fault.New(fault.NotFound, "buyer_unknown", "no order and no data key belong to buyer %s", ref)
	}
	e.Ref = ref
	return e, nil
}

// erasureRef is the data key reference that ref names.
func (o *Orders) erasureRef(ctx context.Context, ref string) (string, error) {
	if validBuyerRef.MatchString(ref) {
		return ref, nil
	}
	idText, ok := strings.CutPrefix(ref, "order:")
	id, err := strconv.ParseInt(idText, 10, 64)
	if !ok || err != nil || id <= 0 {
		return "", fault.Invalidf("ref", "buyer_ref_invalid",
			"name the buyer by its pseudonym (b_ and 32 hex digits, the buyer_ref of its orders), or an order that names no buyer as order:ID")
	}
	rec, err := o.Get(ctx, order.ID(id))
	if err != nil {
		return "", err
	}
	if rec.BuyerRef != "" {
		return "", fault.Invalidf("ref", "order_has_buyer",
			"order %d belongs to buyer %s; erase the buyer, which erases all of their orders", id, rec.BuyerRef)
	}
	return keyRef(rec.Order), nil
}

// RewrapBuyerKeys wraps every buyer data key that an older master key
// wrapped again under the current one, a batch per transaction, and
// returns how many it re-wrapped. Contacts stay as they are: rotating the
// master key never rewrites an order. Once it reports 0 left, the old key
// may leave the keyring (if nothing else still needs it).
func (o *Orders) RewrapBuyerKeys(ctx context.Context) (int, error) {
	const batch = 200
	done := 0
	for {
		n := 0
		err := o.unit.InTx(ctx, func(s Stores) error {
			n = 0
			stale, err := s.Buyers.StaleBuyerKeys(ctx, o.keys.CurrentID(), batch)
			if err != nil {
				return err
			}
			for _, k := range stale {
				next, err := pii.Rewrap(o.keys, k)
				if err != nil {
					return err
				}
				ok, err := s.Buyers.ReplaceBuyerKey(ctx, k, next)
				if err != nil {
					return err
				}
				if ok {
					n++
				}
			}
			if len(stale) == batch && n == 0 {
				return fmt.Errorf("app: re-wrap buyer keys: a batch changed under us; run it again")
			}
			return nil
		})
		if err != nil {
			return done, err
		}
		done += n
		if n < batch {
			return done, nil
		}
	}
}
