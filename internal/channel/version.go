package channel

import (
	"time"

	"github.com/fnshub/fnshub/internal/order"
)

// Version is the version of an order a platform last changed at changed,
// for platforms whose times have whole seconds (Shopify's updated_at, TOP's
// modified): unix milliseconds, with the status's place in an order's life
// added within the second. Two changes in one second — an order paid and
// refunded at once — then still order by what they did, instead of the
// second arriving as "the same version" and being lost as a duplicate.
func Version(changed time.Time, s order.Status) int64 {
	return changed.Unix()*1000 + statusRank[s]
}

// statusRank orders the statuses a channel sends as an order's life moves
// through them; each is below 1000.
var statusRank = map[order.Status]int64{
	order.AwaitingPayment:   100,
	order.Paid:              200,
	order.PartiallyRefunded: 300,
	order.Refunded:          400,
	order.Cancelled:         500,
}
