package order

import "testing"

// ReservationOrder reads back the order of every reservation key, with or
// without the line suffix stock adds, and of nothing else.
func TestReservationOrder(t *testing.T) {
	for _, id := range []ID{1, 42, 1 << 40} {
		for _, ref := range []string{ReservationKey(id, 1), ReservationKey(id, 12) + "#3"} {
			if got, ok := ReservationOrder(ref); !ok || got != id {
				t.Errorf("ReservationOrder(%q) = %d, %v; want %d", ref, got, ok, id)
			}
		}
	}
	for _, ref := range []string{"", "order:", "order:x:r1", "order:0:r1", "order:-3:r1", "order:7", "po:7:r1", "manual-hold-1"} {
		if got, ok := ReservationOrder(ref); ok {
			t.Errorf("ReservationOrder(%q) = %d, want none", ref, got)
		}
	}
}
