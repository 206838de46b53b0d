// Package amazon is a simulated Amazon Selling Partner API, as far as
// settlement reports go: Login with Amazon's token endpoint (the
// refresh_token grant), the Reports API 2021-06-30 (getReports paged with
// nextToken, getReport, getReportDocument) and the pre-signed document
// downloads, over real HTTP. Amazon creates settlement reports itself;
// a test adds them with AddSettlement. Faults (internal/sandbox) are
// injected in front of the API, and separately in front of the downloads.
package amazon

import (
	"bytes"
	"compress/gzip"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/fnshub/fnshub/internal/sandbox"
)

// SettlementReportType is the one report type the simulator serves.
const SettlementReportType = "GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2"

// Options configure the simulator; zero fields take the defaults named.
type Options struct {
	ClientID     string           // "amzn1.application-oa2-client.sandbox"
	ClientSecret string           // "sandbox-client-secret"
	RefreshToken string           // "Atzr|sandbox"
	Now          func() time.Time // time.Now
	TokenTTL     time.Duration    // 3600 s, as LWA's
	Seed         uint64
}

func (o *Options) defaults() {
	if o.ClientID == "" {
		o.ClientID = "amzn1.application-oa2-client.sandbox"
	}
	if o.ClientSecret == "" {
		o.ClientSecret = "sandbox-client-secret"
	}
	if o.RefreshToken == "" {
		o.RefreshToken = "Atzr|sandbox"
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.TokenTTL <= 0 {
		o.TokenTTL = time.Hour
	}
}

// Report is one report as getReports lists it.
type Report struct {
	ReportID         string   `json:"reportId"`
	ReportType       string   `json:"reportType"`
	DataStartTime    string   `json:"dataStartTime,omitempty"`
	DataEndTime      string   `json:"dataEndTime,omitempty"`
	CreatedTime      string   `json:"createdTime"`
	ProcessingStatus string   `json:"processingStatus"`
	ReportDocumentID string   `json:"reportDocumentId,omitempty"`
	MarketplaceIDs   []string `json:"marketplaceIds,omitempty"`
}

type document struct {
	body  []byte
	write func(io.Writer) error // a document written as it is served (AddSettlementStream)
	gzip  bool
}

// Seller is one simulated selling partner. It is safe for concurrent use.
type Seller struct {
	opt       Options
	faults    *sandbox.Faults // in front of the API and the token endpoint
	downloads *sandbox.Faults // in front of the document downloads
	key       []byte          // signs the download URLs

	mu        sync.Mutex
	reports   []Report
	docs      map[string]document
	tokens    map[string]time.Time // access token → expiry
	refreshes int
	downloadN int
}

// New returns a seller with no reports.
func New(opt Options) *Seller {
	opt.defaults()
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	return &Seller{opt: opt, faults: sandbox.NewFaults(opt.Seed), downloads: sandbox.NewFaults(opt.Seed + 1), key: key,
		docs: map[string]document{}, tokens: map[string]time.Time{}}
}

// Faults is the injector in front of the API and the token endpoint.
func (s *Seller) Faults() *sandbox.Faults { return s.faults }

// DownloadFaults is the injector in front of the report documents.
func (s *Seller) DownloadFaults() *sandbox.Faults { return s.downloads }

// ClientID, ClientSecret and RefreshToken are the LWA credentials the
// token endpoint accepts.
func (s *Seller) ClientID() string     { return s.opt.ClientID }
func (s *Seller) ClientSecret() string { return s.opt.ClientSecret }
func (s *Seller) RefreshToken() string { return s.opt.RefreshToken }

// Refreshes counts the access tokens handed out.
func (s *Seller) Refreshes() int { s.mu.Lock(); defer s.mu.Unlock(); return s.refreshes }

// Downloads counts the documents served whole.
func (s *Seller) Downloads() int { s.mu.Lock(); defer s.mu.Unlock(); return s.downloadN }

// AddSettlement adds a settlement report, DONE, created at created, whose
// document is tsv (gzip-compressed when zipped, as Amazon says with
// compressionAlgorithm GZIP).
func (s *Seller) AddSettlement(reportID string, created time.Time, tsv []byte, zipped bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	docID := "amzn1.spdoc.1.4.na." + reportID
	body := tsv
	if zipped {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		_, _ = zw.Write(tsv)
		_ = zw.Close()
		body = b.Bytes()
	}
	s.docs[docID] = document{body: body, gzip: zipped}
	s.reports = append(s.reports, Report{ReportID: reportID, ReportType: SettlementReportType,
		DataStartTime: created.Add(-14 * 24 * time.Hour).UTC().Format(time.RFC3339), DataEndTime: created.UTC().Format(time.RFC3339),
		CreatedTime: created.UTC().Format(time.RFC3339), ProcessingStatus: "DONE", ReportDocumentID: docID})
	sort.SliceStable(s.reports, func(i, j int) bool { return s.reports[i].CreatedTime > s.reports[j].CreatedTime }) // newest first, as Amazon lists
}

// AddSettlementStream adds a settlement report whose document write
// writes each time it is downloaded, gzip-compressed on the way when
// zipped: a report of any size that no one holds whole. A write that
// fails leaves the document cut short, its gzip stream without its end.
func (s *Seller) AddSettlementStream(reportID string, created time.Time, write func(io.Writer) error, zipped bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	docID := "amzn1.spdoc.1.4.na." + reportID
	s.docs[docID] = document{write: write, gzip: zipped}
	s.reports = append(s.reports, Report{ReportID: reportID, ReportType: SettlementReportType,
		DataStartTime: created.Add(-14 * 24 * time.Hour).UTC().Format(time.RFC3339), DataEndTime: created.UTC().Format(time.RFC3339),
		CreatedTime: created.UTC().Format(time.RFC3339), ProcessingStatus: "DONE", ReportDocumentID: docID})
	sort.SliceStable(s.reports, func(i, j int) bool { return s.reports[i].CreatedTime > s.reports[j].CreatedTime })
}

// Handler serves the token endpoint, the Reports API and the downloads.
func (s *Seller) Handler() http.Handler {
	api := http.NewServeMux()
	api.HandleFunc("POST /auth/o2/token", s.serveToken)
	api.HandleFunc("GET /reports/2021-06-30/reports", s.authed(s.serveReports))
	api.HandleFunc("GET /reports/2021-06-30/reports/{reportId}", s.authed(s.serveReport))
	api.HandleFunc("GET /reports/2021-06-30/documents/{reportDocumentId}", s.authed(s.serveDocument))
	dl := http.NewServeMux()
	dl.HandleFunc("GET /documents/{id}", s.serveDownload)
	mux := http.NewServeMux()
	mux.Handle("/documents/", s.downloads.Wrap(dl, throttled))
	mux.Handle("/", s.faults.Wrap(api, throttled))
	return mux
}

// sign is the download URL's signature of document id until expiry.
func (s *Seller) sign(id, expires string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(id + "\n" + expires))
	return hex.EncodeToString(m.Sum(nil))
}

// throttled is SP-API's rate-limit answer.
func throttled(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("x-amzn-RateLimit-Limit", "0.0222")
	writeErrors(w, http.StatusTooManyRequests, "QuotaExceeded", "You exceeded your quota for the requested resource.")
}
