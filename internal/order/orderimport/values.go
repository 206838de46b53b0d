package orderimport

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
)

// statuses maps what a sheet may write to the statuses a channel may send.
var statuses = map[string]order.Status{
	"paid": order.Paid, "已付款": order.Paid, "已支付": order.Paid, "待发货": order.Paid,
	"awaiting_payment": order.AwaitingPayment, "待付款": order.AwaitingPayment, "未付款": order.AwaitingPayment,
	"cancelled": order.Cancelled, "canceled": order.Cancelled, "已取消": order.Cancelled, "交易关闭": order.Cancelled,
	"refunded": order.Refunded, "已退款": order.Refunded,
}

func parseStatus(s string) (order.Status, error) {
	if st, ok := statuses[strings.ToLower(s)]; ok {
		return st, nil
	}
	return "", fmt.Errorf("%q is not a status; write paid (已付款), awaiting_payment (待付款), cancelled (已取消) or refunded (已退款)", s)
}

// fulfillments maps what a merchant's sheet writes to a fulfillment.
var fulfillments = map[string]order.Fulfillment{"ship": order.Ship, "发货": order.Ship, "快递": order.Ship,
	"none": order.NoShipping, "无需发货": order.NoShipping, "自提": order.NoShipping, "门店": order.NoShipping}

func parseFulfillment(s string) (order.Fulfillment, error) {
	if f, ok := fulfillments[strings.ToLower(s)]; ok {
		return f, nil
	}
	return "", fmt.Errorf("%q is not a fulfillment; write ship (发货) or none (无需发货, 自提: nothing is shipped)", s)
}

func parseCurrency(s string) (money.Currency, error) {
	switch up := strings.ToUpper(s); up {
	case "人民币", "RMB":
		return "CNY", nil
	default:
		if c := money.Currency(up); c.Valid() {
			return c, nil
		}
	}
	return "", fmt.Errorf("%q is not a currency; write an ISO 4217 code such as CNY, HKD or USD", s)
}

func parseVersion(s string) (int64, error) {
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v <= 0 {
		return 0, fmt.Errorf("%q is not a version; write a positive whole number, higher for a later state of the same order", s)
	}
	return v, nil
}

func parseQuantity(s string) (int64, error) {
	q, err := strconv.ParseInt(s, 10, 64)
	if err != nil || q <= 0 || q > order.MaxQuantity {
		return 0, fmt.Errorf("%q is not a quantity; write a whole number from 1 to %d", s, order.MaxQuantity)
	}
	return q, nil
}

// amountIn returns a parser of non-negative amounts in cur. A leading ¥ is
// allowed, as Excel shows currency-formatted cells; nothing is ever rounded.
func amountIn(cur money.Currency) func(string) (money.Amount, error) {
	return func(s string) (money.Amount, error) {
		text := s
		if cur == "CNY" {
			text = strings.TrimSpace(strings.TrimLeft(s, "¥￥"))
		}
		a, err := money.Parse(text, cur)
		var pe *money.ParseError
		if errors.As(err, &pe) {
			return a, fmt.Errorf("%q is not an amount in %s: %s", s, cur, pe.Reason)
		}
		if err == nil && a.Sign() < 0 {
			return a, fmt.Errorf("%q is negative; amounts here are never negative", s)
		}
		return a, err
	}
}

// localLayouts are the wall-clock forms read in the merchant's zone. Go's
// "1", "2" and "15" also accept two digits, so "2026-01-02 03:04:05" fits.
var localLayouts = []string{
	"2006-1-2 15:04:05", "2006/1/2 15:04:05", "2006-1-2T15:04:05", "2006-1-2 15:04", "2006/1/2 15:04", "2006-1-2", "2006/1/2",
}

// timeIn returns a parser of times: RFC 3339, a wall-clock time in loc, or
// unix seconds (10 digits) or milliseconds (13 digits). Times before 2000 or
// after 2100 are refused: they are a unit or column mistake.
func timeIn(loc *time.Location) func(string) (time.Time, error) {
	return func(s string) (time.Time, error) {
		t, ok := readTime(s, loc)
		switch {
		case !ok:
			return time.Time{}, fmt.Errorf("%q is not a time; write 2026-11-11 20:30:00 (in %s), 2026-11-11T20:30:00+08:00, or unix seconds", s, loc)
		case t.Year() < 2000 || t.Year() > 2100:
			return time.Time{}, fmt.Errorf("%q is in the year %d; write 2026-11-11 20:30:00 (in %s), or unix seconds", s, t.Year(), loc)
		}
		return t.UTC(), nil
	}
}

func readTime(s string, loc *time.Location) (time.Time, bool) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		switch len(s) {
		case 13:
			return time.UnixMilli(n), true
		case 9, 10:
			return time.Unix(n, 0), true
		}
		return time.Time{}, false
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	for _, layout := range localLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// excelNumber reports a long number Excel has shown in scientific notation,
// which has lost its last digits: an order number or a phone number.
func excelNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil && strings.ContainsAny(s, "eE")
}

func text(s string) (string, error) { return s, nil }

func phone(s string) (string, error) {
	if excelNumber(s) {
		return "", errors.New("Excel turned the phone number into 1.38E+10 form and lost digits; format the column as Text and enter it again")
	}
	return s, nil
}
