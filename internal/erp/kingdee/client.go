package kingdee

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/fnshub/fnshub/internal/erp"
	"github.com/fnshub/fnshub/internal/money"
)

// The settings and secrets of a Kingdee connection.
const (
	SettingAcctID       = "acct_id"       // 数据中心 id
	SettingUsername     = "username"      // the integration user
	SettingAppID        = "app_id"        // Auth B: the AppID of the third-party app (第三方系统登录授权)
	SettingAccountBook  = "account_book"  // FAccountBookID number, e.g. 001
	SettingVoucherGroup = "voucher_group" // FVOUCHERGROUPID number, default PRE001 (记)
	SettingLCID         = "lcid"          // default 2052
	SecretAppSecret     = "app_secret"    // Auth B
	SecretPassword      = "password"      // Auth A: session login, when there is no app id
)

func init() {
	erp.Register(erp.Spec{
		Name:     erp.Kingdee,
		Settings: []string{SettingAcctID, SettingUsername, SettingAccountBook, SettingAppID, SettingVoucherGroup, SettingLCID},
		Required: []string{SettingAcctID, SettingUsername, SettingAccountBook},
		Secrets:  []string{SecretAppSecret, SecretPassword},
		New: func(c erp.Config) (erp.Pusher, error) {
			p, err := FromConfig(c)
			if err != nil {
				return nil, err
			}
			return p, nil
		},
	})
}

// Config is one Kingdee connection.
type Config struct {
	BaseURL      string // http(s)://<host>/k3cloud/ — Kingdee is hosted by each customer
	AcctID       string
	Username     string
	AppID        string // with AppSecret: Auth B, signed headers on every call
	AppSecret    string
	Password     string // without AppID: Auth A, a session login
	LCID         int
	AccountBook  string
	VoucherGroup string
	// Currencies maps a currency to its Kingdee number; CNY is PRE001
	// unless set. A voucher in a currency with no number is refused.
	Currencies map[money.Currency]string
	HTTP       *http.Client
	Now        func() time.Time
}

// FromConfig reads a Config from the hub's stored settings and secrets.
func FromConfig(c erp.Config) (*Pusher, error) {
	cfg := Config{BaseURL: c.BaseURL, AcctID: c.Settings[SettingAcctID], Username: c.Settings[SettingUsername],
		AppID: c.Settings[SettingAppID], AppSecret: c.Secrets[SecretAppSecret], Password: c.Secrets[SecretPassword],
		AccountBook: c.Settings[SettingAccountBook], VoucherGroup: c.Settings[SettingVoucherGroup], HTTP: c.HTTP, LCID: 2052}
	if v := c.Settings[SettingLCID]; v != "" {
		if _, err := fmt.Sscan(v, &cfg.LCID); err != nil {
			return nil, fmt.Errorf("kingdee: setting %s %q is not a number", SettingLCID, v)
		}
	}
	return New(cfg)
}

// Pusher is a Kingdee erp.Pusher. It is safe for one push at a time.
type Pusher struct {
	cfg    Config
	base   *url.URL
	signer *Signer
	mu     sync.Mutex
	login  bool // Auth A session held
}

var _ erp.Pusher = (*Pusher)(nil)

// New checks cfg and returns its Pusher.
func New(cfg Config) (*Pusher, error) {
	base, err := url.Parse(strings.TrimSuffix(cfg.BaseURL, "/") + "/")
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("kingdee: base URL %q must be http(s)://<host>/k3cloud/", cfg.BaseURL)
	}
	switch {
	case cfg.AcctID == "" || cfg.Username == "" || cfg.AccountBook == "":
		return nil, errors.New("kingdee: acct_id, username and account_book are required")
	case cfg.AppID == "" && cfg.Password == "":
		return nil, errors.New("kingdee: give app_id with the app_secret secret (signed calls), or the password secret (session login)")
	case cfg.AppID != "" && cfg.AppSecret == "":
		return nil, errors.New("kingdee: app_id needs the app_secret secret")
	}
	if cfg.LCID == 0 {
		cfg.LCID = 2052
	}
	if cfg.VoucherGroup == "" {
		cfg.VoucherGroup = "PRE001"
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.HTTP == nil {
		cfg.HTTP = &http.Client{Timeout: 30 * time.Second}
	}
	p := &Pusher{cfg: cfg, base: base}
	if cfg.AppID != "" {
		if _, _, err := clientSecret(cfg.AppID); err != nil {
			return nil, err
		}
		p.signer = &Signer{AppID: cfg.AppID, AppSecret: cfg.AppSecret, AcctID: cfg.AcctID, Username: cfg.Username, LCID: cfg.LCID, OrgNum: "0"}
	} else {
		// Auth A keeps Kingdee's session cookies (kdservice-sessionid,
		// ASP.NET_SessionId) for the calls after the login.
		jar, _ := cookiejar.New(nil)
		c := *cfg.HTTP
		c.Jar = jar
		p.cfg.HTTP = &c
	}
	return p, nil
}

