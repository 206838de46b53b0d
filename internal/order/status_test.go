package order

import (
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/fault"
)

func TestMove_TheHappyPathIsLegal(t *testing.T) {
	path := []Status{AwaitingPayment, Paid, Reviewing, Approved, Allocated, Shipped, Completed, PartiallyRefunded, Refunded}
	for i := 1; i < len(path); i++ {
		if _, err := Move(path[i-1], path[i]); err != nil {
			t.Errorf("%s → %s: %v", path[i-1], path[i], err)
		}
	}
	for _, s := range []Status{Paid, Reviewing, Approved, Allocated} {
		if !CanMove(s, OnHold) || !CanMove(OnHold, Reviewing) || !CanMove(s, Cancelled) {
			t.Errorf("%s cannot be held, released or cancelled", s)
		}
	}
}

func TestMove_IllegalStepsAreConflictsThatSayWhatIsAllowed(t *testing.T) {
	illegal := [][2]Status{
		{Shipped, Cancelled},       // it has left the warehouse: refund instead
		{Cancelled, Paid},          // final
		{Refunded, Completed},      // final
		{AwaitingPayment, Shipped}, // not paid
		{Completed, Shipped},       // never backwards
		{Paid, PartiallyRefunded},  // partial refunds are after-sales
	}
	for _, step := range illegal {
		got, err := Move(step[0], step[1])
		if got != step[0] || !fault.Is(err, fault.Conflict) || !strings.Contains(err.Error(), string(step[0])) {
			t.Errorf("%s → %s = %s, %v; want a conflict that keeps %s", step[0], step[1], got, err, step[0])
		}
	}
}

func TestStatuses_EveryStatusIsInTheTable(t *testing.T) {
	for _, s := range Statuses() {
		if _, err := ParseStatus(string(s)); err != nil {
			t.Errorf("%s: %v", s, err)
		}
		for _, to := range next[s] {
			if _, ok := next[to]; !ok {
				t.Errorf("%s moves to %s, which is not a status", s, to)
			}
		}
	}
	if len(Statuses()) != len(next) {
		t.Fatalf("Statuses() lists %d, the table has %d", len(Statuses()), len(next))
	}
	if !Cancelled.Final() || !Refunded.Final() || Shipped.Final() {
		t.Fatal("final states are wrong")
	}
	if _, err := ParseStatus("lost"); !fault.Is(err, fault.Invalid) {
		t.Fatal("an unknown status parsed")
	}
}

func TestRecord_MoveToChecksTheTableAndRecordsTheMove(t *testing.T) {
	r := &Record{Order: Order{Status: Paid}}
	if err := r.MoveTo(Allocated); err != nil || r.Status != Allocated {
		t.Fatalf("paid → allocated (auto-review passed) = %v, status %s", err, r.Status)
	}
	if err := r.MoveTo(Paid); !fault.Is(err, fault.Conflict) || r.Status != Allocated {
		t.Fatalf("allocated → paid = %v, status %s; want a Conflict that leaves it allocated", err, r.Status)
	}
	if err := r.MoveTo(OnHold); err != nil {
		t.Fatal(err)
	}
	if err := r.MoveTo(Allocated); err != nil {
		t.Fatalf("on_hold → allocated (approved or retried) = %v", err)
	}
	want := []Transition{{Paid, Allocated}, {Allocated, OnHold}, {OnHold, Allocated}}
	if len(r.Moves) != len(want) {
		t.Fatalf("moves %v, want %v", r.Moves, want)
	}
	for i := range want {
		if r.Moves[i] != want[i] {
			t.Fatalf("moves %v, want %v", r.Moves, want)
		}
	}
}
