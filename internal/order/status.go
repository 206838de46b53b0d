package order

import (
	"strings"

	"github.com/fnshub/fnshub/internal/fault"
)

// Status is where an order stands in fnshub's one state machine, whatever
// channel it came from. What runs today:
//
//	awaiting_payment → paid → allocated → shipped → (partially_refunded →) refunded
//	                    ↘ on_hold ↗ (an exception: unmapped SKU, no stock, bad address, amount
//	                      mismatch, a hold by hand; allocated → on_hold too)
//	cancelled:  from any state before shipped
//	refunded:   in full from paid on; partially_refunded only after shipping
//	            (after-sales), then refunded or completed
//
// Review is automatic and runs in the ingestion transaction (the holds of
// internal/app), so a paid order that passes it is allocated at once and
// a held one that a person approves or a retry clears is allocated from
// on_hold: paid → allocated and on_hold → allocated are edges of their
// own. reviewing and approved remain for a review by a person that holds
// an order before allocation (paid → reviewing → approved → allocated);
// nothing moves an order there yet. completed is reached by nothing yet
// either (no delivery confirmation).
//
// Staying in a status is not a move: an order held again keeps on_hold,
// one allocated again keeps allocated. A transition not in the table is
// refused with a Conflict that names both states and what the order can
// do next. Record.MoveTo is the one way an order's status changes.
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
	Paid:              {Reviewing, Allocated, OnHold, Cancelled, Refunded},
	Reviewing:         {Approved, OnHold, Cancelled, Refunded},
	OnHold:            {Reviewing, Approved, Allocated, Cancelled, Refunded},
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

// Transition is one status change an order made.
type Transition struct{ From, To Status }

// MoveTo changes r's status to to, as the table allows, and records the
// move in r.Moves. Errors: Conflict (transition_illegal), r unchanged.
func (r *Record) MoveTo(to Status) error {
	if _, err := Move(r.Status, to); err != nil {
		return err
	}
	r.Moves = append(r.Moves, Transition{r.Status, to})
	r.Status = to
	return nil
}
