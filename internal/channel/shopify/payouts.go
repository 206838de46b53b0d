package shopify

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/settlement/pull"
)

// PayoutsSource is the settlement source of Shopify Payments: the REST
// payouts and balance transactions endpoints, whose pages are what the
// shopify-payments format reads (docs/adr/0054-settlement-pulls.md).
const PayoutsSource = "shopify-payments"

func init() {
	pull.Register(pull.Kind{Name: PayoutsSource, Channels: []string{"shopify"}, Limits: limits,
		Settings: []string{SettingShopDomain}, Secrets: []string{SecretToken},
		New: func(cfg pull.Config) (pull.Source, error) { return NewPayouts(cfg) }})
}

// Payouts fetches one shop's Shopify Payments payouts with their balance
// transactions.
type Payouts struct {
	// PageSize is the limit of each page asked for: 250, Shopify's most.
	PageSize int
	base     string // https://{shop}/admin/api/{version}
	token    string
	http     *channel.Client
	download pull.Download // where and how large the pages' file may grow
}

// NewPayouts builds the source from the shop's Shopify settings and token.
// Errors: a missing shop_domain or access_token, a malformed api_version.
func NewPayouts(cfg pull.Config) (*Payouts, error) {
	domain := strings.ToLower(strings.TrimSpace(cfg.Settings[SettingShopDomain]))
	version := cfg.Settings[SettingAPIVersion]
	if version == "" {
		version = DefaultAPIVersion
	}
	switch {
	case domain == "" || strings.ContainsAny(domain, "/: "):
		return nil, fmt.Errorf("shopify: setting %s must be the shop's host, e.g. acme.myshopify.com", SettingShopDomain)
	case !validVersion(version):
		return nil, fmt.Errorf("shopify: setting %s must be a release such as %s, not %q", SettingAPIVersion, DefaultAPIVersion, version)
	case cfg.Secrets[SecretToken] == "":
		return nil, fmt.Errorf("shopify: secret %s is missing", SecretToken)
	}
	base := strings.TrimSuffix(cfg.BaseURL, "/")
	if base == "" {
		base = "https://" + domain
	}
	client := cfg.HTTP
	if client == nil {
		client = channel.NewClient(channel.ClientOptions{Platform: "shopify", Limits: limits})
	}
	return &Payouts{PageSize: 250, base: base + "/admin/api/" + version, token: cfg.Secrets[SecretToken], http: client,
		download: cfg.Download(PayoutsSource, "shopify", "payouts from the cursor")}, nil
}

// payoutPage is one page of payouts.json; only what the cursor needs is
// decoded, the page itself is passed on as Shopify sent it.
type payoutPage struct {
	Payouts []struct {
		ID     json.Number `json:"id"`
		Status string      `json:"status"`
		Date   string      `json:"date"`
	} `json:"payouts"`
}

// final reports whether a payout's status can no longer change.
func final(status string) bool {
	return slices.Contains([]string{"paid", "failed", "canceled"}, status)
}

// Fetch returns one file: every payout dated from the cursor (a payout
// date, yyyy-mm-dd) or since on, and each one's balance transactions, the
// pages one after another. The next cursor is the date of the oldest
// payout that may still change (scheduled, in transit), so it is fetched
// again until it is paid; when every payout is final, the day after the
// newest (Shopify dates a payout when it schedules it, never in the past,
// so no payout appears later on a day already passed). Fetching a payout again is harmless: its import is a duplicate,
// or moves it to its new status. Transactions not yet in a payout are left
// for the pull that brings their payout.
func (p *Payouts) Fetch(ctx context.Context, cursor string, since time.Time, each func(pull.File) error) error {
	from := cursor
	if from == "" {
		from = since.UTC().Format(time.DateOnly)
	}
	file, err := p.download.Pages()
	if err != nil {
		return err
	}
	defer file.Abandon() // the file is removed once each returns, or when it never gets there
	ids, mark, err := p.payouts(ctx, from, file)
	if err != nil || len(ids) == 0 {
		return err
	}
	for _, id := range ids {
		if err := p.transactions(ctx, id, file); err != nil {
			return err
		}
	}
	disk, err := file.Done()
	if err != nil {
		return err
	}
	return each(pull.File{Name: "shopify-payouts-" + from + ".json", Format: "shopify-payments", Disk: disk, Cursor: mark})
}

