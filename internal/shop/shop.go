// Package shop owns the shops the merchant sells through: which channel
// each is on, which legal entity it sells for, its currency and timezone,
// the warehouses it may ship from and whether it takes orders
// (docs/adr/0024-legal-entities-and-shops.md).
package shop

import (
	"fmt"
	"regexp"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
)

// Shop is one shop (店铺) on one channel.
type Shop struct {
	// ID is the slug orders, listings and stock rules name the shop by; it
	// appears in webhook paths and event subjects, so it is kept to
	// characters that need no escaping in either (ValidID).
	ID       string `json:"id"`
	Channel  string `json:"channel"` // a channel kind (Channels)
	Name     string `json:"name"`
	Entity   string `json:"entity"`    // the legal entity's code
	EntityID int64  `json:"entity_id"` // and its id, as the books keep it
	// BooksCurrency is the entity's base currency, the one its books keep
	// (read with the shop; shown on the entity, not here).
	BooksCurrency money.Currency `json:"-"`
	Currency      money.Currency `json:"currency"`
	Timezone      string         `json:"timezone"`
	Warehouses    []Warehouse    `json:"warehouses"` // where it may ship from; none: every warehouse
	Active        bool           `json:"active"`
	// Settings are the platform's non-secret settings (shop_domain,
	// app_key, api_version …), by name (ValidCredentialName).
	Settings map[string]string `json:"settings"`
	// APIBaseURL overrides the platform's API address; "" is production.
	APIBaseURL string `json:"api_base_url"`
	// Secrets says which secrets are set and when, never their values.
	Secrets   []SecretInfo `json:"secrets"`
	CreatedAt time.Time    `json:"created_at"`
	UpdatedAt time.Time    `json:"updated_at"`
	// Sealed are the secrets a new shop is created with, sealed by
	// Service.Create for the store to insert in the same transaction. A
	// shop read back never carries them.
	Sealed []SealedSecret `json:"-"`
}

// Warehouse is a warehouse a shop may ship from; a lower priority is
// tried first.
type Warehouse struct {
	Code     string `json:"warehouse"`
	Priority int    `json:"priority"`
}

// MaxIDLen bounds a shop id, as the orders table has since the start.
const MaxIDLen = 64

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)

// ValidID reports whether s may name a new shop: 1 to 64 ASCII letters,
// digits, '-' or '_', starting with a letter or digit. That is safe
// unescaped in a URL path segment (/hooks/{platform}/{shopID}) and as one
// NATS subject token (no '.', '*', '>' or spaces).
func ValidID(s string) bool { return idPattern.MatchString(s) }

// Validate checks every field a new shop must have, naming the one at
// fault. Entity, currency and timezone defaults are filled in before.
func (s Shop) Validate() error {
	switch {
	case !ValidID(s.ID):
		return fault.Invalidf("id", "shop_id_invalid", "id must be 1 to %d letters, digits, '-' or '_', starting with a letter or digit, e.g. \"tmall-flagship\", not %q", MaxIDLen, s.ID)
	case !KnownChannel(s.Channel):
		return fault.Invalidf("channel", "channel_unknown", "channel must be one of %s, not %q", ChannelList(), s.Channel)
	case s.Name == "" || len(s.Name) > 200:
		return fault.Invalidf("name", "shop_name_invalid", "give the shop's name as the channel shows it, 1 to 200 bytes")
	case !s.Currency.Valid():
		return fault.Invalidf("currency", "currency_invalid", "currency must be an ISO 4217 code fnshub knows, e.g. \"CNY\", not %q", s.Currency)
	}
	if err := validTimezone(s.Timezone); err != nil {
		return err
	}
	if err := validSettings(s.Settings); err != nil {
		return err
	}
	if err := ValidAPIBaseURL(s.APIBaseURL); err != nil {
		return err
	}
	return validWarehouses(s.Warehouses)
}

func validTimezone(zone string) error {
	if zone == "" || zone == "Local" {
		return fault.Invalidf("timezone", "timezone_invalid", "give an IANA time zone, e.g. \"Asia/Shanghai\"")
	}
	if _, err := time.LoadLocation(zone); err != nil {
		return fault.Invalidf("timezone", "timezone_invalid", "%q is not an IANA time zone; use one like \"Asia/Shanghai\" or \"UTC\"", zone)
	}
	return nil
}

func validWarehouses(ws []Warehouse) error {
	if len(ws) > 100 {
		return fault.Invalidf("warehouses", "warehouses_invalid", "a shop may list at most 100 warehouses")
	}
	seen := map[string]bool{}
	for i, w := range ws {
		field := fmt.Sprintf("warehouses[%d].warehouse", i)
		switch {
		case w.Code == "":
			return fault.Invalidf(field, "warehouse_missing", "name the warehouse by its code")
		case seen[w.Code]:
			return fault.Invalidf(field, "warehouse_repeated", "warehouse %s is listed twice; list each once with its priority", w.Code)
		case w.Priority < 0 || w.Priority > 1_000_000:
			return fault.Invalidf(fmt.Sprintf("warehouses[%d].priority", i), "priority_invalid", "priority must be 0 to 1000000, lower first")
		}
		seen[w.Code] = true
	}
	return nil
}

// NotFound is the error for an order, listing or rule naming a shop that
// does not exist: it says how to add it.
func NotFound(field, id, channel string) error {
	if channel == "" {
		channel = "<channel>"
	}
	return fault.Invalidf(field, "shop_not_found",
		"shop %q does not exist; add it first: `fnshub shop add --id %s --channel %s --name …` or POST /api/v1/shops", id, id, channel)
}
