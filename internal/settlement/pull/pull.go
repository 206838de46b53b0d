// Package pull is the contract of the settlement sources: the platform
// APIs that hand out settlement files (Shopify Payments, Amazon's
// settlement reports), and the registry the hub finds them in
// (docs/adr/0054-settlement-pulls.md). A source only fetches; the hub
// imports what it fetched through the settlement import and keeps the
// cursor. Sources download their files with Download, to a temporary
// file, never into memory.
package pull

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sort"
	"sync"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
)

// SettingSources is the shop setting that turns pulls on: the sources to
// pull, comma-separated ("shopify-payments").
const SettingSources = "settlement_pull"

// File is one settlement file a source fetched.
type File struct {
	Name   string // for the import's record: "amazon-settlement-18906543210.tsv"
	Format string // the settlement format that reads it (internal/settlement/parse)
	// Disk is the file as downloaded (Download.Get), at its start; the
	// source removes it once each returns. Body is a file held in memory
	// instead (Shopify's pages, each an API answer). Neither, or an empty
	// file: the platform has no file for what the cursor passes (a day
	// without business), which only moves the cursor.
	Disk *Spool
	Body []byte
	// Cursor is the source's mark once this file is imported: the next
	// Fetch given it returns only what may be new after this file.
	Cursor string
}

// Empty reports a file with nothing to import.
func (f File) Empty() bool {
	return len(f.Body) == 0 && (f.Disk == nil || f.Disk.Size() == 0)
}

// Reader is the file to import: Disk itself (an *os.File, which the
// import reads in place) or Body.
func (f File) Reader() io.Reader {
	if f.Disk != nil {
		return f.Disk.File()
	}
	return bytes.NewReader(f.Body)
}

// Source fetches one shop's settlement files from one platform API.
type Source interface {
	// Fetch calls each with the files that may be new since cursor ("" for
	// none: from since on), oldest first. It stops at the first error of
	// each and returns it. Errors: *channel.Error for the platform's
	// answers.
	Fetch(ctx context.Context, cursor string, since time.Time, each func(File) error) error
}

// Config is what a source is built from: like channel.Config, one shop's
// settings, opened secrets, API base URL and HTTP client.
type Config struct {
	Shop     string
	Settings map[string]string
	Secrets  map[string]string
	BaseURL  string          // "" for the platform's own address
	HTTP     *channel.Client // NewClient's, so that downloads stream
	MaxFile  int64           // the cap on one downloaded file, decompressed; 0: DefaultMaxFile
	TempDir  string          // where downloads are written; "": os.TempDir()
}

// Download is the download of what, by source (named platform in
// errors), within cfg's cap and directory.
func (cfg Config) Download(source, platform, what string) Download {
	return Download{Source: source, Platform: platform, What: what, Max: cfg.MaxFile, Dir: cfg.TempDir}
}

// Kind is one source's entry in the registry.
type Kind struct {
	Name     string   // "shopify-payments"
	Channels []string // the shop channels it serves
	Limits   channel.Limits
	Settings []string // settings a shop must have
	Secrets  []string // secrets a shop must have
	New      func(Config) (Source, error)
}

var (
	mu    sync.RWMutex
	kinds = map[string]Kind{}
)

// Register adds a source kind; a name registered twice panics (a wiring
// bug, found at start).
func Register(k Kind) {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := kinds[k.Name]; dup {
		panic(fmt.Sprintf("pull: source %s registered twice", k.Name))
	}
	kinds[k.Name] = k
}

// Lookup returns the source kind called name.
func Lookup(name string) (Kind, bool) {
	mu.RLock()
	defer mu.RUnlock()
	k, ok := kinds[name]
	return k, ok
}

// Names lists the registered sources, sorted.
func Names() []string {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]string, 0, len(kinds))
	for n := range kinds {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
