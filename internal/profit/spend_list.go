package profit

import (
	"encoding/base64"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
)

// SpendQuery selects kept ad spend: days From..To (YYYY-MM-DD, inclusive;
// "" for no bound), channels (nil: all), a campaign (nil: all), the page
// after a row's key, at most Limit rows.
type SpendQuery struct {
	From, To string
	Channels []string
	Campaign *string
	After    *SpendKey
	Limit    int
}

// SpendKey is a kept spend row's natural key, the listing's order.
type SpendKey struct{ Day, Channel, Campaign string }

// SpendKept is an imported spend row and when it was imported.
type SpendKept struct {
	Spend
	ImportedAt time.Time
}

// MaxSpendPage bounds a page of the listing.
const MaxSpendPage = 1000

// Cursor encodes k for the next page; campaigns hold any text, so the key
// is joined by NUL (which no day or channel code has) and base64url'd.
func (k SpendKey) Cursor() string {
	return base64.RawURLEncoding.EncodeToString([]byte(k.Day + "\x00" + k.Channel + "\x00" + k.Campaign))
}

// ParseSpendCursor reads a Cursor. Errors: Invalid, naming the cursor.
func ParseSpendCursor(s string) (SpendKey, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	parts := strings.SplitN(string(b), "\x00", 3)
	if err != nil || len(parts) != 3 {
		return SpendKey{}, fault.Invalidf("cursor", "cursor_invalid", "cursor %q is not one this listing gave; start without it", s)
	}
	return SpendKey{Day: parts[0], Channel: parts[1], Campaign: parts[2]}, nil
}

// SpendJSON is a kept spend row as the API and CLI give it.
type SpendJSON struct {
	Day        string       `json:"day"`
	Channel    string       `json:"channel"`
	Campaign   string       `json:"campaign"`
	Amount     money.Amount `json:"amount"`
	ImportedAt time.Time    `json:"imported_at"`
}

// JSON gives s as the API does, its import time in loc.
func (s SpendKept) JSON(loc *time.Location) SpendJSON {
	return SpendJSON{Day: s.Day, Channel: s.Channel, Campaign: s.Campaign, Amount: s.Amount, ImportedAt: s.ImportedAt.In(loc)}
}
