package app

import (
	"slices"
	"testing"
	"time"
)

// TestTakeDueTakesTheMostUrgent: under a rate limit a round takes the
// listings that gathered most changes for longest — a listing selling
// fast before one that changed once a moment ago — yet one that changed
// once long ago still has its turn.
func TestTakeDueTakesTheMostUrgent(t *testing.T) {
	now := time.Date(2026, 11, 11, 0, 0, 10, 0, time.UTC)
	hot, cold, old := listingKey{"S", "hot", ""}, listingKey{"S", "cold", ""}, listingKey{"S", "old", ""}
	p := &StockPush{index: &pushIndex{byShop: map[string][]listingKey{"S": {cold, old, hot}}}, state: map[listingKey]*listingState{
		hot:  {due: now.Add(-100 * time.Millisecond), changes: 40},
		cold: {due: now.Add(-100 * time.Millisecond), changes: 1},
		old:  {due: now.Add(-2 * time.Second), changes: 1},
	}}
	if got := p.takeDue("S", now, 1); !slices.Equal(got, []listingKey{hot}) {
		t.Fatalf("took %v first, want the hot listing", got)
	}
	if got := p.takeDue("S", now, 1); !slices.Equal(got, []listingKey{old}) {
		t.Fatalf("took %v second, want the one waiting 2 s", got)
	}
	if st := p.state[hot]; !st.due.IsZero() || st.changes != 0 {
		t.Fatalf("a taken listing keeps %+v", st)
	}
	if got := p.takeDue("S", now, 0); !slices.Equal(got, []listingKey{cold}) {
		t.Fatalf("without a limit took %v, want the rest", got)
	}
}
