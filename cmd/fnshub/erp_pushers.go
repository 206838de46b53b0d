package main

import (
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/fnshub/fnshub/internal/erp"
	"github.com/fnshub/fnshub/internal/erp/netsuite"
	"github.com/fnshub/fnshub/internal/erp/odoo"
	"github.com/fnshub/fnshub/internal/erp/yonyou"
	"github.com/fnshub/fnshub/internal/money"
)

// The Yonyou, NetSuite and Odoo pushers, built from a connection's saved
// settings and secrets (PUT /api/v1/erp/{erp}/settings; ADR 0047). Kingdee
// registers itself (internal/erp/kingdee); these are registered here so
// their packages stay free of the hub's setting names.
func init() {
	erp.Register(erp.Spec{Name: erp.Yonyou,
		Settings: []string{"tenant_id", "gateway_url", "token_url", "app_key", "accbook_code", "voucher_type_code", "src_system_code", "maker_mobile", "currency"},
		Required: []string{"app_key", "accbook_code", "currency"},
		Secrets:  []string{"app_secret"},
		New: func(c erp.Config) (erp.Pusher, error) {
			s := c.Settings
			if err := required(c, "app_key", "accbook_code", "currency", "secret:app_secret"); err != nil {
				return nil, err
			}
			return yonyou.New(yonyou.Config{TenantID: s["tenant_id"], Discovery: c.BaseURL, GatewayURL: s["gateway_url"], TokenURL: s["token_url"],
				AppKey: s["app_key"], AppSecret: c.Secrets["app_secret"], AccbookCode: s["accbook_code"], VoucherTypeCode: s["voucher_type_code"],
				SrcSystemCode: s["src_system_code"], MakerMobile: s["maker_mobile"], Currency: money.Currency(s["currency"]), HTTP: c.HTTP}), nil
		}})
	erp.Register(erp.Spec{Name: erp.NetSuite,
		Settings: []string{"account_id", "client_id", "certificate_id", "subsidiary", "tba_consumer_key", "tba_token_id"},
		Required: []string{"account_id"},
		Secrets:  []string{"private_key", "tba_consumer_secret", "tba_token_secret"},
		New:      newNetSuite})
	erp.Register(erp.Spec{Name: erp.Odoo,
		Settings: []string{"database", "journal_id", "currency"},
		Required: []string{"currency"},
		Secrets:  []string{"api_key"},
		New: func(c erp.Config) (erp.Pusher, error) {
			if c.BaseURL == "" {
				return nil, errors.New("odoo needs base_url, e.g. https://mycompany.odoo.com")
			}
			if err := required(c, "currency", "secret:api_key"); err != nil {
				return nil, err
			}
			var journal int64
			if v := c.Settings["journal_id"]; v != "" {
				n, err := strconv.ParseInt(v, 10, 64)
				if err != nil || n < 0 {
					return nil, fmt.Errorf("setting journal_id %q must be the journal's id, a number", v)
				}
				journal = n
			}
			return odoo.New(odoo.Config{BaseURL: c.BaseURL, Database: c.Settings["database"], APIKey: c.Secrets["api_key"],
				JournalID: journal, Currency: money.Currency(c.Settings["currency"]), HTTP: c.HTTP}), nil
		}})
}

// newNetSuite signs with OAuth 2.0 M2M (private_key, a PKCS#8 PEM RSA or
// P-256 key) or, when tba_consumer_key is set, with TBA.
func newNetSuite(c erp.Config) (erp.Pusher, error) {
	s := c.Settings
	cfg := netsuite.Config{AccountID: s["account_id"], BaseURL: c.BaseURL, ClientID: s["client_id"], CertificateID: s["certificate_id"],
		Subsidiary: s["subsidiary"], HTTP: c.HTTP}
	if err := required(c, "account_id"); err != nil {
		return nil, err
	}
	if s["tba_consumer_key"] != "" {
		if err := required(c, "tba_token_id", "secret:tba_consumer_secret", "secret:tba_token_secret"); err != nil {
			return nil, err
		}
		cfg.TBA = &netsuite.TBA{Realm: s["account_id"], ConsumerKey: s["tba_consumer_key"], ConsumerSecret: c.Secrets["tba_consumer_secret"],
			TokenID: s["tba_token_id"], TokenSecret: c.Secrets["tba_token_secret"]}
		return netsuite.New(cfg), nil
	}
	if err := required(c, "client_id", "certificate_id", "secret:private_key"); err != nil {
		return nil, err
	}
	key, err := signerFromPEM(c.Secrets["private_key"])
	if err != nil {
		return nil, err
	}
	cfg.Key = key
	return netsuite.New(cfg), nil
}

func signerFromPEM(s string) (crypto.Signer, error) {
	block, _ := pem.Decode([]byte(s))
	if block == nil {
		return nil, errors.New("secret private_key is not a PEM block")
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("secret private_key: %w (send a PKCS#8 PEM key)", err)
	}
	signer, ok := k.(crypto.Signer)
	if !ok {
		return nil, errors.New("secret private_key is not a signing key")
	}
	return signer, nil
}

// required names the first missing setting or (prefix "secret:") secret.
func required(c erp.Config, names ...string) error {
	for _, n := range names {
		if secret, ok := strings.CutPrefix(n, "secret:"); ok {
			if c.Secrets[secret] == "" {
				return fmt.Errorf("the %s secret is not set", secret)
			}
		} else if c.Settings[n] == "" {
			return fmt.Errorf("the %s setting is not set", n)
		}
	}
	return nil
}
