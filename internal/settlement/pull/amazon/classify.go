package amazon

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
)

// spErrors is SP-API's error body.
type spErrors struct {
	Errors []struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"errors"`
}

// classify reads an SP-API answer (channel.Classify): 429 QuotaExceeded
// is throttled, 403 a refused token, 404 an unknown report.
func classify(status int, h http.Header, body []byte) error {
	if status == http.StatusOK {
		return nil
	}
	var se spErrors
	_ = json.Unmarshal(body, &se)
	e := &channel.Error{Platform: "amazon", Code: strconv.Itoa(status)}
	if len(se.Errors) > 0 {
		e.Code, e.Message = se.Errors[0].Code, clip(se.Errors[0].Message)
	}
	switch {
	case status == http.StatusTooManyRequests:
		e.Kind, e.RetryAfter = channel.Throttled, retryAfter(h)
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		e.Kind = channel.Unauthorized
	case status == http.StatusNotFound:
		e.Kind = channel.NotFound
	case status >= 500:
		e.Kind = channel.Unavailable
	default:
		e.Kind = channel.Rejected
	}
	return e
}

// classifyDownload reads the document store's answer: a pre-signed URL
// that expired is 403, which a new getReportDocument mends, so it is
// retried later rather than blamed on the seller's credentials.
func classifyDownload(status int, h http.Header, body []byte) error {
	switch {
	case status == http.StatusOK:
		return nil
	case status >= 500 || status == http.StatusForbidden:
		return &channel.Error{Kind: channel.Unavailable, Platform: "amazon", Code: strconv.Itoa(status), Message: "report document download"}
	case status == http.StatusTooManyRequests:
		return &channel.Error{Kind: channel.Throttled, Platform: "amazon", Code: "429", RetryAfter: retryAfter(h), Message: "report document download"}
	}
	return &channel.Error{Kind: channel.Rejected, Platform: "amazon", Code: strconv.Itoa(status), Message: "report document download"}
}

// retryAfter is Retry-After when sent, else one call's share of the rate
// SP-API states in x-amzn-RateLimit-Limit (calls a second), at most a
// minute; 0 when neither says.
func retryAfter(h http.Header) time.Duration {
	if d := channel.ParseRetryAfter(h.Get("Retry-After"), time.Now()); d > 0 {
		return d
	}
	r, err := strconv.ParseFloat(h.Get("x-amzn-RateLimit-Limit"), 64)
	if err != nil || r <= 0 || math.IsNaN(r) || math.IsInf(r, 0) {
		return 0
	}
	return min(time.Duration(float64(time.Second)/r), time.Minute)
}

func clip(s string) string {
	if len(s) > 300 {
		return fmt.Sprintf("%s…", s[:300])
	}
	return s
}
