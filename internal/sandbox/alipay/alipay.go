// Package alipay is a simulated Alipay open-platform gateway, as far as
// bills go: alipay.data.dataservice.bill.downloadurl.query over POST
// /gateway.do, the request's RSA2 signature checked with the app's public
// key and the answer signed with Alipay's private key, and the bill
// download it points to, over real HTTP. Faults (internal/sandbox) are
// injected in front of the gateway and, separately, the downloads.
package alipay

import (
	"crypto/rsa"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"

	"github.com/fnshub/fnshub/internal/sandbox"
	"github.com/fnshub/fnshub/internal/settlement/pull/alipay"
)

// Options configure the gateway.
type Options struct {
	AppID     string          // "2014072300007148"
	AppPublic *rsa.PublicKey  // checks the requests
	Private   *rsa.PrivateKey // Alipay's: signs the answers
	Seed      uint64
}

// Gateway is one simulated merchant's gateway. Safe for concurrent use.
type Gateway struct {
	opt       Options
	faults    *sandbox.Faults
	downloads *sandbox.Faults

	mu    sync.Mutex
	bills map[string]func(io.Writer) error // bill type + "/" + day → what writes the ZIP
	sizes map[string]int                   // its Content-Length; -1: sent chunked
	asked int
}

// New returns a gateway with no bills.
func New(opt Options) *Gateway {
	if opt.AppID == "" {
		opt.AppID = "2014072300007148"
	}
	return &Gateway{opt: opt, faults: sandbox.NewFaults(opt.Seed), downloads: sandbox.NewFaults(opt.Seed + 1), bills: map[string]func(io.Writer) error{}, sizes: map[string]int{}}
}

// AppID is the app id the gateway serves.
func (g *Gateway) AppID() string { return g.opt.AppID }

// Faults is the injector in front of the gateway; DownloadFaults in front
// of the bill downloads.
func (g *Gateway) Faults() *sandbox.Faults         { return g.faults }
func (g *Gateway) DownloadFaults() *sandbox.Faults { return g.downloads }

// Asked counts the gateway calls answered.
func (g *Gateway) Asked() int { g.mu.Lock(); defer g.mu.Unlock(); return g.asked }

// AddBill makes zip the bill of billType (trade, signcustomer) for day.
func (g *Gateway) AddBill(billType, day string, zip []byte) {
	g.add(billType, day, func(w io.Writer) error { _, err := w.Write(zip); return err }, len(zip))
}

// AddBillStream makes what write writes (a ZIP) the bill of billType for
// day, written as it is downloaded: a bill of any size that no one holds
// whole.
func (g *Gateway) AddBillStream(billType, day string, write func(io.Writer) error) {
	g.add(billType, day, write, -1)
}

func (g *Gateway) add(billType, day string, write func(io.Writer) error, size int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.bills[billType+"/"+day] = write
	g.sizes[billType+"/"+day] = size
}

// Handler serves POST /gateway.do and GET /downloadBillFile.resource.
func (g *Gateway) Handler() http.Handler {
	gw := http.NewServeMux()
	gw.HandleFunc("POST /gateway.do", g.serveGateway)
	dl := http.NewServeMux()
	dl.HandleFunc("GET /downloadBillFile.resource", g.serveDownload)
	mux := http.NewServeMux()
	mux.Handle("/downloadBillFile.resource", g.downloads.Wrap(dl, busy))
	mux.Handle("/", g.faults.Wrap(gw, busy))
	return mux
}

func busy(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) }

const responseKey = "alipay_data_dataservice_bill_downloadurl_query_response"

// serveGateway answers the bill method, signed.
func (g *Gateway) serveGateway(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	f := r.PostForm
	g.mu.Lock()
	g.asked++
	g.mu.Unlock()
	switch {
	case f.Get("app_id") != g.opt.AppID:
		g.answer(w, map[string]string{"code": "40002", "msg": "Invalid Arguments", "sub_code": "isv.invalid-app-id", "sub_msg": "无效的AppID参数"})
		return
	case f.Get("sign_type") != "RSA2" || alipay.Verify(g.opt.AppPublic, []byte(alipay.Content(f)), f.Get("sign")) != nil:
		g.answer(w, map[string]string{"code": "40002", "msg": "Invalid Arguments", "sub_code": "isv.invalid-signature", "sub_msg": "验签出错"})
		return
	case f.Get("method") != alipay.Method:
		g.answer(w, map[string]string{"code": "40002", "msg": "Invalid Arguments", "sub_code": "isv.invalid-method", "sub_msg": "不存在的方法名"})
		return
	}
	var biz struct {
		BillType string `json:"bill_type"`
		BillDate string `json:"bill_date"`
	}
	if err := json.Unmarshal([]byte(f.Get("biz_content")), &biz); err != nil || (biz.BillType != "trade" && biz.BillType != "signcustomer") {
		g.answer(w, map[string]string{"code": "40004", "msg": "Business Failed", "sub_code": "isv.invalid-parameter", "sub_msg": "参数有误"})
		return
	}
	g.mu.Lock()
	_, ok := g.bills[biz.BillType+"/"+biz.BillDate]
	g.mu.Unlock()
	if !ok {
		g.answer(w, map[string]string{"code": "40004", "msg": "Business Failed", "sub_code": "isp.bill_not_exist", "sub_msg": "账单不存在"})
		return
	}
	q := url.Values{"bizType": {biz.BillType}, "bizDates": {biz.BillDate}, "userId": {"2088000000000001"}, "fileType": {"csv.zip"},
		"downloadFileName": {"20880000000000010156_" + biz.BillDate + ".csv.zip"}}
	g.answer(w, map[string]string{"code": "10000", "msg": "Success",
		"bill_download_url": "http://" + r.Host + "/downloadBillFile.resource?" + q.Encode()})
}

// answer writes {"<method>_response": {...}, "sign": RSA2 of that object's bytes}.
func (g *Gateway) answer(w http.ResponseWriter, resp map[string]string) {
	raw, _ := json.Marshal(resp)
	sign, err := alipay.Sign(g.opt.Private, string(raw))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	body := `{"` + responseKey + `":` + string(raw) + `,"sign":` + strconv.Quote(sign) + `}`
	w.Header().Set("Content-Type", "text/html;charset=utf-8") // as Alipay's gateway labels its JSON
	_, _ = w.Write([]byte(body))
}

func (g *Gateway) serveDownload(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	key := q.Get("bizType") + "/" + q.Get("bizDates")
	g.mu.Lock()
	write, ok := g.bills[key]
	size := g.sizes[key]
	g.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/oct-stream")
	if size >= 0 {
		w.Header().Set("Content-Length", strconv.Itoa(size))
	}
	_ = write(w)
}
