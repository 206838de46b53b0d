package erp

import (
	"fmt"
	"net/http"
	"slices"
	"sync"
)

// Config is what a pusher for one ERP is built from: the connection's
// settings and its secrets, opened, as the merchant saved them
// (PUT /api/v1/erp/{erp}/settings).
type Config struct {
	BaseURL  string            // the ERP's API address
	Settings map[string]string // non-secret: account ids, user names, book numbers
	Secrets  map[string]string // opened: app secrets, passwords, tokens
	HTTP     *http.Client      // nil for a default with a timeout
}

// Spec describes one ERP pusher: the settings and secrets it reads, and
// how it is built. Each pusher package registers its Spec in an init
// function; cmd/fnshub imports them (connectors.go).
type Spec struct {
	Name     string
	Settings []string // the setting names it reads, required ones first
	Required []string // the settings and secrets it cannot work without
	Secrets  []string // the secret names it reads
	New      func(Config) (Pusher, error)
}

var (
	registryMu sync.RWMutex
	registry   = map[string]Spec{}
)

// Register adds an ERP pusher. It panics when the name is registered
// twice: two packages claiming one ERP is a wiring bug found at start.
func Register(s Spec) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[s.Name]; dup {
		panic("erp: pusher " + s.Name + " registered twice")
	}
	registry[s.Name] = s
}

// Lookup returns the Spec registered for erp.
func Lookup(erp string) (Spec, bool) {
	registryMu.RLock()
	defer registryMu.RUnlock()
	s, ok := registry[erp]
	return s, ok
}

// Registered lists the ERPs with a pusher, by name.
func Registered() []string {
	registryMu.RLock()
	defer registryMu.RUnlock()
	var out []string
	for name := range registry {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// Open builds erp's pusher from cfg.
func Open(erp string, cfg Config) (Pusher, error) {
	s, ok := Lookup(erp)
	if !ok {
		return nil, fmt.Errorf("erp: no pusher for %s in this build (it has %v); export a file instead", erp, Registered())
	}
	return s.New(cfg)
}
