package main

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/fnshub/fnshub/internal/config"
	"github.com/fnshub/fnshub/internal/httpapi"
)

// setupCodeFile is where serve leaves the one-time setup code, in the data
// directory: readable only by whoever runs the hub, never logged.
const setupCodeFile = "setup-code"

// openFirstRun prepares first-run setup when the hub has no users: on the
// embedded SQLite it writes a fresh code to DATA/setup-code (0600) for
// POST /api/v1/setup; with --db there is no directory of the server's own
// to put it in, so the operator adds the first admin with the CLI. It
// returns nil when there are users, or with --db.
// The returned announce logs, once serving at url, what to do.
func openFirstRun(ctx context.Context, h *hub, cfg config.Config, log *slog.Logger) (fr *httpapi.FirstRun, announce func(url string), err error) {
	users, err := h.auth.Users(ctx)
	if err != nil {
		return nil, nil, err
	}
	path := filepath.Join(cfg.DataDir, setupCodeFile)
	if len(users) > 0 {
		if !cfg.UsesPostgres() {
			// A code left by an earlier start is of no use any more.
			if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return nil, nil, err
			}
		}
		return nil, func(string) {}, nil
	}
	if cfg.UsesPostgres() {
		return nil, func(string) {
			log.Warn("no users yet: add the first admin with `fnshub user add --db URL --name NAME --role admin`, then sign in")
		}, nil
	}
	code := newSetupCode()
	if err := writeSecretFile(path, code+"\n"); err != nil {
		return nil, nil, fmt.Errorf("write the first-run setup code: %w", err)
	}
	fr = &httpapi.FirstRun{Code: code, Done: func() {
		if err := os.Remove(path); err != nil {
			log.Warn("removing the used setup code", "path", path, "err", err)
		}
		log.Info("first admin created; setup is closed")
	}}
	announce = func(url string) {
		log.Warn("no users yet: open the console's setup page and enter the one-time code from the file",
			"setup_url", url+"/setup", "setup_code_file", path)
	}
	return fr, announce, nil
}

// newSetupCode is 20 random bytes in base32: 160 bits, typed or pasted once.
func newSetupCode() string {
	b := make([]byte, 20)
	rand.Read(b) // never fails since Go 1.24
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
}

// writeSecretFile writes data to path readable by its owner only, even if
// the file existed with a wider mode.
func writeSecretFile(path, data string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := f.WriteString(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
