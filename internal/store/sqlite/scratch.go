package sqlite

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/fnshub/fnshub/internal/store"
)

// OpenScratch opens a migrated database in a new temporary directory; drop
// closes it and removes the directory. Tests and benchmarks use it.
//
// The database starts as a byte copy of one this process migrated once
// (migratedImage), not migrated anew: migrating costs about 80 ms, and about
// 1–2 s under the race detector, because the pure-Go engine re-parses the whole
// schema after every DDL statement, and the test suites open hundreds.
func OpenScratch(ctx context.Context) (db *store.DB, drop func(), err error) {
	image, err := migratedImage(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("sqlite: scratch database: %w", err)
	}
	dir, err := os.MkdirTemp("", "fnshub-scratch-")
	if err != nil {
		return nil, nil, err
	}
	if err = os.WriteFile(filepath.Join(dir, FileName), image, 0o600); err == nil {
		db, err = Open(dir)
	}
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, fmt.Errorf("sqlite: scratch database: %w", err)
	}
	return db, func() { db.Close(); os.RemoveAll(dir) }, nil
}

// image is the file of a freshly migrated database, made on first use and
// then only read. It is process-wide on purpose: it is derived from the
// embedded migrations alone, so every scratch database may share it.
var image struct {
	once  sync.Once
	bytes []byte
	err   error
}

func migratedImage(ctx context.Context) ([]byte, error) {
	image.once.Do(func() {
		// Not the caller's cancellation: the image outlives its request.
		image.bytes, image.err = migrateImage(context.WithoutCancel(ctx))
	})
	return image.bytes, image.err
}

// migrateImage migrates a database in a temporary directory and returns
// its file, with the write-ahead log checkpointed into it.
func migrateImage(ctx context.Context) ([]byte, error) {
	dir, err := os.MkdirTemp("", "fnshub-image-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	db, err := Open(dir)
	if err != nil {
		return nil, err
	}
	_, err = db.Migrate(ctx)
	if err == nil {
		err = checkpoint(ctx, db)
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("migrate the image: %w", err)
	}
	return os.ReadFile(filepath.Join(dir, FileName))
}

// checkpoint moves every committed page from the write-ahead log into the
// database file, so that the file alone is the migrated database.
func checkpoint(ctx context.Context, db *store.DB) error {
	var busy, logPages, moved int
	err := db.Writer().QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logPages, &moved)
	if err == nil && busy != 0 {
		err = fmt.Errorf("checkpoint blocked: %d of %d log pages moved", moved, logPages)
	}
	return err
}
