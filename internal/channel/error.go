package channel

import (
	"errors"
	"fmt"
	"time"
)

// Kind says what a caller can do about a platform's answer.
type Kind uint8

const (
	// Unavailable: a 5xx, a timeout, a reset or a truncated answer, or the
	// breaker is open. Retry later.
	Unavailable Kind = iota + 1
	// Throttled: the platform's rate limit (Shopify 429 or THROTTLED, TOP
	// codes 7/8 with their ban). Retry after RetryAfter, not sooner.
	Throttled
	// Unauthorized: the credentials are wrong or expired (401, TOP 26/27).
	// Retrying does not help until someone fixes the shop's credentials.
	Unauthorized
	// Rejected: the platform refused the request as wrong (4xx, TOP isv.*).
	// Retrying the same request does not help.
	Rejected
	// NotFound: the platform does not know the order or listing.
	NotFound
	// Conflict: a compare-and-set found another value (Current says which).
	Conflict
	// BadSignature: a push message's signature does not verify.
	BadSignature
)

var kindNames = [...]string{"", "unavailable", "throttled", "unauthorized", "rejected", "not_found", "conflict", "bad_signature"}

func (k Kind) String() string {
	if int(k) < len(kindNames) && k > 0 {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", k)
}

// Error is a platform's answer that was not a success, in one shape across
// platforms. Message never holds a credential or personal data.
type Error struct {
	Kind       Kind
	Platform   string        // "shopify", "taobao" …
	Code       string        // the platform's own code, e.g. "7", "THROTTLED", "429"
	Message    string        // the platform's message, or ours
	RetryAfter time.Duration // Throttled: how long the platform asked to wait (0 if it did not say); an open breaker: how long it stays open
	Current    *int64        // Conflict on a stock push: the platform's current quantity, if it said
	Err        error         // the cause (a net error), if any
}

func (e *Error) Error() string {
	s := e.Platform + ": " + e.Kind.String()
	if e.Code != "" {
		s += " (" + e.Code + ")"
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// KindOf returns err's Kind, or 0 if it is not an *Error.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return 0
}

// IsRetryable reports whether the same call may succeed later unchanged.
func IsRetryable(err error) bool {
	k := KindOf(err)
	return k == Unavailable || k == Throttled
}

// RetryAfter returns how long the platform asked the caller to wait, or 0.
func RetryAfter(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) && e.Kind == Throttled {
		return e.RetryAfter
	}
	return 0
}