// payouts adds the pages of payouts from the day from on to file and
// returns their ids and the cursor's next mark: the oldest payout that
// may still change, else the day after the newest.
func (p *Payouts) payouts(ctx context.Context, from string, file *pull.Pages) ([]string, string, error) {
	q := url.Values{"date_min": {from}, "limit": {strconv.Itoa(p.PageSize)}}
	var ids []string
	next, oldestOpen, newest := p.base+"/shopify_payments/payouts.json?"+q.Encode(), "", ""
	for next != "" {
		body, link, err := p.get(ctx, next)
		if err != nil {
			return nil, "", err
		}
		var page payoutPage
		if err := json.Unmarshal(body, &page); err != nil {
			return nil, "", &channel.Error{Kind: channel.Unavailable, Platform: "shopify", Message: "payouts: unexpected answer shape", Err: err}
		}
		for _, po := range page.Payouts {
			ids = append(ids, po.ID.String())
			if !final(po.Status) && (oldestOpen == "" || po.Date < oldestOpen) {
				oldestOpen = po.Date
			}
			newest = max(newest, po.Date)
		}
		if err := file.Add(body); err != nil {
			return nil, "", err
		}
		next = link
	}
	if oldestOpen != "" {
		return ids, oldestOpen, nil
	}
	return ids, dayAfter(newest), nil
}

// transactions adds payout id's balance transactions, every page.
func (p *Payouts) transactions(ctx context.Context, id string, file *pull.Pages) error {
	q := url.Values{"payout_id": {id}, "limit": {strconv.Itoa(p.PageSize)}}
	for next := p.base + "/shopify_payments/balance/transactions.json?" + q.Encode(); next != ""; {
		body, link, err := p.get(ctx, next)
		if err != nil {
			return err
		}
		if !json.Valid(body) {
			return &channel.Error{Kind: channel.Unavailable, Platform: "shopify", Message: "balance transactions: answer is not JSON"}
		}
		if err := file.Add(body); err != nil {
			return err
		}
		next = link
	}
	return nil
}

// get sends one REST GET and returns the body and the next page's URL.
func (p *Payouts) get(ctx context.Context, u string) ([]byte, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, "", &channel.Error{Kind: channel.Rejected, Platform: "shopify", Message: "bad endpoint", Err: err}
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("X-Shopify-Access-Token", p.token)
	resp, err := p.http.Do(ctx, req, classifyREST)
	if err != nil {
		return nil, "", err
	}
	return resp.Body, NextLink(resp.Header.Get("Link")), nil
}

// classifyREST reads a REST answer: any 200 is a success, the rest as the
// GraphQL endpoint's statuses.
func classifyREST(status int, h http.Header, body []byte) error {
	if status == http.StatusOK {
		return nil
	}
	return classifyStatus(status, h, body)
}

// NextLink returns the rel="next" URL of a Link header, "" when there is
// none: `<https://…?page_info=abc>; rel="next", <…>; rel="previous"`.
func NextLink(header string) string {
	for _, part := range strings.Split(header, ",") {
		target, params, ok := strings.Cut(strings.TrimSpace(part), ";")
		if !ok || !strings.HasPrefix(target, "<") || !strings.HasSuffix(target, ">") {
			continue
		}
		for _, p := range strings.Split(params, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(k, "rel") && strings.Trim(v, `"`) == "next" {
				return target[1 : len(target)-1]
			}
		}
	}
	return ""
}

// dayAfter is the day after yyyy-mm-dd; a date that does not parse is
// kept (it is fetched again, which is harmless).
func dayAfter(date string) string {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	return d.AddDate(0, 0, 1).Format(time.DateOnly)
}
