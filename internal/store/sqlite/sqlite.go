// Package sqlite opens fnshub's embedded default database: one SQLite file,
// configured on purpose (see docs/adr/0002-sqlite-configuration.md).
package sqlite

import (
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"

	"github.com/fnshub/fnshub/internal/store"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrations embed.FS

// FileName is the database file inside the data directory.
const FileName = "fnshub.db"

// pragmas apply to every connection. synchronous=FULL makes each commit
// fsync the WAL, so an acknowledged write survives power loss; group commit
// (several entries per transaction) pays that fsync once per group.
var pragmas = []string{
	"journal_mode(WAL)",
	"synchronous(FULL)",
	"busy_timeout(10000)",
	"foreign_keys(1)",
	"cache_size(-65536)", // 64 MiB per connection
	"temp_store(MEMORY)",
}

// Open opens (creating if needed) the database in dir: one writer connection,
// whose transactions take the write lock at BEGIN so they never deadlock on
// upgrade, and a pool of query-only readers that run beside it under WAL.
func Open(dir string) (*store.DB, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("sqlite: create data directory %s: %w", dir, err)
	}
	path := filepath.Join(dir, FileName)
	if err := createPrivate(path); err != nil {
		return nil, err
	}
	write, err := open(path, 1, false)
	if err != nil {
		return nil, err
	}
	read, err := open(path, max(4, 2*runtime.GOMAXPROCS(0)), true)
	if err != nil {
		write.Close()
		return nil, err
	}
	sub, _ := fs.Sub(migrations, "migrations")
	return store.New(dialect{}, write, read, sub), nil
}

// createPrivate creates the database file readable by its owner only, as
// it holds the books and sealed contacts; SQLite gives the -wal and -shm
// files the database file's mode. An existing file is left as it is.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	switch {
	case errors.Is(err, fs.ErrExist):
		return nil
	case err != nil:
		return fmt.Errorf("sqlite: create %s: %w", path, err)
	}
	return f.Close()
}

// driver is the database/sql driver and how to speak to it: modernc.org/sqlite
// (pure Go, ADR 2) unless built with -tags cgosqlite (cgo.go), which exists
// only to measure a cgo driver against it.
var driver = struct {
	name string
	dsn  func(path string, readOnly bool) string
	code func(error) int // the extended result code of err, 0 when it is none
}{"sqlite", moderncDSN, moderncCode}

// moderncDSN: readers are query-only; the writer takes the write lock at
// BEGIN.
func moderncDSN(path string, readOnly bool) string {
	q := url.Values{}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	if readOnly {
		return "file:" + path + "?" + q.Encode() + "&_pragma=query_only(1)"
	}
	return "file:" + path + "?" + q.Encode() + "&_txlock=immediate"
}

func open(path string, conns int, readOnly bool) (*sql.DB, error) {
	db, err := sql.Open(driver.name, driver.dsn(path, readOnly))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	db.SetConnMaxLifetime(0)
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	return db, nil
}

type dialect struct{}

func (dialect) Engine() store.Engine   { return store.SQLite }
func (dialect) Rebind(q string) string { return q }
func (dialect) ForUpdate() string      { return "" }
func (dialect) MaxParams() int         { return 32766 }
func (dialect) Retryable(err error) bool {
	return code(err)&0xff == sqlite3.SQLITE_BUSY || code(err)&0xff == sqlite3.SQLITE_LOCKED
}
func (dialect) UniqueViolation(err error) bool {
	c := code(err)
	return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

func code(err error) int { return driver.code(err) }

func moderncCode(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code()
	}
	return 0
}
