package inventorydb

import (
	"context"
	"errors"
	"fmt"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/store"
)

// InTx runs fn, a stock change whose movement is recorded under key, in a
// transaction, and runs it once more only when that can succeed: when a
// same-key twin committed after fn looked for the key. fn (MoveTx,
// ReturnTx, a transfer) looks for its key first and replays or refuses what
// it finds; a twin committing after that look fails fn on the key's unique
// index or — under PostgreSQL's read committed, where the twin's effect on a
// level shows before the key is looked for again — with a Conflict such as
// insufficient stock. Then the key is committed, and the second run finds it
// and replays the twin (or refuses a different body). A conflict fn decided
// on what it saw — the key reused with another body, stock that is not
// there, a reservation resolved otherwise — is returned at once: running it
// again would only repeat it.
func InTx(ctx context.Context, db *store.DB, key string, fn func(*store.Tx) error) error {
	err := db.InTx(ctx, fn)
	if !mayBeTwin(db, err) {
		return err
	}
	twin, lookErr := keyRecorded(ctx, db, key)
	switch {
	case lookErr != nil:
		return errors.Join(err, lookErr)
	case !twin:
		return err
	}
	return db.InTx(ctx, fn)
}

// mayBeTwin reports whether err is a failure a same-key twin can cause.
func mayBeTwin(db *store.DB, err error) bool {
	if err == nil {
		return false
	}
	var fe *fault.Error
	if errors.As(err, &fe) {
		return fe.Kind == fault.Conflict && fe.Code != codeKeyReused
	}
	return db.UniqueViolation(err)
}

// keyRecorded reports whether a movement is committed under key.
func keyRecorded(ctx context.Context, db *store.DB, key string) (bool, error) {
	var n int
	err := db.Read(ctx, func(tx *store.Tx) error {
		return tx.QueryRow(ctx, `SELECT COUNT(*) FROM stock_movements WHERE source_key = ?`, key).Scan(&n)
	})
	if err != nil {
		return false, fmt.Errorf("inventorydb: look up stock change %s: %w", key, err)
	}
	return n > 0, nil
}
