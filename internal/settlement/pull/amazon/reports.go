package amazon

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/settlement/pull"
)

// report is what getReports and getReport say of one report.
type report struct {
	ReportID         string `json:"reportId"`
	ReportType       string `json:"reportType"`
	CreatedTime      string `json:"createdTime"`
	ProcessingStatus string `json:"processingStatus"`
	ReportDocumentID string `json:"reportDocumentId"`
	created          time.Time
}

type reportsPage struct {
	Reports   []report `json:"reports"`
	NextToken string   `json:"nextToken"`
}

type reportDocument struct {
	ReportDocumentID     string `json:"reportDocumentId"`
	URL                  string `json:"url"`
	CompressionAlgorithm string `json:"compressionAlgorithm"`
}

// Cursor is the mark of the newest report imported: its creation time and
// id, "2026-03-17T00:00:00Z|18906543210". Reports are taken in that order,
// so two created in the same second are told apart.
func Cursor(created time.Time, reportID string) string {
	return created.UTC().Format(time.RFC3339) + "|" + reportID
}

// parseCursor reads a Cursor; "" is no cursor.
func parseCursor(c string) (time.Time, string, error) {
	if c == "" {
		return time.Time{}, "", nil
	}
	at, id, ok := strings.Cut(c, "|")
	t, err := time.Parse(time.RFC3339, at)
	if !ok || err != nil || id == "" {
		return time.Time{}, "", fmt.Errorf("amazon: cursor %q is not time|reportId", c)
	}
	return t, id, nil
}

// after reports whether rp comes after the cursor (at, id).
func (rp report) after(at time.Time, id string) bool {
	return rp.created.After(at) || (rp.created.Equal(at) && rp.ReportID > id)
}

// Fetch calls each with every settlement report created after the cursor
// (or since since, when there is none), oldest first, one file a report:
// the flat file as Amazon wrote it, unzipped. Each file's Cursor marks it.
func (r *Reports) Fetch(ctx context.Context, cursor string, since time.Time, each func(pull.File) error) error {
	at, id, err := parseCursor(cursor)
	if err != nil {
		return &channel.Error{Kind: channel.Rejected, Platform: "amazon", Message: err.Error()}
	}
	from := since
	if !at.IsZero() {
		from = at
	}
	reports, err := r.list(ctx, from)
	if err != nil {
		return err
	}
	for _, rp := range reports {
		if !at.IsZero() && !rp.after(at, id) {
			continue
		}
		if err := r.pass(ctx, rp, each); err != nil {
			return err
		}
	}
	return nil
}

// pass downloads report rp and calls each with it, its temporary file
// removed once each returns.
func (r *Reports) pass(ctx context.Context, rp report, each func(pull.File) error) error {
	sp, err := r.read(ctx, rp.ReportID)
	if err != nil {
		return err
	}
	defer sp.Remove()
	return each(pull.File{Name: "amazon-settlement-" + rp.ReportID + ".tsv", Format: "amazon-v2", Disk: sp, Cursor: Cursor(rp.created, rp.ReportID)})
}

// list is getReports of the settlement type, DONE, created since from,
// every page, sorted oldest first.
func (r *Reports) list(ctx context.Context, from time.Time) ([]report, error) {
	q := url.Values{"reportTypes": {ReportType}, "processingStatuses": {"DONE"}, "pageSize": {strconv.Itoa(r.PageSize)}}
	if !from.IsZero() {
		q.Set("createdSince", from.UTC().Format(time.RFC3339))
	}
	var out []report
	for {
		var page reportsPage
		if err := r.get(ctx, "/reports/2021-06-30/reports?"+q.Encode(), &page); err != nil {
			return nil, err
		}
		for _, rp := range page.Reports {
			t, err := time.Parse(time.RFC3339, rp.CreatedTime)
			if err != nil {
				return nil, &channel.Error{Kind: channel.Unavailable, Platform: "amazon", Message: "getReports: report " + rp.ReportID + " has createdTime " + strconv.Quote(rp.CreatedTime)}
			}
			rp.created = t
			out = append(out, rp)
		}
		if page.NextToken == "" {
			break
		}
		q = url.Values{"nextToken": {page.NextToken}} // the token alone: the filters are in it
	}
	sort.SliceStable(out, func(i, j int) bool { return out[j].after(out[i].created, out[i].ReportID) })
	return out, nil
}

// read is getReport (for its document id, and to see it is still DONE),
// getReportDocument, then the download to a temporary file, unzipped on
// the way if Amazon says GZIP.
func (r *Reports) read(ctx context.Context, reportID string) (*pull.Spool, error) {
	var rp report
	if err := r.get(ctx, "/reports/2021-06-30/reports/"+url.PathEscape(reportID), &rp); err != nil {
		return nil, err
	}
	if rp.ProcessingStatus != "DONE" || rp.ReportDocumentID == "" {
		return nil, &channel.Error{Kind: channel.Unavailable, Platform: "amazon", Message: "report " + reportID + " is " + rp.ProcessingStatus + ", not DONE"}
	}
	var doc reportDocument
	if err := r.get(ctx, "/reports/2021-06-30/documents/"+url.PathEscape(rp.ReportDocumentID), &doc); err != nil {
		return nil, err
	}
	dl := r.files
	dl.What = "report " + reportID
	switch doc.CompressionAlgorithm {
	case "": // the document as Amazon wrote it
	case "GZIP":
		dl.Decode = pull.Gunzip
	default:
		return nil, &channel.Error{Kind: channel.Rejected, Platform: "amazon", Message: "report document compressionAlgorithm " + strconv.Quote(doc.CompressionAlgorithm) + " is not GZIP"}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, doc.URL, nil)
	if err != nil || doc.URL == "" {
		return nil, &channel.Error{Kind: channel.Unavailable, Platform: "amazon", Message: "report document " + doc.ReportDocumentID + " has no usable url", Err: err}
	}
	return dl.Get(ctx, r.http, req, classifyDownload) // pre-signed: no token
}

// get sends one SP-API GET with the access token and decodes the answer.
// A refused token is dropped and the call sent once more with a fresh one:
// a token can be revoked or expire early, and LWA says so only this way.
func (r *Reports) get(ctx context.Context, path string, out any) error {
	err := r.getOnce(ctx, path, out)
	if channel.KindOf(err) == channel.Unauthorized {
		r.forget()
		err = r.getOnce(ctx, path, out)
	}
	return err
}

func (r *Reports) getOnce(ctx context.Context, path string, out any) error {
	tok, err := r.accessToken(ctx)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.endpoint+path, nil)
	if err != nil {
		return &channel.Error{Kind: channel.Rejected, Platform: "amazon", Message: "bad endpoint", Err: err}
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("x-amz-access-token", tok)
	req.Header.Set("x-amz-date", r.http.Now().UTC().Format("20060102T150405Z"))
	resp, err := r.http.Do(ctx, req, classify)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(resp.Body, out); err != nil {
		return &channel.Error{Kind: channel.Unavailable, Platform: "amazon", Message: path + ": unexpected answer shape", Err: err}
	}
	return nil
}
