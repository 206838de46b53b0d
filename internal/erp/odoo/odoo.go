// Package odoo pushes vouchers to Odoo ≥ 19 as journal entries
// (account.move, move_type "entry") over the JSON-2 API: POST
// /json/2/<model>/<method> with named arguments, "Authorization: bearer
// <API key>" and X-Odoo-Database (odoo.com/documentation/19.0/developer/
// reference/external_api.html; ../shared/reference/platforms.md §7.4).
// Our voucher id is the move's ref: a push looks it up with search_read
// on ref, creates the move with line_ids of (0, 0, {account_id, debit,
// credit, name}) commands, then posts it with action_post.
package odoo

import (
	"context"
	"net/http"
	"strings"
	"sync"

	"github.com/fnshub/fnshub/internal/erp"
	"github.com/fnshub/fnshub/internal/erp/erpcall"
	"github.com/fnshub/fnshub/internal/money"
)

// Name is the ERP's name in results and errors.
const Name = "odoo"

// Config says which Odoo to push to and as whom.
type Config struct {
	BaseURL  string // https://mycompany.odoo.com, no trailing /json/2
	Database string // X-Odoo-Database; empty when the server has one database or a dbfilter on Host
	APIKey   string // a bot user's API key (Preferences → Account Security)
	// JournalID is the miscellaneous journal the entries go in; 0 lets
	// Odoo pick its default journal for move_type "entry".
	JournalID int64
	// Currency is the company's currency: Odoo's debit and credit are
	// in it, so a voucher in another is refused here rather than booked
	// at a wrong amount (amount_currency is not sent yet).
	Currency money.Currency
	HTTP     *http.Client // nil: http.DefaultClient
	Retry    erpcall.Retry
}

// Client pushes vouchers to one Odoo database. It is safe for concurrent
// use.
type Client struct {
	cfg  Config
	http *http.Client

	mu       sync.Mutex
	accounts map[string]int64 // account code → account.account id, as looked up
}

// New returns a client for cfg.
func New(cfg Config) *Client {
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	h := cfg.HTTP
	if h == nil {
		h = http.DefaultClient
	}
	return &Client{cfg: cfg, http: h, accounts: map[string]int64{}}
}

// ERP is "odoo".
func (c *Client) ERP() string { return Name }

// Push looks each voucher up by ref and creates and posts those Odoo does
// not have (erp.Pusher).
func (c *Client) Push(ctx context.Context, vs []erp.Voucher) ([]erp.Result, error) {
	return erpcall.Push(ctx, remote{c}, c.cfg.Retry, vs)
}

var _ erp.Pusher = (*Client)(nil)
