package erp

import (
	"context"
	"time"
)

// Connection is one ERP's saved connection: where its API is and the
// settings a pusher reads. Its secrets are kept apart, sealed.
type Connection struct {
	ERP       string            `json:"erp"`
	BaseURL   string            `json:"base_url"`
	Settings  map[string]string `json:"settings"`
	Secrets   []string          `json:"secrets"` // the names of the secrets set; values are never shown
	UpdatedAt time.Time         `json:"updated_at"`
}

// SealedSecret is one connection secret as stored: sealed by the master
// keyring, bound to the ERP and the secret's name.
type SealedSecret struct {
	ERP    string
	Name   string
	KeyID  string
	Sealed []byte
	SetAt  time.Time
}

// Push is what became of one voucher the last time it was pushed to an
// ERP: the row a retry reads to send only what has not arrived.
type Push struct {
	ERP        string    `json:"erp"`
	VoucherID  string    `json:"voucher_id"`
	Entity     int64     `json:"entity"`
	EntryID    int64     `json:"entry_id"`
	Period     string    `json:"period"`
	MapVersion int64     `json:"map_version"`
	Outcome    Outcome   `json:"outcome"`
	ERPRef     string    `json:"erp_ref,omitempty"`
	Attempt    int       `json:"attempt"` // how many pushes have sent it
	Error      string    `json:"error,omitempty"`
	At         time.Time `json:"at"`
}

// Arrived reports whether the ERP holds the voucher.
func (p Push) Arrived() bool { return p.Outcome == Created || p.Outcome == Exists }

// Store keeps account maps, connections and push outcomes. Implementations
// live in internal/erp/erpdb.
type Store interface {
	// SaveMap stores entries as erp's next map version and returns it.
	SaveMap(ctx context.Context, erp string, entries []MapEntry, now time.Time) (Map, error)
	// CurrentMap returns erp's newest map. Errors: NotFound.
	CurrentMap(ctx context.Context, erp string) (Map, error)
	// PutConnection replaces erp's base URL and settings and sets the
	// given secrets (others kept), in one transaction.
	PutConnection(ctx context.Context, c Connection, secrets []SealedSecret) (Connection, error)
	// Connection returns erp's connection and its sealed secrets. Errors: NotFound.
	Connection(ctx context.Context, erp string) (Connection, []SealedSecret, error)
	// Connections lists every saved connection, by ERP.
	Connections(ctx context.Context) ([]Connection, error)
	// RecordPushes stores each push's outcome over the voucher's previous
	// one, its attempt counted up.
	RecordPushes(ctx context.Context, ps []Push) error
	// Pushes returns erp's push rows of entity's period, by voucher id;
	// entity 0 is every entity.
	Pushes(ctx context.Context, erp string, entity int64, period string) ([]Push, error)
}
