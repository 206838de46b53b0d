// Package amazon is the settlement source of Amazon's Selling Partner
// API: the settlement reports Amazon creates about every 14 days
// (GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2), found with getReports,
// read with getReport and getReportDocument and downloaded from the
// document's pre-signed URL; calls carry a Login with Amazon access token
// got with the seller's refresh token (docs/adr/0054-settlement-pulls.md).
package amazon

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/settlement/pull"
)

// Source is the source's name in the registry and in shop settings.
const Source = "amazon-settlement"

// ReportType is the settlement report the source reads (the flat file V2;
// the legacy flat file and the XML are withdrawn on 2026-11-11).
const ReportType = "GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2"

// Setting and secret names a shop's configuration carries.
const (
	SettingEndpoint = "sp_api_endpoint" // https://sellingpartnerapi-eu.amazon.com; North America when unset
	SettingClientID = "lwa_client_id"   // the app's LWA client id
	SettingTokenURL = "lwa_token_url"   // LWA's token endpoint; DefaultTokenURL when unset
	SecretClient    = "lwa_client_secret"
	SecretRefresh   = "lwa_refresh_token" // the seller's authorization of the app
)

// Default addresses.
const (
	DefaultEndpoint = "https://sellingpartnerapi-na.amazon.com"
	DefaultTokenURL = "https://api.amazon.com/auth/o2/token"
)

// limits paces all of one seller's calls together: the token, getReports
// (0.0222 calls a second, burst 10), getReport (2/s, burst 15),
// getReportDocument (0.0167/s, burst 15) and the downloads, which S3 serves
// unmetered. One bucket cannot hold each operation's own, so it is sized
// for a pull's mix — a first pull of 90 days is about 7 reports, 22 calls —
// and Amazon's 429 with x-amzn-RateLimit-Limit says how long to pause the
// seller when an operation's own budget is spent.
var limits = channel.Limits{Rate: 0.5, Burst: 30}

func init() {
	pull.Register(pull.Kind{Name: Source, Channels: []string{"amazon"}, Limits: limits,
		Settings: []string{SettingClientID}, Secrets: []string{SecretClient, SecretRefresh},
		New: func(cfg pull.Config) (pull.Source, error) { return New(cfg) }})
}

// Reports fetches one seller's settlement reports. Safe for concurrent use.
type Reports struct {
	// PageSize is getReports' pageSize: 100, its most.
	PageSize int
	endpoint string
	tokenURL string
	clientID string
	secret   string
	refresh  string
	http     *channel.Client
	files    pull.Download // where and how large the reports are written

	mu      sync.Mutex
	token   string
	expires time.Time
}

// New builds the source from a shop's settings and secrets. With a
// BaseURL (a simulator), the token endpoint is served there too.
// Errors: a missing client id, client secret or refresh token.
func New(cfg pull.Config) (*Reports, error) {
	switch {
	case cfg.Settings[SettingClientID] == "":
		return nil, fmt.Errorf("amazon: setting %s is missing: the LWA client id of the app the seller authorized", SettingClientID)
	case cfg.Secrets[SecretClient] == "":
		return nil, fmt.Errorf("amazon: secret %s is missing", SecretClient)
	case cfg.Secrets[SecretRefresh] == "":
		return nil, fmt.Errorf("amazon: secret %s is missing: the seller's refresh token (Atzr|…)", SecretRefresh)
	}
	endpoint, tokenURL := cfg.Settings[SettingEndpoint], cfg.Settings[SettingTokenURL]
	if base := strings.TrimSuffix(cfg.BaseURL, "/"); base != "" {
		endpoint, tokenURL = base, base+"/auth/o2/token"
	}
	if endpoint == "" {
		endpoint = DefaultEndpoint
	}
	if tokenURL == "" {
		tokenURL = DefaultTokenURL
	}
	client := cfg.HTTP
	if client == nil {
		client = pull.NewClient(channel.ClientOptions{Platform: "amazon", Limits: limits})
	}
	return &Reports{PageSize: 100, endpoint: strings.TrimSuffix(endpoint, "/"), tokenURL: tokenURL, clientID: cfg.Settings[SettingClientID],
		secret: cfg.Secrets[SecretClient], refresh: cfg.Secrets[SecretRefresh], http: client, files: cfg.Download(Source, "amazon", "")}, nil
}
