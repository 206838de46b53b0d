package channeltest

import (
	"errors"
	"testing"

	"github.com/fnshub/fnshub/internal/channel"
)

func push(l Listing, qty int64, expected *int64) channel.StockPush {
	return channel.StockPush{ExternalItemID: l.ItemID, ExternalSKUID: l.SKUID, Location: l.Location, Quantity: qty, Expected: expected}
}

func (s *suite) stockPush(t *testing.T) {
	l := s.h.NewListing(t, 5)
	conn, _ := s.connector(t, nil)
	res, err := conn.PushStock(t.Context(), push(l, 7, nil))
	if err != nil {
		t.Fatalf("PushStock 7: %v", err)
	}
	if res.Quantity != 7 {
		t.Errorf("PushStock 7 says the listing holds %d", res.Quantity)
	}
	if got := s.h.ListingQuantity(t, l); got != 7 {
		t.Errorf("the listing shows %d after a push of 7", got)
	}
	if _, err := conn.PushStock(t.Context(), push(l, 0, nil)); err != nil {
		t.Fatalf("PushStock 0: %v", err)
	}
	if got := s.h.ListingQuantity(t, l); got != 0 {
		t.Errorf("the listing shows %d after a push of 0", got)
	}
}

func (s *suite) stockConflict(t *testing.T) {
	if !s.caps.CompareAndSet {
		t.Skip("the harness says the platform has no compare-and-set (Capabilities.CompareAndSet)")
	}
	l := s.h.NewListing(t, 5)
	conn, _ := s.connector(t, nil)
	wrong, right := int64(9), int64(5)
	_, err := conn.PushStock(t.Context(), push(l, 3, &wrong))
	if k := channel.KindOf(err); k != channel.Conflict {
		t.Fatalf("PushStock expecting 9 on a listing of 5: %v (kind %v), want Conflict", err, k)
	}
	var e *channel.Error
	if errors.As(err, &e) && e.Current != nil && *e.Current != 5 {
		t.Errorf("the Conflict says the platform holds %d, it holds 5", *e.Current)
	}
	if got := s.h.ListingQuantity(t, l); got != 5 {
		t.Errorf("the listing shows %d after a refused compare-and-set, want 5 unchanged", got)
	}
	if _, err := conn.PushStock(t.Context(), push(l, 3, &right)); err != nil {
		t.Fatalf("PushStock expecting the right 5: %v", err)
	}
	if got := s.h.ListingQuantity(t, l); got != 3 {
		t.Errorf("the listing shows %d after a compare-and-set to 3", got)
	}
}

func (s *suite) shipment(t *testing.T) {
	id := s.h.PutOrder(t, OrderSpec{Modified: s.hour(7), Lines: []LineSpec{s.line(0, 1)}})
	conn, _ := s.connector(t, nil)
	sh := channel.Shipment{ExternalID: id, Carrier: s.caps.Carrier, TrackingNo: "SF1400123456789"}
	if err := conn.PushShipment(t.Context(), sh); err != nil {
		t.Fatalf("PushShipment: %v", err)
	}
	got, ok := s.h.Shipment(t, id)
	if !ok || got.Carrier != sh.Carrier || got.TrackingNo != sh.TrackingNo {
		t.Fatalf("the platform holds shipment %+v (%v), want %s %s", got, ok, sh.Carrier, sh.TrackingNo)
	}
	if err := conn.PushShipment(t.Context(), sh); err != nil {
		t.Errorf("pushing the same shipment again: %v, want nil", err)
	}
	if again, _ := s.h.Shipment(t, id); again.TrackingNo != sh.TrackingNo {
		t.Errorf("after the second push the platform holds %+v", again)
	}
}
