// Package erpcall is what the ERP pushers (yonyou, netsuite, odoo) share:
// how a failed call is classed (auth refused, voucher refused, worth
// retrying), the bounded retry with backoff, the balance check made
// before anything is sent, and the look-up-then-create loop of a push.
package erpcall

import (
	"errors"
	"fmt"
)

// Kind is how a call to an ERP failed, which decides what the push does.
type Kind int

const (
	// Transient is worth trying again: HTTP 429 or the ERP's own
	// throttle (NetSuite CONCURRENCY_LIMIT_EXCEEDED), a 5xx, a broken
	// connection.
	Transient Kind = iota
	// Refused is the ERP saying no to this one voucher (an unknown
	// account, an unbalanced entry, a closed period): the voucher fails,
	// the push goes on.
	Refused
	// Auth is the ERP refusing our credentials: every other call would be
	// refused too, so the push stops.
	Auth
)

// Error is one refused or failed call, with the ERP's own code and words.
type Error struct {
	Kind    Kind
	ERP     string // kingdee, yonyou, netsuite, odoo
	Status  int    // the HTTP status, 0 when none came
	Code    string // the ERP's error code, when it gave one
	Message string // the ERP's message, as it said it
}

// Error says which ERP, its code (or the HTTP status) and its message.
func (e *Error) Error() string {
	code := e.Code
	if code == "" && e.Status != 0 {
		code = fmt.Sprintf("HTTP %d", e.Status)
	}
	return fmt.Sprintf("%s: %s: %s", e.ERP, code, e.Message)
}

// KindOf says how err failed: an *Error's Kind; anything else (a network
// error, a body cut short) is Transient.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Transient
}

// ByStatus is the Kind an HTTP status implies when the ERP says nothing
// finer: 401/403 auth, 429 and 5xx transient, other 4xx refused.
func ByStatus(status int) Kind {
	switch {
	case status == 401 || status == 403:
		return Auth
	case status == 429 || status >= 500:
		return Transient
	default:
		return Refused
	}
}
