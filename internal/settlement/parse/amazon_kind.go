package parse

import (
	"strings"

	"github.com/fnshub/fnshub/internal/settlement"
)

// amazonKind names what an Amazon V2 settlement row's amount is, from its
// transaction-type, amount-type and amount-description. The order of the
// cases matters: a commission is a commission whatever transaction carries
// it, a reimbursement is an adjustment even though its amount-type starts
// with "FBA", and ItemPrice "Shipping" is what the buyer paid (a sale), not
// a carrier charge. Anything not recognised is Other, never an error:
// reconciliation reports it and a mapping can be added later.
func amazonKind(tt, at, desc string) settlement.Kind {
	switch {
	case desc == "Commission" || desc == "RefundCommission":
		return settlement.Commission
	case at == "Promotion":
		return settlement.Promotion
	case at == "ItemWithheldTax":
		return settlement.TaxWithheld
	case hasFold(tt, "advertising") || hasFold(at, "advertising") || hasFold(desc, "advertising"):
		return settlement.Advertising
	case hasFold(at, "reserve") || hasFold(desc, "reserve"):
		return settlement.Reserve
	case tt == "Adjustment" || hasFold(tt, "reimbursement") || hasFold(at, "reimbursement") || hasFold(desc, "reimbursement"):
		return settlement.Adjustment
	case amazonShipping(tt, desc):
		return settlement.Shipping
	case at == "ItemPrice":
		return amazonItemPrice(tt)
	case amazonFee(tt, at, desc):
		return settlement.Fee
	}
	return settlement.Other
}

// amazonShipping is what Amazon charged for carriage: FBA shipping
// chargebacks and holdbacks, and Buy Shipping labels.
func amazonShipping(tt, desc string) bool {
	return strings.EqualFold(desc, "ShippingChargeback") || strings.EqualFold(desc, "ShippingHB") ||
		hasFold(tt, "shipping label") || hasFold(desc, "shipping label") || hasFold(tt, "shippingservices")
}

// amazonItemPrice: the buyer's payment on an order, given back on a refund
// (Refund, and the "Chargeback Refund" / "A-to-z Guarantee Refund" kinds).
func amazonItemPrice(tt string) settlement.Kind {
	switch {
	case tt == "Order":
		return settlement.Sale
	case strings.HasSuffix(tt, "Refund"):
		return settlement.Refund
	}
	return settlement.Other
}

// amazonFee: FBA fulfilment fees, the other ItemFees, service fees (the
// subscription) and storage; also any description ending in "Fee", the
// way Amazon names the fees it adds over time.
func amazonFee(tt, at, desc string) bool {
	return strings.HasPrefix(desc, "FBA") || at == "ItemFees" || tt == "ServiceFee" ||
		hasFold(desc, "storage fee") || hasFold(tt, "storage fee") || strings.HasSuffix(desc, "Fee")
}

// amazonOrderID reports whether s has the shape of an Amazon order id,
// 3-7-7 digits ("206-1234567-8901234"). The order-id column also carries
// shipment ids and other references on non-order rows; those must not be
// joined to orders.
func amazonOrderID(s string) bool {
	if len(s) != 19 || s[3] != '-' || s[11] != '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if i == 3 || i == 11 {
			continue
		}
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
