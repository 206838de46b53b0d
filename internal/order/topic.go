package order

// Topic names an event an order's processing announces (Event.Topic, the
// outbox). Topics are dotted past tense and never renamed: consumers
// subscribe by them. Each is in this table; a status does not make a
// topic by itself.
type Topic string

const (
	TopicIngested       Topic = "order.ingested"        // a new order was stored
	TopicChanged        Topic = "order.changed"         // a newer version changed an order before shipping
	TopicHeld           Topic = "order.held"            // an order was held (payload: the hold)
	TopicApproved       Topic = "order.approved"        // a held order was approved or retried, or a hold acknowledged
	TopicShipped        Topic = "order.shipped"         // an order left with a carrier
	TopicCancelled      Topic = "order.cancelled"       // cancelled before shipping
	TopicRefunded       Topic = "order.refunded"        // refunded in full
	TopicRefundedPart   Topic = "order.refunded_part"   // part of a shipped order refunded
	TopicReturned       Topic = "order.returned"        // goods of a shipped order came back
	TopicShipmentPushed Topic = "order.shipment_pushed" // a shipment was written back to the order's platform
	TopicReserved       Topic = "stock.reserved"        // stock held for an order
	TopicReleased       Topic = "stock.released"        // an order's held stock went back
	TopicRestocked      Topic = "stock.returned"        // returned goods booked back into stock
	TopicPosted         Topic = "journal.posted"        // a ledger entry was posted for an order
)

// Topics lists every topic, in the order of the table above.
func Topics() []Topic {
	return []Topic{TopicIngested, TopicChanged, TopicHeld, TopicApproved, TopicShipped, TopicCancelled, TopicRefunded,
		TopicRefundedPart, TopicReturned, TopicShipmentPushed, TopicReserved, TopicReleased, TopicRestocked, TopicPosted}
}

// Known reports whether t is in the table.
func (t Topic) Known() bool {
	for _, k := range Topics() {
		if t == k {
			return true
		}
	}
	return false
}

// UndoneTopic is the topic of an order undone to status to: cancelled or
// refunded in full; "" for any other status.
func UndoneTopic(to Status) Topic {
	switch to {
	case Cancelled:
		return TopicCancelled
	case Refunded:
		return TopicRefunded
	}
	return ""
}
