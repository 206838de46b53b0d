package taobao

import (
	"fmt"

	"github.com/fnshub/fnshub/internal/order"
)

// statuses maps TOP's trade statuses to the upstream statuses a channel
// may send (order/status.go). Shipping and completion are fnshub's own
// moves, so every paid state TOP has is paid here.
var statuses = map[string]order.Status{
	"TRADE_NO_CREATE_PAY":      order.AwaitingPayment, // no Alipay trade yet
	"WAIT_BUYER_PAY":           order.AwaitingPayment,
	"PAY_PENDING":              order.AwaitingPayment, // paid by a channel that has not confirmed
	"WAIT_PRE_AUTH_CONFIRM":    order.AwaitingPayment, // a pre-authorised (credit) trade not yet confirmed
	"WAIT_SELLER_SEND_GOODS":   order.Paid,
	"PAID_FORBID_CONSIGN":      order.Paid, // paid, shipping held by the platform
	"SELLER_CONSIGNED_PART":    order.Paid,
	"WAIT_BUYER_CONFIRM_GOODS": order.Paid,
	"TRADE_BUYER_SIGNED":       order.Paid,
	"TRADE_FINISHED":           order.Paid,
	"TRADE_CLOSED":             order.Cancelled, // refunded when every line's refund succeeded
	"TRADE_CLOSED_BY_TAOBAO":   order.Cancelled, // closed before payment, by buyer, seller or timeout
}

// status maps a trade's status. A closed trade whose every line was
// refunded is refunded: TOP closes a paid trade that way.
func status(t trade) (order.Status, error) {
	s, ok := statuses[t.Status]
	if !ok {
		return "", fmt.Errorf("trade status %q is not one fnshub knows", t.Status)
	}
	if s == order.Cancelled && allRefunded(t.Orders.Order) {
		return order.Refunded, nil
	}
	return s, nil
}

func allRefunded(lines []subOrder) bool {
	for _, l := range lines {
		if l.RefundStatus != "SUCCESS" {
			return false
		}
	}
	return len(lines) > 0
}
