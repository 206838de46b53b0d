package taobao

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
)

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		body   string
		kind   channel.Kind
		code   string
		after  time.Duration
	}{
		{"success", 200, `{"trade_fullinfo_get_response":{"trade":{}}}`, 0, "", 0},
		{"code 7 states its ban", 200, `{"error_response":{"code":7,"msg":"App Call Limited","sub_code":"accesscontrol.limited-by-app-access-count","sub_msg":"This ban will last for 71 more seconds"}}`, channel.Throttled, "7:accesscontrol.limited-by-app-access-count", 71 * time.Second},
		{"code 8 without for", 200, `{"error_response":{"code":8,"msg":"App Call Exceeds Limited Frequency","sub_msg":"This ban will last 2 more seconds"}}`, channel.Throttled, "8", 2 * time.Second},
		{"flow control", 200, `{"error_response":{"code":15,"msg":"Remote service error","sub_code":"isp.ISP_FLOW_CONTROL_LIMIT"}}`, channel.Throttled, "15:isp.ISP_FLOW_CONTROL_LIMIT", 0},
		{"platform side", 200, `{"error_response":{"code":15,"msg":"Remote service error","sub_code":"isp.top-remote-connection-timeout"}}`, channel.Unavailable, "15:isp.top-remote-connection-timeout", 0},
		{"caller side", 200, `{"error_response":{"code":15,"msg":"Remote service error","sub_code":"isv.invalid-parameter","sub_msg":"page_size"}}`, channel.Rejected, "15:isv.invalid-parameter", 0},
		{"unknown trade", 200, `{"error_response":{"code":15,"msg":"Remote service error","sub_code":"isv.trade-not-exist"}}`, channel.NotFound, "15:isv.trade-not-exist", 0},
		{"bad signature", 200, `{"error_response":{"code":25,"msg":"Invalid signature"}}`, channel.Rejected, "25", 0},
		{"missing session", 200, `{"error_response":{"code":26,"msg":"Missing Session"}}`, channel.Unauthorized, "26", 0},
		{"invalid session", 200, `{"error_response":{"code":27,"msg":"Invalid session"}}`, channel.Unauthorized, "27", 0},
		{"other codes refuse", 200, `{"error_response":{"code":41,"msg":"Invalid arguments"}}`, channel.Rejected, "41", 0},
		{"HTTP 429", 429, ``, channel.Throttled, "429", 0},
		{"HTTP 503", 503, `service unavailable`, channel.Unavailable, "503", 0},
		{"HTTP 403", 403, `forbidden`, channel.Rejected, "403", 0},
		{"not JSON", 200, `<html>`, channel.Unavailable, "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := classifier("SECRET", "SESSION")(tc.status, http.Header{}, []byte(tc.body))
			if channel.KindOf(err) != tc.kind || (tc.kind == 0) != (err == nil) {
				t.Fatalf("classify = %v; want kind %v", err, tc.kind)
			}
			if err == nil {
				return
			}
			e := err.(*channel.Error)
			if e.Code != tc.code || e.RetryAfter != tc.after || e.Platform != "taobao" {
				t.Fatalf("classify = %+v; want code %q, retry after %v", e, tc.code, tc.after)
			}
		})
	}
}

func TestClassify_StrikesCredentialsFromMessages(t *testing.T) {
	body := `{"error_response":{"code":27,"msg":"Invalid session","sub_msg":"session s3ss10n is expired"}}`
	err := classifier("secret", "s3ss10n")(200, nil, []byte(body))
	if strings.Contains(err.Error(), "s3ss10n") {
		t.Fatalf("the error shows the session: %v", err)
	}
}
