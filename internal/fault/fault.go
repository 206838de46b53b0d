// Package fault owns the closed set of error kinds every layer of fnshub speaks.
//
// Domain code wraps its errors with a Kind so the HTTP layer can choose a status
// in exactly one place (internal/httpapi/errors.go) without string matching.
package fault

import (
	"errors"
	"fmt"
	"time"
)

// Kind classifies an error by what the caller can do about it.
type Kind uint8

const (
	Internal     Kind = iota // a bug or an unexpected failure; nothing the caller can fix
	Invalid                  // the input is wrong; the message says how to fix it
	NotFound                 // the thing named does not exist
	Conflict                 // the request clashes with current state (duplicate key, illegal transition)
	Unauthorized             // no valid credentials
	Forbidden                // valid credentials, but the role may not do this
	Unavailable              // a dependency is down or busy; retrying later may work
	Limited                  // the caller tried too often; RetryAfter says when to try again
)

var kindNames = [...]string{"internal", "invalid", "not_found", "conflict", "unauthorized", "forbidden", "unavailable", "limited"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", k)
}

// Error is an error with a kind, a stable machine-readable code, a message for
// people and, for Invalid input, the field at fault.
type Error struct {
	Kind    Kind
	Code    string // e.g. "entry_unbalanced"; stable, part of the API
	Message string
	Field   string
	Err     error // optional cause
	// RetryAfter is, for Limited, how long the caller must wait.
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an *Error of kind k.
func New(k Kind, code, format string, args ...any) *Error {
	return &Error{Kind: k, Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalidf returns an Invalid error naming the field at fault.
func Invalidf(field, code, format string, args ...any) *Error {
	e := New(Invalid, code, format, args...)
	e.Field = field
	return e
}

// KindOf returns the kind of the first *Error in err's chain, or Internal.
func KindOf(err error) Kind {
	var fe *Error
	if errors.As(err, &fe) {
		return fe.Kind
	}
	return Internal
}

// Is reports whether err carries kind k.
func Is(err error, k Kind) bool { return err != nil && KindOf(err) == k }
