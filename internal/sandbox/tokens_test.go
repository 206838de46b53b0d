package sandbox

import (
	"testing"
	"time"
)

func TestTokens_ValidUntilExpiryOrRevoked(t *testing.T) {
	var ts Tokens
	now := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	a := ts.Issue("a", now.Add(time.Hour))
	if a != "a" || !ts.Valid("a", now) || ts.Valid("a", now.Add(time.Hour)) || ts.Valid("b", now) || ts.Valid("", now) {
		t.Fatal("a token holds from issue to just before its expiry, and only an issued one")
	}
	ts.Issue("b", now.Add(time.Hour))
	ts.Revoke()
	if ts.Valid("a", now) || ts.Valid("b", now) || ts.Issued() != 2 {
		t.Fatalf("after revoking: a %v, b %v, issued %d; want both refused, 2 issued", ts.Valid("a", now), ts.Valid("b", now), ts.Issued())
	}
	if ts.Issue("c", now.Add(time.Minute)); !ts.Valid("c", now) {
		t.Fatal("a token issued after a revocation holds")
	}
}
