package parse

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/settlement"
)

// cnFuzz runs a format over fuzzed bytes: it must not panic, and when it
// accepts the input every line it sent must be valid.
func cnFuzz(f *testing.F, format string, opt func() settlement.Options, seeds ...[]byte) {
	for _, s := range seeds {
		f.Add(s)
	}
	fm, ok := Lookup(format)
	if !ok {
		f.Fatalf("format %q not registered", format)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s := &cnSink{}
		done := make(chan error, 1)
		go func() { done <- fm.Parse(context.Background(), bytes.NewReader(data), opt(), s) }()
		select {
		case err := <-done:
			if err != nil {
				return
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("the parse of %d bytes has not ended after 5 s: %q", len(data), data)
		}
		cnCheckValid(t, s)
	})
}

func cnNoOptions() settlement.Options { return settlement.Options{} }

func FuzzAlipay(f *testing.F) {
	trade, sign := cnRead(f, "alipay_trade.csv"), cnRead(f, "alipay_signcustomer.csv")
	cnFuzz(f, "alipay", cnNoOptions, trade, sign, cnGBK(f, sign), alipayTradeZip(f), []byte("#账号：[1]\n"))
}

func FuzzWechatPay(f *testing.F) {
	var seeds [][]byte
	for _, n := range []string{"wechat_all", "wechat_success", "wechat_refund", "wechat_old", "wechat_fund"} {
		seeds = append(seeds, cnRead(f, n+".csv"))
	}
	cnFuzz(f, "wechatpay", cnNoOptions, seeds...)
}

func FuzzGeneric(f *testing.F) {
	// One mapping reads every seed: the EUR CSV's columns.
	opt := func() settlement.Options { return genericOpt(eurMapping()) }
	eur := cnRead(f, "generic_eur.csv")
	x := genericXLSX(f, [][]any{{"Payout ID", "Line ID", "Type", "Order", "Amount", "Currency", "Date"}, {"P", "L", "order", "#1", "1,00", "EUR", "2024-01-16"}})
	cnFuzz(f, "generic", opt, eur, cnGBK(f, cnRead(f, "generic_gbk.csv")), x)
}

func FuzzDouyin(f *testing.F) {
	cnFuzz(f, "douyin", cnNoOptions, cnRead(f, "douyin.csv"))
}

func FuzzPdd(f *testing.F) {
	cnFuzz(f, "pdd", cnNoOptions, cnRead(f, "pdd.csv"), cnGBK(f, cnRead(f, "pdd.csv")))
}
