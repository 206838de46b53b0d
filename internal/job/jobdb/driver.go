// Package jobdb runs internal/job's queue on River, over either engine:
// riverdatabasesql on PostgreSQL (our pool is database/sql over pgx, so a
// job is inserted in the same *sql.Tx as the change that causes it) and
// riversqlite on SQLite through our one writer connection
// (docs/adr/0022-job-queue.md).
package jobdb

import (
	"database/sql"

	"github.com/fnshub/fnshub/internal/store"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
)

// driver returns River's driver for the engine over pool; a nil pool makes
// a driver that can only insert inside a caller's transaction.
func driver(engine store.Engine, pool *sql.DB) riverdriver.Driver[*sql.Tx] {
	if engine == store.Postgres {
		return riverdatabasesql.New(pool)
	}
	return riversqlite.New(pool)
}
