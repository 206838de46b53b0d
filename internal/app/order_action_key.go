package app

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/order"
)

// ActionResult is what an order action did: the order as it left it, and
// whether this was a replay of an action done before under the same key.
type ActionResult struct {
	Order    *order.Record
	Replayed bool
}

// action names one order action and the parameters it was sent with, so a
// replay under its key can be told from another use of the key.
type action struct {
	key    string
	name   string
	params []string
}

// MaxActionKey is the longest Idempotency-Key an order action takes.
const MaxActionKey = 128

func validActionKey(key string) error {
	if len(key) > MaxActionKey {
		return fault.Invalidf("Idempotency-Key", "idempotency_key_too_long",
			"the Idempotency-Key is %d characters; send 1 to %d (e.g. a UUID)", len(key), MaxActionKey)
	}
	return nil
}

// requireKey refuses an action that would book money twice if a retry
// sent it twice.
func requireKey(key, what string) error {
	if key == "" {
		return fault.Invalidf("Idempotency-Key", "idempotency_key_missing",
			"a %s needs an Idempotency-Key header (1 to %d characters, e.g. a UUID), so a retry cannot book it twice", what, MaxActionKey)
	}
	return nil
}

func (a action) hash() string {
	h := sha256.New()
	h.Write([]byte(a.name))
	for _, p := range a.params {
		h.Write([]byte{0})
		h.Write([]byte(p))
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// sameAs refuses a key first used for another order, action or parameters.
func (a action) sameAs(prior order.Action, orderID order.ID) error {
	if prior.Name == a.name && prior.RequestHash == a.hash() && prior.OrderID == orderID {
		return nil
	}
	return fault.New(fault.Conflict, "idempotency_key_reused",
		"Idempotency-Key %q was used before for %s on order %d with other parameters; use a new key for a new action",
		a.key, prior.Name, prior.OrderID)
}
