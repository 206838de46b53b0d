// Package netsuite pushes vouchers to Oracle NetSuite as journal entries
// over the REST web services (record API v1), authenticated with OAuth 2.0
// client credentials: a JWT assertion signed with the certificate's
// private key (PS256 or ES256) traded at /services/rest/auth/oauth2/v1/token
// for a bearer token (docs.oracle.com … ns-online-help section_162755359851
// "POST Request to the Token Endpoint", section_162790605110 "The Request
// Token Structure"; ../shared/reference/platforms.md §7.3). Oracle ends new
// TBA (OAuth 1.0a) integrations for REST, so M2M is the only flow built.
//
// Our voucher id is the entry's externalId: a push looks it up with GET
// /record/v1/journalEntry/eid:{id} (404: absent) and creates it with POST
// /record/v1/journalEntry, which answers 204 and a Location header naming
// the new record.
package netsuite

import (
	"context"
	"crypto"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/fnshub/fnshub/internal/erp"
	"github.com/fnshub/fnshub/internal/erp/erpcall"
)

// Name is the ERP's name in results and errors.
const Name = "netsuite"

// Config says which NetSuite account to push to and with which
// integration record and certificate.
type Config struct {
	// AccountID is the account, "1234567" or "1234567_SB1"; the host is
	// its lower-case form with "_" → "-".
	AccountID string
	// BaseURL overrides https://<account>.suitetalk.api.netsuite.com
	// (a sandbox's httptest URL).
	BaseURL string
	// ClientID is the integration record's client id (the JWT's iss).
	ClientID string
	// CertificateID is the id NetSuite gave the uploaded certificate at
	// OAuth 2.0 Client Credentials Setup (the JWT's kid).
	CertificateID string
	// Key signs the assertion: an *rsa.PrivateKey signs PS256, an
	// *ecdsa.PrivateKey on P-256 ES256. NetSuite accepts no RS256.
	Key crypto.Signer
	// TBA, when set, signs every call with OAuth 1.0a instead: no
	// token endpoint, no Key.
	TBA *TBA
	// Subsidiary is the internal id of the subsidiary the entries are
	// booked in (required on OneWorld accounts); "" sends none.
	Subsidiary string
	// Currencies maps a voucher's currency to NetSuite's currency
	// internal id; a currency not in it sends none (the subsidiary's).
	Currencies map[string]string
	HTTP       *http.Client     // nil: http.DefaultClient
	Now        func() time.Time // the clock tokens are issued and kept by; nil: time.Now
	Retry      erpcall.Retry
}

// Client pushes vouchers to one NetSuite account. It is safe for
// concurrent use.
type Client struct {
	cfg  Config
	base string
	http *http.Client

	mu      sync.Mutex
	token   string
	expires time.Time
}

// New returns a client for cfg.
func New(cfg Config) *Client {
	base := strings.TrimRight(cfg.BaseURL, "/")
	if base == "" {
		host := strings.ReplaceAll(strings.ToLower(cfg.AccountID), "_", "-")
		base = "https://" + host + ".suitetalk.api.netsuite.com"
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	h := cfg.HTTP
	if h == nil {
		h = http.DefaultClient
	}
	return &Client{cfg: cfg, base: base, http: h}
}

// ERP is "netsuite".
func (c *Client) ERP() string { return Name }

// Push looks each voucher up by externalId and creates those NetSuite
// does not have (erp.Pusher).
func (c *Client) Push(ctx context.Context, vs []erp.Voucher) ([]erp.Result, error) {
	return erpcall.Push(ctx, remote{c}, c.cfg.Retry, vs)
}

// TokenURL is the account's OAuth 2.0 token endpoint, also the JWT's aud.
func (c *Client) TokenURL() string { return c.base + TokenPath }

// TokenPath is where the token endpoint is under the account's host.
const TokenPath = "/services/rest/auth/oauth2/v1/token"

var _ erp.Pusher = (*Client)(nil)
