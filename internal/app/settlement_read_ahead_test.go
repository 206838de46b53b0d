package app

import (
	"testing"

	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/settlement/recon"
)

// TestReadFor: a payout's read ahead serves its booking only when the
// booking asks for what was read — the same payout, channel (the
// payout's platform when the request names none) and order window.
func TestReadFor(t *testing.T) {
	in := payoutInput{payout: settlement.StoredPayout{ID: 7, Platform: "tmall"}, channel: "tmall", window: waitOf(recon.Contract{CycleDays: 7, GraceDays: 2})}
	same := ReconcileRequest{PayoutID: 7, Contract: recon.Contract{CycleDays: 7, GraceDays: 2}}
	for _, c := range []struct {
		name string
		req  func(ReconcileRequest) ReconcileRequest
		want bool
	}{
		{"the same", func(r ReconcileRequest) ReconcileRequest { return r }, true},
		{"the channel named", func(r ReconcileRequest) ReconcileRequest { r.Channel = "tmall"; return r }, true},
		{"a rule change", func(r ReconcileRequest) ReconcileRequest { r.Rules.Version = 9; return r }, true},
		{"another payout", func(r ReconcileRequest) ReconcileRequest { r.PayoutID = 8; return r }, false},
		{"another channel", func(r ReconcileRequest) ReconcileRequest { r.Channel = "taobao"; return r }, false},
		{"a longer cycle", func(r ReconcileRequest) ReconcileRequest { r.Contract.CycleDays = 14; return r }, false},
		{"another grace", func(r ReconcileRequest) ReconcileRequest { r.Contract.GraceDays = 0; return r }, false},
		{"no cycle", func(r ReconcileRequest) ReconcileRequest { r.Contract = recon.Contract{GraceDays: 2}; return r }, false},
	} {
		if got := in.readFor(c.req(same)); got != c.want {
			t.Errorf("%s: readFor = %v, want %v", c.name, got, c.want)
		}
	}
}
