package yonyou_test

import (
	"testing"

	"github.com/fnshub/fnshub/internal/erp/erpcall"
	"github.com/fnshub/fnshub/internal/erp/yonyou"
)

// FuzzDecodeReply: any business answer is a page or a classed error.
func FuzzDecodeReply(f *testing.F) {
	f.Add(200, []byte(`{"code":"200","message":"操作成功","data":{"pageIndex":1,"pageSize":100,"recordCount":1,"recordList":[{"header":{"id":"2000000000000000001","billCode":1,"period":"2026-11"},"body":[{"description":"FNS-1-1 x"}]}]}}`))
	f.Add(200, []byte(`{"code":"310036","message":"非法token"}`))
	f.Add(200, []byte(`{"code":"200","data":{"recordList":[{"header":{"billCode":"x"}}]}}`))
	f.Add(500, []byte(`oops`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		p, err := yonyou.DecodeReply[yonyou.Page](status, body)
		if err != nil {
			k := erpcall.KindOf(err)
			if k != erpcall.Auth && k != erpcall.Refused && k != erpcall.Transient {
				t.Fatalf("kind %v", k)
			}
			return
		}
		for _, r := range p.RecordList {
			for _, l := range r.Body {
				_ = yonyou.OurID(l.Description)
			}
		}
	})
}

// FuzzDecodeAuth: the auth services' answers.
func FuzzDecodeAuth(f *testing.F) {
	f.Add(200, []byte(`{"code":"00000","message":"成功","data":{"access_token":"t","expire":7200}}`))
	f.Add(200, []byte(`{"code":"00000","data":{"gatewayUrl":"https://c3.yonyoucloud.com/iuap-api-gateway","tokenUrl":"https://c3.yonyoucloud.com/iuap-api-auth"}}`))
	f.Add(200, []byte(`{"code":"1090003500065","message":"签名错误"}`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		tok, err := yonyou.DecodeAuth[yonyou.Token](status, body)
		if err == nil && (status == 429 || status >= 500) {
			t.Fatalf("accepted status %d", status)
		}
		_ = tok
		if _, err := yonyou.DecodeAuth[yonyou.Gateway](status, body); err != nil && erpcall.KindOf(err) == erpcall.Refused {
			t.Fatalf("auth service refusal must be Auth or Transient: %v", err)
		}
	})
}
