package kingdee

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"testing"
)

// A made-up AppID: client id 245678 and a 32-character base64 part (24
// bytes), shaped as Kingdee issues them.
const (
	testAppID     = "245678_QWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4"
	testAppSecret = "c0ffee0123456789abcdef0123456789"
)

var testSigner = Signer{AppID: testAppID, AppSecret: testAppSecret, AcctID: "6571d9e3e1b7a2", Username: "fnshub", LCID: 2052, OrgNum: "0"}

const testPath = "/k3cloud/Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.Save.common.kdsvc"

// TestSigner_HeadersFollowTheRecipe recomputes every signed header from
// §7.1's recipe with crypto/hmac directly, then checks a fixed vector so a
// change to either side shows.
func TestSigner_HeadersFollowTheRecipe(t *testing.T) {
	h, err := testSigner.Headers(testPath, 1764633600, "1764633600")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.StdEncoding.DecodeString("QWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4") // "Abcdefghijklmnopqrstuvwx"
	mask := []byte("0054f397c6234378b09ca7d3e5debce7")
	for i := range raw {
		raw[i] ^= mask[i]
	}
	clientSec := base64.StdEncoding.EncodeToString(raw)
	msg := "POST\n%2Fk3cloud%2FKingdee.BOS.WebApi.ServicesStub.DynamicFormService.Save.common.kdsvc\n\nx-api-nonce:1764633600\nx-api-timestamp:1764633600\n"
	want := map[string]string{
		"X-Api-ClientID":     "245678",
		"X-Api-Auth-Version": "2.0",
		"x-api-timestamp":    "1764633600",
		"x-api-nonce":        "1764633600",
		"x-api-signheaders":  "x-api-timestamp,x-api-nonce",
		"X-Api-Signature":    b64hex(clientSec, msg),
		"X-Kd-Appkey":        testAppID,
		"X-Kd-Appdata":       base64.StdEncoding.EncodeToString([]byte("6571d9e3e1b7a2,fnshub,2052,0")),
		"X-Kd-Signature":     b64hex(testAppSecret, testAppID+"6571d9e3e1b7a2,fnshub,2052,0"),
	}
	for k, v := range want {
		if h[k] != v {
			t.Errorf("%s = %q, want %q", k, h[k], v)
		}
	}
	if len(h) != len(want) {
		t.Errorf("%d headers, want %d", len(h), len(want))
	}
	// The fixed vector, computed once apart from this code (Python hmac,
	// urllib quote_plus) from the same inputs.
	fixed := map[string]string{
		"X-Api-Signature": fixedAPISignature,
		"X-Kd-Signature":  fixedKdSignature,
	}
	for k, v := range fixed {
		if h[k] != v {
			t.Errorf("%s = %q, the fixed vector says %q", k, h[k], v)
		}
	}
}

const (
	fixedAPISignature = "OWYwMTAyZTMwZDE2YjhlYTQyNzljOTlkNmVhMWQ4OGVkYjE1ZTFhMTZlNDViYjM1MjMwNjQ5MDVjOGYzNWJiZg=="
	fixedKdSignature  = "YTU2ODBkODIwMWNiNzdlZTA4YjFjYjhlYjVkMDY2YTdmYzM5Y2M3YmM5ZjI5YzQzYWNhYzYxZmQzZWI0NTM0Nw=="
)

func b64hex(key, msg string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(msg))
	return base64.StdEncoding.EncodeToString([]byte(hex.EncodeToString(m.Sum(nil))))
}

func TestSigner_VerifyRefusesATamperedSignature(t *testing.T) {
	h, err := testSigner.Headers(testPath, 1764633600, "n1")
	if err != nil {
		t.Fatal(err)
	}
	get := func(k string) string { return h[k] }
	if data, err := testSigner.Verify(testPath, get); err != nil || data != "6571d9e3e1b7a2,fnshub,2052,0" {
		t.Fatalf("Verify = %q, %v", data, err)
	}
	if _, err := testSigner.Verify(testPath+"x", get); err == nil {
		t.Fatal("a signature for another path verified")
	}
	other := testSigner
	other.AppSecret = "wrong"
	if _, err := other.Verify(testPath, get); err == nil {
		t.Fatal("a signature under another app secret verified")
	}
}

func TestClientSecret_RefusesMalformedAppIDs(t *testing.T) {
	for _, id := range []string{"", "245678", "245678_short", "a_b_c", "245678_!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"} {
		if _, _, err := clientSecret(id); err == nil {
			t.Errorf("clientSecret(%q) succeeded", id)
		}
	}
}
