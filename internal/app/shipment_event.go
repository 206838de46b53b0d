package app

import (
	"encoding/json"

	"github.com/fnshub/fnshub/internal/order"
)

// shipmentPushed is the payload of order.shipment_pushed
// (docs/events/order.shipment_pushed.v1.json).
type shipmentPushed struct {
	Platform   string `json:"platform"`
	Carrier    string `json:"carrier"`
	TrackingNo string `json:"tracking_no"`
}

// pushedTracking reads the tracking number an order.shipment_pushed event
// names; "" for a payload that does not read.
func pushedTracking(e order.Event) string {
	var p shipmentPushed
	if json.Unmarshal(e.Payload, &p) != nil {
		return ""
	}
	return p.TrackingNo
}
