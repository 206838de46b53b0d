package sqlite

import (
	"context"
	"fmt"
	"os"

	"github.com/fnshub/fnshub/internal/store"
)

// OpenScratch opens a migrated database in a new temporary directory; drop
// closes it and removes the directory. Tests and benchmarks use it.
func OpenScratch(ctx context.Context) (db *store.DB, drop func(), err error) {
	dir, err := os.MkdirTemp("", "fnshub-scratch-")
	if err != nil {
		return nil, nil, err
	}
	if db, err = Open(dir); err == nil {
		if _, err = db.Migrate(ctx); err != nil {
			db.Close()
		}
	}
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, fmt.Errorf("sqlite: scratch database: %w", err)
	}
	return db, func() { db.Close(); os.RemoveAll(dir) }, nil
}
