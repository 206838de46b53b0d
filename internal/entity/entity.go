// Package entity owns the legal entities of the merchant group: the
// companies that keep books, each in its own base currency and timezone
// (DESIGN.md §4, docs/adr/0024-legal-entities-and-shops.md).
package entity

import (
	"errors"
	"regexp"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
)

// DefaultID and DefaultCode name the entity that exists from the first
// start: every book and shop that predates entities belongs to it.
const (
	DefaultID   int64 = 1
	DefaultCode       = "default"
	DefaultName       = "默认主体 / Default entity"
)

// MaxID is the highest entity id: the ledger encodes an entry's entity in
// its id and keeps ids exact in JSON (ledger.MaxEntity, ADR 25).
const MaxID = 8191

// Entity is one legal entity (法人主体).
type Entity struct {
	ID           int64          `json:"id"`
	Code         string         `json:"code"` // a short slug, e.g. "sh-trading"
	Name         string         `json:"name"`
	BaseCurrency money.Currency `json:"base_currency"`
	Timezone     string         `json:"timezone"` // IANA, e.g. "Asia/Shanghai"
	CreatedAt    time.Time      `json:"created_at"`
}

var codePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,31}$`)

// ValidCode reports whether s may be an entity's code: 1 to 32 lower-case
// letters, digits, '-' or '_', starting with a letter or digit.
func ValidCode(s string) bool { return codePattern.MatchString(s) }

// Validate checks every field, naming the one at fault.
func (e Entity) Validate() error {
	switch {
	case !ValidCode(e.Code):
		return fault.Invalidf("code", "entity_code_invalid", "code must be 1 to 32 lower-case letters, digits, '-' or '_', e.g. \"sh-trading\", not %q", e.Code)
	case e.Name == "" || len(e.Name) > 200:
		return fault.Invalidf("name", "entity_name_invalid", "give the entity's name (its registered company name), 1 to 200 bytes")
	case !e.BaseCurrency.Valid():
		return fault.Invalidf("base_currency", "currency_invalid", "base_currency must be an ISO 4217 code fnshub knows, e.g. \"CNY\", not %q", e.BaseCurrency)
	}
	return ValidTimezone("timezone", e.Timezone)
}

// ValidTimezone checks that zone is an IANA time zone name; field names
// the input it came from.
func ValidTimezone(field, zone string) error {
	if zone == "" || zone == "Local" {
		return fault.Invalidf(field, "timezone_invalid", "give an IANA time zone, e.g. \"Asia/Shanghai\"")
	}
	if _, err := time.LoadLocation(zone); err != nil {
		return fault.Invalidf(field, "timezone_invalid", "%q is not an IANA time zone; use one like \"Asia/Shanghai\" or \"UTC\"", zone)
	}
	return nil
}

// CodeBooksExist is the code of the Conflict refusing a new base currency
// for an entity that already has journal entries.
const CodeBooksExist = "entity_books_exist"

func isBooksConflict(err error) bool {
	var fe *fault.Error
	return errors.As(err, &fe) && fe.Code == CodeBooksExist
}