// ERP is "kingdee".
func (p *Pusher) ERP() string { return erp.Kingdee }

// call posts body to service and decodes the answer into out. With Auth A
// it logs in first, and again once when the session was lost.
func (p *Pusher) call(ctx context.Context, service string, body, out any) error {
	if p.signer == nil && !p.login {
		if err := p.logIn(ctx); err != nil {
			return err
		}
	}
	err := p.post(ctx, service, body, out)
	var ce *CallError
	if p.signer == nil && errors.As(err, &ce) && ce.SessionLost() {
		p.login = false
		if err := p.logIn(ctx); err != nil {
			return err
		}
		err = p.post(ctx, service, body, out)
	}
	return err
}

// post is one call: the envelope's status is checked for write services
// (out *Envelope) and for a query's error answer.
func (p *Pusher) post(ctx context.Context, service string, body, out any) error {
	raw, err := json.Marshal(body)
	if err != nil {
		return err
	}
	u := p.base.JoinPath(service + ".common.kdsvc")
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(raw))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if p.signer != nil {
		ts := p.cfg.Now().Unix()
		h, err := p.signer.Headers(u.EscapedPath(), ts, nonce())
		if err != nil {
			return err
		}
		for k, v := range h {
			req.Header.Set(k, v)
		}
	}
	resp, err := p.cfg.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("kingdee: %s: %w", shortName(service), err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return fmt.Errorf("kingdee: %s: read answer: %w", shortName(service), err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("kingdee: %s: HTTP %d: %.200s", shortName(service), resp.StatusCode, data)
	}
	return decode(service, data, out)
}

func decode(service string, data []byte, out any) error {
	// Any service may answer with a refusal envelope, a query too (then
	// wrapped in the 2-D array): look for one before decoding the rest.
	if st, ok := refusal(data); ok {
		return st.Err()
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("kingdee: %s: answer is not what Kingdee sends: %w: %.200s", shortName(service), err, data)
	}
	if env, ok := out.(*Envelope); ok {
		return env.Result.ResponseStatus.Err()
	}
	return nil
}

// refusal finds a {"Result":{"ResponseStatus":{"IsSuccess":false}}} at the
// top of data or as the first cell of a query's array.
func refusal(data []byte) (Status, bool) {
	var env Envelope
	if json.Unmarshal(data, &env) == nil && env.Result.ResponseStatus.ErrorCode != 0 && !env.Result.ResponseStatus.IsSuccess {
		return env.Result.ResponseStatus, true
	}
	var rows [][]json.RawMessage
	if json.Unmarshal(data, &rows) == nil && len(rows) > 0 && len(rows[0]) > 0 {
		var cell Envelope
		if json.Unmarshal(rows[0][0], &cell) == nil && !cell.Result.ResponseStatus.IsSuccess && len(cell.Result.ResponseStatus.Errors) > 0 {
			return cell.Result.ResponseStatus, true
		}
	}
	return Status{}, false
}

// logIn is Auth A: ValidateUser with the password, keeping the cookies.
func (p *Pusher) logIn(ctx context.Context) error {
	body := map[string]any{"acctID": p.cfg.AcctID, "username": p.cfg.Username, "password": p.cfg.Password, "lcid": p.cfg.LCID}
	var res LoginResult
	if err := p.post(ctx, ServiceLogin, body, &res); err != nil {
		return err
	}
	if res.LoginResultType != 1 {
		return fmt.Errorf("kingdee: login of %s to data centre %s refused (LoginResultType %d): %s",
			p.cfg.Username, p.cfg.AcctID, res.LoginResultType, res.Message)
	}
	p.login = true
	return nil
}

func nonce() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func shortName(service string) string { return service[strings.LastIndex(service, ".")+1:] }
