package store

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"

	"github.com/fnshub/fnshub/internal/fault"
	_ "modernc.org/sqlite"
)

var errBusy = errors.New("database is locked (5) (SQLITE_BUSY)")

// busyDialect calls errBusy retryable, as the engines call theirs.
type busyDialect struct{}

func (busyDialect) Engine() Engine                 { return SQLite }
func (busyDialect) Rebind(q string) string         { return q }
func (busyDialect) ForUpdate() string              { return "" }
func (busyDialect) Retryable(err error) bool       { return errors.Is(err, errBusy) }
func (busyDialect) UniqueViolation(err error) bool { return false }
func (busyDialect) MaxParams() int                 { return 999 }

func TestDB_BusyThroughEveryAttemptIsUnavailable(t *testing.T) {
	pool, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "busy.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pool.Close() })
	db := New(busyDialect{}, pool, pool, nil)
	db.MaxAttempts = 3
	calls := 0
	err = db.InTx(context.Background(), func(*Tx) error { calls++; return errBusy })
	var fe *fault.Error
	if !errors.As(err, &fe) || fe.Kind != fault.Unavailable || fe.Code != "database_busy" || !errors.Is(err, errBusy) || calls != 3 {
		t.Fatalf("InTx = %v after %d calls; want Unavailable database_busy wrapping the engine's error after 3", err, calls)
	}
	if err := db.Read(context.Background(), func(*Tx) error { return errBusy }); fault.KindOf(err) != fault.Unavailable {
		t.Fatalf("Read = %v, want Unavailable", err)
	}
	other := errors.New("syntax error")
	if err := db.InTx(context.Background(), func(*Tx) error { return other }); err != other {
		t.Fatalf("InTx = %v, want the closure's own error untouched", err)
	}
}
