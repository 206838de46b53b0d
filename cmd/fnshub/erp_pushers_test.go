package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"slices"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/erp"
)

// TestERPPushers_EveryERPHasOneBuiltFromItsSettings: the binary pushes to
// all four ERPs, and a connection missing what a pusher needs is refused
// naming it.
func TestERPPushers_EveryERPHasOneBuiltFromItsSettings(t *testing.T) {
	if got := erp.Registered(); !slices.Equal(got, []string{erp.Kingdee, erp.NetSuite, erp.Odoo, erp.Yonyou}) {
		t.Fatalf("registered %v", got)
	}
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	der, _ := x509.MarshalPKCS8PrivateKey(key)
	pemKey := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	for name, c := range map[string]erp.Config{
		erp.Yonyou:   {Settings: map[string]string{"app_key": "k", "accbook_code": "A1", "currency": "CNY", "tenant_id": "t"}, Secrets: map[string]string{"app_secret": "s"}},
		erp.NetSuite: {Settings: map[string]string{"account_id": "1234567_SB1", "client_id": "c", "certificate_id": "cert"}, Secrets: map[string]string{"private_key": pemKey}},
		erp.Odoo:     {BaseURL: "https://mycompany.odoo.com", Settings: map[string]string{"currency": "CNY"}, Secrets: map[string]string{"api_key": "k"}},
	} {
		p, err := erp.Open(name, c)
		if err != nil || p.ERP() != name {
			t.Errorf("%s: %v, %v", name, p, err)
		}
	}
	for name, want := range map[string]string{erp.Yonyou: "app_key", erp.NetSuite: "account_id", erp.Odoo: "base_url"} {
		if _, err := erp.Open(name, erp.Config{}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s without settings: %v, want it to name %s", name, err, want)
		}
	}
	if _, err := erp.Open(erp.NetSuite, erp.Config{Settings: map[string]string{"account_id": "1", "client_id": "c", "certificate_id": "x"},
		Secrets: map[string]string{"private_key": "not pem"}}); err == nil || !strings.Contains(err.Error(), "PEM") {
		t.Errorf("a bad key: %v", err)
	}
}
