package shopify

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
)

// envelope is a GraphQL answer: data, errors, and the cost extension that
// every Admin API answer carries.
type envelope struct {
	Data       json.RawMessage `json:"data"`
	Errors     json.RawMessage `json:"errors"` // a list for GraphQL errors; a string or object on 4xx
	Extensions struct {
		Cost *cost `json:"cost"`
	} `json:"extensions"`
}

type gqlError struct {
	Message    string `json:"message"`
	Extensions struct {
		Code string `json:"code"`
		Cost *cost  `json:"cost"`
	} `json:"extensions"`
}

// cost is Shopify's calculated query cost and the bucket after the call.
type cost struct {
	RequestedQueryCost float64 `json:"requestedQueryCost"`
	ActualQueryCost    float64 `json:"actualQueryCost"`
	ThrottleStatus     struct {
		MaximumAvailable   float64 `json:"maximumAvailable"`
		CurrentlyAvailable float64 `json:"currentlyAvailable"`
		RestoreRate        float64 `json:"restoreRate"`
	} `json:"throttleStatus"`
}

// wait is how long the bucket needs to hold the query's cost again.
func (c *cost) wait() time.Duration {
	if c == nil {
		return 0
	}
	t := c.ThrottleStatus
	if t.RestoreRate <= 0 || c.RequestedQueryCost <= t.CurrentlyAvailable {
		return 0
	}
	ms := math.Ceil((c.RequestedQueryCost - t.CurrentlyAvailable) / t.RestoreRate * 1000)
	return time.Duration(ms) * time.Millisecond
}

// classify reads an Admin API answer (channel.Classify).
func classify(status int, h http.Header, body []byte) error {
	if status != http.StatusOK {
		return classifyStatus(status, h, body)
	}
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		// A 200 that is not JSON is a broken answer, as a truncated one is.
		return &channel.Error{Kind: channel.Unavailable, Platform: "shopify", Code: "200", Message: "answer is not JSON", Err: err}
	}
	return classifyErrors(env)
}

// classifyStatus maps a non-200 answer. Shopify answers 402 when a shop is
// frozen for an unpaid bill and 423 when it is locked; neither clears by
// retrying, so both are Rejected with a message saying which.
func classifyStatus(status int, h http.Header, body []byte) error {
	e := &channel.Error{Platform: "shopify", Code: strconv.Itoa(status), Message: restMessage(body)}
	switch {
	case status == http.StatusTooManyRequests:
		e.Kind, e.RetryAfter = channel.Throttled, retryAfter(h.Get("Retry-After"))
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		e.Kind = channel.Unauthorized
	case status == http.StatusPaymentRequired:
		e.Kind, e.Message = channel.Rejected, "the shop is frozen (payment required): "+e.Message
	case status == http.StatusLocked:
		e.Kind, e.Message = channel.Rejected, "the shop is locked: "+e.Message
	case status == http.StatusNotFound:
		e.Kind = channel.NotFound
	case status >= 500:
		e.Kind = channel.Unavailable
	case status >= 300 && status < 400:
		e.Kind = channel.Rejected // a redirect: the shop domain moved or is wrong
	default:
		e.Kind = channel.Rejected
	}
	return e
}

// classifyErrors maps the errors of a 200 answer. Only a THROTTLED error
// is retryable; its wait comes from the cost extension, which Shopify puts
// at the top level (and some versions inside the error too).
func classifyErrors(env envelope) error {
	if len(env.Errors) == 0 || string(env.Errors) == "null" {
		return nil
	}
	var errs []gqlError
	if err := json.Unmarshal(env.Errors, &errs); err != nil || len(errs) == 0 {
		return &channel.Error{Kind: channel.Rejected, Platform: "shopify", Message: restMessage(env.Errors)}
	}
	first := errs[0]
	e := &channel.Error{Platform: "shopify", Code: first.Extensions.Code, Message: first.Message}
	switch first.Extensions.Code {
	case "THROTTLED":
		c := env.Extensions.Cost
		if c == nil {
			c = first.Extensions.Cost
		}
		e.Kind, e.RetryAfter = channel.Throttled, c.wait()
	case "ACCESS_DENIED":
		e.Kind = channel.Unauthorized
	case "INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE":
		e.Kind = channel.Unavailable
	default:
		e.Kind = channel.Rejected
	}
	return e
}

// retryAfter reads Retry-After as seconds, which Shopify sends as a
// decimal ("2.0"); 0 when absent or unreadable.
func retryAfter(v string) time.Duration {
	s, err := strconv.ParseFloat(v, 64)
	if err != nil || s < 0 || s > 3600 || math.IsNaN(s) {
		return 0
	}
	return time.Duration(math.Ceil(s*1000)) * time.Millisecond
}

// restMessage reads Shopify's REST error body — {"errors": "…"},
// {"errors": {"field": ["…"]}} or {"error": "…"} — into one line.
func restMessage(body []byte) string {
	var v struct {
		Errors json.RawMessage `json:"errors"`
		Error  string          `json:"error"`
	}
	if json.Unmarshal(body, &v) != nil {
		return ""
	}
	if v.Error != "" {
		return clip(v.Error)
	}
	var s string
	if json.Unmarshal(v.Errors, &s) == nil {
		return clip(s)
	}
	if len(v.Errors) > 0 {
		return clip(string(v.Errors))
	}
	return ""
}

// clip keeps a platform's message short; messages never hold credentials
// but may be long.
func clip(s string) string {
	if len(s) > 300 {
		return fmt.Sprintf("%s…", s[:300])
	}
	return s
}
