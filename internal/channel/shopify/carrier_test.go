package shopify

import "testing"

func TestTrackingCompany_MapsFnshubCodesAndPassesOthers(t *testing.T) {
	for in, want := range map[string]string{"SF": "SF Express", " yto ": "YTO Express", "JD": "JD Logistics", "UPS": "UPS", "": ""} {
		if got := trackingCompany(in); got != want {
			t.Errorf("trackingCompany(%q) = %q, want %q", in, got, want)
		}
	}
}
