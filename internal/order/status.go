package order

import (
	"strings"

	"github.com/fnshub/fnshub/internal/fault"
)

// Status is where an order stands in fnshub's one state machine, whatever
// channel it came from:
//
//	awaiting_payment → paid → reviewing → approved → allocated → shipped → completed
//	                            ↘ on_hold ↗ (an exception: unmapped SKU, no stock, bad address, amount mismatch)
//	cancelled:  from any state before shipped
//	refunded:   in full from paid on; partially_refunded only after shipping
//	            (after-sales), then refunded or completed
//
// A transition not in the table is refused with a Conflict that names both
// states and what the order can do next.
type Status string

const (
	AwaitingPayment   Status = "awaiting_payment"
	Paid              Status = "paid"
	Reviewing         Status = "reviewing"
	OnHold            Status = "on_hold"
	Approved          Status = "approved"
	Allocated         Status = "allocated"
	Shipped           Status = "shipped"
	Completed         Status = "completed"
	Cancelled         Status = "cancelled"
	PartiallyRefunded Status = "partially_refunded"
	Refunded          Status = "refunded"
)

// next lists, for each status, the statuses it may move to.
var next = map[Status][]Status{
	AwaitingPayment:   {Paid, Cancelled},
	Paid:              {Reviewing, OnHold, Cancelled, Refunded},
	Reviewing:         {Approved, OnHold, Cancelled, Refunded},
	OnHold:            {Reviewing, Approved, Cancelled, Refunded},
	Approved:          {Allocated, OnHold, Cancelled, Refunded},
	Allocated:         {Shipped, OnHold, Cancelled, Refunded},
	Shipped:           {Completed, PartiallyRefunded, Refunded},
	Completed:         {PartiallyRefunded, Refunded},
	PartiallyRefunded: {PartiallyRefunded, Refunded, Completed},
	Cancelled:         nil,
	Refunded:          nil,
}

// Statuses lists every status in the order of the happy path.
func Statuses() []Status {
	return []Status{AwaitingPayment, Paid, Reviewing, OnHold, Approved, Allocated, Shipped, Completed, Cancelled, PartiallyRefunded, Refunded}
}

// ParseStatus checks s names a status.
func ParseStatus(s string) (Status, error) {
	if _, ok := next[Status(s)]; ok {
		return Status(s), nil
	}
	names := make([]string, 0, len(next))
	for _, st := range Statuses() {
		names = append(names, string(st))
	}
	return "", fault.Invalidf("status", "status_invalid", "status %q is not one of %s", s, strings.Join(names, ", "))
}

// CanMove reports whether from may move to to.
func CanMove(from, to Status) bool {
	for _, s := range next[from] {
		if s == to {
			return true
		}
	}
	return false
}

// Move returns to, or a Conflict when the state machine forbids the step.
func Move(from, to Status) (Status, error) {
	if CanMove(from, to) {
		return to, nil
	}
	allowed := "nothing: it is final"
	if n := next[from]; len(n) > 0 {
		parts := make([]string, len(n))
		for i, s := range n {
			parts[i] = string(s)
		}
		allowed = strings.Join(parts, ", ")
	}
	return from, fault.New(fault.Conflict, "transition_illegal",
		"an order that is %s cannot become %s; from %s it can become %s", from, to, from, allowed)
}

// Final reports whether no transition leaves s.
func (s Status) Final() bool { return len(next[s]) == 0 }

func (s Status) String() string { return string(s) }
