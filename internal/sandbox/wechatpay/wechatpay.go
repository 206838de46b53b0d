// Package wechatpay is a simulated WeChat Pay API v3, as far as bills go:
// GET /v3/bill/tradebill and /v3/bill/fundflowbill, their answers signed
// with the platform key and their requests' WECHATPAY2-SHA256-RSA2048
// Authorization checked with the merchant's public key, and the gzipped
// bill download their download_url names, over real HTTP.
package wechatpay

import (
	"compress/gzip"
	"crypto/rsa"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/fnshub/fnshub/internal/sandbox"
	"github.com/fnshub/fnshub/internal/settlement/pull/wechatpay"
)

// Options configure the simulator.
type Options struct {
	MchID          string // "1900000001"
	Serial         string // the merchant certificate serial it expects
	MerchantPublic *rsa.PublicKey
	Platform       *rsa.PrivateKey // signs the answers
	Now            func() time.Time
	Seed           uint64
}

// Merchant is one simulated merchant. Safe for concurrent use.
type Merchant struct {
	opt    Options
	faults *sandbox.Faults

	mu      sync.Mutex
	bills   map[string]func(io.Writer) error // kind + "/" + day → what writes the CSV
	corrupt bool
}

// New returns a merchant without bills.
func New(opt Options) *Merchant {
	if opt.MchID == "" {
		opt.MchID = "1900000001"
	}
	if opt.Serial == "" {
		opt.Serial = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &Merchant{opt: opt, faults: sandbox.NewFaults(opt.Seed), bills: map[string]func(io.Writer) error{}}
}

func (m *Merchant) MchID() string           { return m.opt.MchID }
func (m *Merchant) Serial() string          { return m.opt.Serial }
func (m *Merchant) Faults() *sandbox.Faults { return m.faults }

// AddBill makes csv the bill of kind (tradebill, fundflowbill) for day.
func (m *Merchant) AddBill(kind, day string, csv []byte) {
	m.AddBillStream(kind, day, func(w io.Writer) error { _, err := w.Write(csv); return err })
}

// AddBillStream makes what write writes the bill of kind for day, written
// anew for its hash and for each download: a bill of any size that no one
// holds whole.
func (m *Merchant) AddBillStream(kind, day string, write func(io.Writer) error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.bills[kind+"/"+day] = write
}

// Corrupt makes the downloads differ from the hash the answers give.
func (m *Merchant) Corrupt(on bool) { m.mu.Lock(); defer m.mu.Unlock(); m.corrupt = on }

// Handler serves the bill endpoints and the downloads.
func (m *Merchant) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v3/bill/tradebill", m.authed(func(w http.ResponseWriter, r *http.Request) { m.serveBill(w, r, "tradebill") }))
	mux.HandleFunc("GET /v3/bill/fundflowbill", m.authed(func(w http.ResponseWriter, r *http.Request) { m.serveBill(w, r, "fundflowbill") }))
	mux.HandleFunc("GET /v3/billdownload/file", m.authed(m.serveDownload))
	return m.faults.Wrap(mux, func(w http.ResponseWriter, r *http.Request) {
		m.answer(w, http.StatusTooManyRequests, map[string]string{"code": "FREQUENCY_LIMITED", "message": "频率超限"})
	})
}

// authed checks the request's Authorization as WeChat Pay does.
func (m *Merchant) authed(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f, ok := wechatpay.ParseAuthorization(r.Header.Get("Authorization"))
		ts, _ := strconv.ParseInt(f["timestamp"], 10, 64)
		fresh := ts > 0 && m.opt.Now().Sub(time.Unix(ts, 0)).Abs() < 5*time.Minute
		msg := wechatpay.Message(r.Method, r.URL.RequestURI(), f["timestamp"], f["nonce_str"], "")
		if !ok || f["mchid"] != m.opt.MchID || f["serial_no"] != m.opt.Serial || !fresh ||
			wechatpay.Verify(m.opt.MerchantPublic, []byte(msg), f["signature"]) != nil {
			m.answer(w, http.StatusUnauthorized, map[string]string{"code": "SIGN_ERROR", "message": "签名错误"})
			return
		}
		h(w, r)
	}
}

func (m *Merchant) serveBill(w http.ResponseWriter, r *http.Request, kind string) {
	q := r.URL.Query()
	day := q.Get("bill_date")
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		m.answer(w, http.StatusBadRequest, map[string]string{"code": "PARAM_ERROR", "message": "bill_date 格式错误"})
		return
	}
	m.mu.Lock()
	write, ok := m.bills[kind+"/"+day]
	m.mu.Unlock()
	if !ok {
		m.answer(w, http.StatusBadRequest, map[string]string{"code": "NO_STATEMENT_EXIST", "message": "当前账单不存在"})
		return
	}
	sum := sha1.New()
	if err := write(sum); err != nil {
		m.answer(w, http.StatusInternalServerError, map[string]string{"code": "SYSTEM_ERROR", "message": err.Error()})
		return
	}
	dl := url.Values{"token": {kind + "/" + day}, "tartype": {"gzip"}}
	m.answer(w, http.StatusOK, map[string]string{"hash_type": "SHA1", "hash_value": hex.EncodeToString(sum.Sum(nil)),
		"download_url": "http://" + r.Host + "/v3/billdownload/file?" + dl.Encode()})
}

// answer writes v signed with the platform key, as every v3 answer is.
func (m *Merchant) answer(w http.ResponseWriter, status int, v any) {
	body, _ := json.Marshal(v)
	ts, nonce := strconv.FormatInt(m.opt.Now().Unix(), 10), "5K8264ILTKCH16CQ2502SI8ZNMTM67VS"
	sig, _ := wechatpay.Sign(m.opt.Platform, wechatpay.AnswerMessage(ts, nonce, body))
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Wechatpay-Timestamp", ts)
	h.Set("Wechatpay-Nonce", nonce)
	h.Set("Wechatpay-Signature", sig)
	h.Set("Wechatpay-Serial", "PUB_KEY_ID_0000000000000000000000000000")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func (m *Merchant) serveDownload(w http.ResponseWriter, r *http.Request) {
	m.mu.Lock()
	write, ok := m.bills[r.URL.Query().Get("token")]
	corrupt := m.corrupt
	m.mu.Unlock()
	if !ok {
		m.answer(w, http.StatusNotFound, map[string]string{"code": "RESOURCE_NOT_EXISTS", "message": "下载链接无效"})
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	zw := gzip.NewWriter(w) // streamed as it is made, chunked
	if write(zw) != nil {
		return
	}
	if corrupt {
		_, _ = zw.Write([]byte("!"))
	}
	_ = zw.Close()
}
