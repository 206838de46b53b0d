// Package yonyou is a simulated Yonyou YonSuite tenant: the public
// gateway-address service, the self-built app token service checking the
// HmacSHA256 signature and timestamp, and the general ledger's
// addVoucher and queryVouchers under the tenant's gateway, answering
// {code, message, data} as YonBIP does ("00000" from the auth services,
// "200" from business APIs), with the faults of internal/sandbox.
//
// The refusal codes are the reference's where it names one (310036/310037
// token refused, platforms.md §7.2); the others ("999" for a business
// refusal, the auth services' non-"00000" codes) are this simulator's
// stand-ins, shaped as Yonyou's are.
package yonyou

import (
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"github.com/fnshub/fnshub/internal/sandbox"
)

// Paths of the simulated services; the gateway and token service sit
// under the server's own URL.
const (
	GatewayPrefix = "/iuap-api-gateway"
	TokenPrefix   = "/iuap-api-auth"
)

// Options configure a tenant: its one app and account book.
type Options struct {
	TenantID    string
	AppKey      string
	AppSecret   string
	AccbookCode string
	Accounts    []string         // 科目编码 the book knows
	Now         func() time.Time // nil: time.Now
	TokenLife   time.Duration    // 0: 7200s
	Seed        uint64
}

// Server is one simulated tenant. It is safe for concurrent use.
type Server struct {
	opt    Options
	faults *sandbox.Faults

	mu       sync.Mutex
	tokens   sandbox.Tokens
	vouchers []*Voucher
	creates  sandbox.Creates // which creates a test refuses or loses the answer of
}

// Voucher is a stored voucher.
type Voucher struct {
	ID       string
	BillCode int // per period, from 1
	Period   string
	MakeTime string
	Lines    []Line
}

// Line is a stored voucher line.
type Line struct {
	Description    string `json:"description"`
	AccsubjectCode string `json:"accsubjectCode"`
	DebitOriginal  string `json:"debitOriginal,omitempty"`
	DebitOrg       string `json:"debitOrg,omitempty"`
	CreditOriginal string `json:"creditOriginal,omitempty"`
	CreditOrg      string `json:"creditOrg,omitempty"`
}

// New returns a tenant with no vouchers.
func New(opt Options) *Server {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.TokenLife == 0 {
		opt.TokenLife = 2 * time.Hour
	}
	return &Server{opt: opt, faults: sandbox.NewFaults(opt.Seed)}
}

// Faults is the injector; a Throttle is HTTP 429.
func (s *Server) Faults() *sandbox.Faults { return s.faults }

// RefuseCreate makes the n-th addVoucher (from 1) refused as for a
// closed period.
func (s *Server) RefuseCreate(n int) { s.creates.Refuse(n) }

// LoseCreateAnswer makes the n-th addVoucher save the voucher and then
// answer 502, as when the gateway loses the answer.
func (s *Server) LoseCreateAnswer(n int) { s.creates.Lose(n) }

// TokensIssued counts the tokens given out.
func (s *Server) TokensIssued() int { return s.tokens.Issued() }

// RevokeTokens invalidates every token given out.
func (s *Server) RevokeTokens() { s.tokens.Revoke() }

// Vouchers returns the stored vouchers in the order saved.
func (s *Server) Vouchers() []Voucher {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Voucher, len(s.vouchers))
	for i, v := range s.vouchers {
		out[i] = *v
	}
	return out
}

// Handler serves the services.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /open-auth/dataCenter/getGatewayAddress", s.gatewayAddress)
	mux.HandleFunc("GET "+TokenPrefix+"/open-auth/selfAppAuth/getAccessToken", s.getAccessToken)
	mux.HandleFunc("POST "+GatewayPrefix+"/yonbip/fi/ficloud/openapi/voucher/addVoucher", s.authed(s.addVoucher))
	mux.HandleFunc("POST "+GatewayPrefix+"/yonbip/fi/ficloud/openapi/voucher/queryVouchers", s.authed(s.queryVouchers))
	return s.faults.Wrap(mux, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`{"code":"429","message":"请求过于频繁，请稍后重试"}`))
	})
}

func reply(w http.ResponseWriter, code, message string, data any) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	body := map[string]any{"code": code, "message": message}
	if data != nil {
		body["data"] = data
	}
	_ = json.NewEncoder(w).Encode(body)
}

func (s *Server) authed(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.tokens.Valid(r.URL.Query().Get("access_token"), s.opt.Now()) {
			reply(w, "310036", "非法token或token已过期", nil)
			return
		}
		h(w, r)
	}
}
