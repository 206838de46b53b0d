package channel

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxRetryAfter bounds what a Retry-After header can ask for, so a garbled
// or hostile value cannot pause a shop for years. TOP's longest documented
// bans are minutes; an hour is generous.
const maxRetryAfter = time.Hour

// ParseRetryAfter reads a Retry-After header value as of now: delay-seconds
// (RFC 9110 says an integer; Shopify sends "2.0", so a decimal is taken) or
// an HTTP-date. It returns 0 when the value is absent, unreadable or in the
// past, and at most an hour.
func ParseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if math.IsNaN(secs) || secs <= 0 {
			return 0
		}
		d = time.Duration(math.Min(secs, maxRetryAfter.Seconds()) * float64(time.Second))
	} else if at, err := http.ParseTime(v); err == nil {
		d = at.Sub(now)
	}
	return min(max(d, 0), maxRetryAfter)
}
