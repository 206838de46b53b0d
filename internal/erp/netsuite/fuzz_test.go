package netsuite_test

import (
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/erp/erpcall"
	"github.com/fnshub/fnshub/internal/erp/netsuite"
)

// FuzzDecodeError: any record-API refusal decodes to a classed, bounded
// error, never a panic.
func FuzzDecodeError(f *testing.F) {
	f.Add(401, []byte(`{"type":"t","title":"Unauthorized","status":401,"o:errorDetails":[{"detail":"Invalid login attempt.","o:errorCode":"INVALID_LOGIN"}]}`))
	f.Add(429, []byte(`{"o:errorDetails":[{"o:errorCode":"CONCURRENCY_LIMIT_EXCEEDED"}]}`))
	f.Add(400, []byte(`{"o:errorDetails":[]}`))
	f.Add(500, []byte(`not json`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		err := netsuite.DecodeError(status, body)
		if err == nil || len(err.Error()) > 700 {
			t.Fatalf("error %v", err)
		}
	})
}

// FuzzDecodeToken: the token endpoint's answer, good or refused.
func FuzzDecodeToken(f *testing.F) {
	f.Add(200, []byte(`{"access_token":"eyJ","expires_in":"3600","token_type":"bearer"}`))
	f.Add(200, []byte(`{"access_token":"eyJ","expires_in":3600}`))
	f.Add(200, []byte(`{"expires_in":"-5"}`))
	f.Add(400, []byte(`{"error":"invalid_client","error_description":"x"}`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		a, err := netsuite.DecodeToken(status, body)
		if err == nil && (status != 200 || a.AccessToken == "") {
			t.Fatalf("accepted %d %q", status, body)
		}
		if err != nil && status != 200 && status != 429 && status < 500 && erpcall.KindOf(err) != erpcall.Auth {
			t.Fatalf("token refusal %d not Auth: %v", status, err)
		}
		if a.Seconds() < 0 {
			t.Fatal("negative life")
		}
	})
}

// FuzzIDFromLocation: any Location header.
func FuzzIDFromLocation(f *testing.F) {
	f.Add("https://1234567.suitetalk.api.netsuite.com/services/rest/record/v1/journalEntry/647")
	f.Add("::")
	f.Fuzz(func(t *testing.T, loc string) {
		id := netsuite.IDFromLocation(loc)
		if id != "" && (strings.Contains(id, "/") || !strings.Contains(loc, "journalEntry")) {
			t.Fatalf("%q gave id %q", loc, id)
		}
	})
}
