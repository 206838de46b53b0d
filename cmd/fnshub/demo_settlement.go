package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement"
)

// demoPayoutFile is a Shopify Payments payout of the demo shop, in the
// demo's currency: two sales, a refund, an adjustment and the payout
// itself. Its orders are not the hub's (the demo's buyers arrive later),
// so its reconciliation has differences to show.
func demoPayoutFile(cur money.Currency, payoutID int64, day string) string {
	c := string(cur)
	tx := func(id int64, typ, amount, fee, net, order, at string) string {
		return fmt.Sprintf(`{"id":%d,"type":%q,"test":false,"payout_id":%d,"payout_status":"paid","currency":%q,"amount":%q,"fee":%q,"net":%q,`+
			`"source_id":%d,"source_type":%q,"source_order_id":%s,"source_order_transaction_id":null,"processed_at":"%sT10:00:00+08:00"}`,
			id, typ, payoutID, c, amount, fee, net, id, typ, order, at)
	}
	txs := []string{
		tx(payoutID*10+1, "charge", "600.00", "20.40", "579.60", "910000001", day),
		tx(payoutID*10+2, "charge", "500.00", "14.80", "485.20", "910000002", day),
		tx(payoutID*10+3, "refund", "-61.50", "0.00", "-61.50", "910000001", day),
		tx(payoutID*10+4, "adjustment", "-50.00", "0.00", "-50.00", "null", day),
		tx(payoutID*10+5, "payout", "-953.30", "0.00", "-953.30", "null", day),
	}
	payout := fmt.Sprintf(`{"id":%d,"status":"paid","date":%q,"currency":%q,"amount":"953.30","summary":{"adjustments_fee_amount":"0.00",`+
		`"adjustments_gross_amount":"-50.00","charges_fee_amount":"35.20","charges_gross_amount":"1100.00","refunds_fee_amount":"0.00","refunds_gross_amount":"-61.50"}}`,
		payoutID, day, c)
	return `{"payouts":[` + payout + `],"transactions":[` + strings.Join(txs, ",") + `]}`
}

// seedSettlement imports one payout of the Shopify shop and reconciles
// it, so the console's settlement pages have something to show.
func seedSettlement(ctx context.Context, h *hub, cur money.Currency) error {
	res, err := h.settlements.ImportSettlement(ctx, app.SettlementImport{Shop: demoShopifyID, Format: "shopify-payments",
		FileName: "demo-payout.json", Body: strings.NewReader(demoPayoutFile(cur, 7001, "2026-01-05")), By: "demo"})
	if err != nil {
		return fmt.Errorf("demo settlement: %w", err)
	}
	payouts, err := h.settlements.Payouts(ctx, settlement.PayoutFilter{Shop: demoShopifyID, Limit: 10})
	if err != nil {
		return err
	}
	for _, p := range payouts {
		if p.ImportID == res.ImportID {
			if _, _, err := h.reconcile.ReconcileStored(ctx, p.ID); err != nil {
				return fmt.Errorf("demo reconciliation of payout %d: %w", p.ID, err)
			}
		}
	}
	return nil
}
