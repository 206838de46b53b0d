// Package yonyou pushes vouchers to Yonyou YonSuite / YonBIP general
// ledger (总账凭证) over its OpenAPI (../shared/reference/platforms.md
// §7.2): the tenant's gateway is discovered once, a self-built app's
// access_token is fetched with an HmacSHA256 signature and kept until it
// expires, and vouchers are saved with POST
// /yonbip/fi/ficloud/openapi/voucher/addVoucher and looked up with
// /yonbip/fi/ficloud/openapi/voucher/queryVouchers (the paths the YonBIP
// "凭证保存" and "凭证列表查询" APIs document; the body fields srcSystemCode,
// accbookCode, voucherTypeCode, makeTime, bodies[] {description,
// accsubjectCode, debitOriginal/debitOrg, creditOriginal/creditOrg,
// rateType, rateOrg, currencyCode} are the ones every published caller of
// addVoucher sends).
//
// addVoucher has no field documented as the source system's own id, so
// our voucher id leads every line's 摘要 (description): "FNS-1-42 <memo>".
// A look-up reads the voucher's period from queryVouchers and matches
// that prefix — the convention published integrations use too
// ("<bill no>-<text>").
package yonyou

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/fnshub/fnshub/internal/erp"
	"github.com/fnshub/fnshub/internal/erp/erpcall"
	"github.com/fnshub/fnshub/internal/money"
)

// Name is the ERP's name in results and errors.
const Name = "yonyou"

// DiscoveryURL is Yonyou's public gateway-address service.
const DiscoveryURL = "https://apigateway.yonyoucloud.com"

// Config says which tenant and account book to push to, as which app.
type Config struct {
	// TenantID finds the tenant's data centre at Discovery; or set
	// GatewayURL and TokenURL and no discovery is made.
	TenantID   string
	Discovery  string // "": DiscoveryURL
	GatewayURL string // e.g. https://c3.yonyoucloud.com/iuap-api-gateway
	TokenURL   string // e.g. https://c3.yonyoucloud.com/iuap-api-auth

	AppKey    string // the self-built app's (自建应用) key and secret
	AppSecret string

	AccbookCode     string // 账簿编码 the vouchers go in
	VoucherTypeCode string // 凭证类型编码; "": "1" (记)
	SrcSystemCode   string // "": "figl", as the general ledger's own callers send
	MakerMobile     string // 制单人手机号, a user of the tenant
	// Currency is the account book's: a voucher in it is sent with rate
	// 1 (原币 = 本币); another is refused, its rate not being ours to pick.
	Currency money.Currency

	HTTP  *http.Client     // nil: http.DefaultClient
	Now   func() time.Time // the clock signatures and token expiry use; nil: time.Now
	Retry erpcall.Retry
}

// Client pushes vouchers to one account book. It is safe for concurrent
// use.
type Client struct {
	cfg  Config
	http *http.Client

	mu       sync.Mutex
	gateway  string
	tokenURL string
	token    string
	expires  time.Time
	periods  map[string]map[string]string // period → our id → billCode, read this push
}

// New returns a client for cfg.
func New(cfg Config) *Client {
	if cfg.Discovery == "" {
		cfg.Discovery = DiscoveryURL
	}
	if cfg.VoucherTypeCode == "" {
		cfg.VoucherTypeCode = "1"
	}
	if cfg.SrcSystemCode == "" {
		cfg.SrcSystemCode = "figl"
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	h := cfg.HTTP
	if h == nil {
		h = http.DefaultClient
	}
	return &Client{cfg: cfg, http: h, gateway: strings.TrimRight(cfg.GatewayURL, "/"), tokenURL: strings.TrimRight(cfg.TokenURL, "/")}
}

// ERP is "yonyou".
func (c *Client) ERP() string { return Name }

// Push looks each voucher up in its period and saves those the account
// book does not have (erp.Pusher). A period's vouchers are read once per
// push, and read again after a save whose outcome is unknown.
func (c *Client) Push(ctx context.Context, vs []erp.Voucher) ([]erp.Result, error) {
	c.mu.Lock()
	c.periods = map[string]map[string]string{}
	c.mu.Unlock()
	return erpcall.Push(ctx, remote{c}, c.cfg.Retry, vs)
}

var _ erp.Pusher = (*Client)(nil)
