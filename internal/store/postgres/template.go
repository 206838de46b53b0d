package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// A scratch database is a copy of a migrated template database made with
// CREATE DATABASE … TEMPLATE: some 50 ms on the server, where migrating a new
// schema costs 0.3 s, and 0.7 s under the race detector (goose and 33
// migrations), and the suites make hundreds. The template is named after a
// hash of the embedded migrations, so every test process and every run with
// the same migrations shares one, and a branch with other migrations gets
// its own instead of a copy of the wrong schema. It is never dropped here:
// other processes (other branches, on a shared server) may be cloning it.

// templates holds one template per server URL, built once per process.
var templates struct {
	sync.Mutex
	made map[string]string // base URL → template database name
}

// templateFor returns the name of the migrated template database on the
// server at base, building it when no process has yet.
func templateFor(ctx context.Context, base string) (string, error) {
	templates.Lock()
	defer templates.Unlock()
	if name, ok := templates.made[base]; ok {
		return name, nil
	}
	name := "fnshub_tmpl_" + migrationsHash()
	if err := buildTemplate(context.WithoutCancel(ctx), base, name); err != nil {
		return "", fmt.Errorf("postgres: template database %s: %w", name, err)
	}
	if templates.made == nil {
		templates.made = map[string]string{}
	}
	templates.made[base] = name
	return name, nil
}

// migrationsHash is a short hash of the embedded migrations' names and text.
func migrationsHash() string {
	names, _ := fs.Glob(migrations, "migrations/*.sql")
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		b, _ := migrations.ReadFile(n)
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// buildTemplate makes the template unless it exists. An advisory lock
// keeps concurrent test processes from building it twice; it is migrated
// under another name and renamed when complete, so a template that exists
// is always whole, even after a builder was killed midway.
func buildTemplate(ctx context.Context, base, name string) error {
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		return err
	}
	defer admin.Close(context.Background())
	if _, err := admin.Exec(ctx, `SELECT pg_advisory_lock(hashtext($1))`, name); err != nil {
		return err
	}
	defer admin.Exec(context.Background(), `SELECT pg_advisory_unlock(hashtext($1))`, name)
	var exists bool
	if err := admin.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil || exists {
		return err
	}
	building := name + "_b"
	if _, err := admin.Exec(ctx, `DROP DATABASE IF EXISTS `+building+` WITH (FORCE)`); err != nil {
		return err
	}
	if _, err := admin.Exec(ctx, `CREATE DATABASE `+building); err != nil {
		return err
	}
	if err := migrateDatabase(ctx, base, building); err != nil {
		return err
	}
	_, err = admin.Exec(ctx, `ALTER DATABASE `+building+` RENAME TO `+name)
	return err
}

func migrateDatabase(ctx context.Context, base, name string) error {
	u, err := databaseURL(base, name)
	if err != nil {
		return err
	}
	db, err := Open(ctx, u, 1)
	if err != nil {
		return err
	}
	_, err = db.Migrate(ctx)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}

// databaseURL is base with its database replaced by name.
func databaseURL(base, name string) (string, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", fmt.Errorf("postgres: bad URL: %w", err)
	}
	u.Path = "/" + name
	return u.String(), nil
}

// cloneTemplate creates database name as a copy of the template. CREATE
// DATABASE refuses while another session is connected to the template,
// which only a passing autovacuum worker may be, so it is tried again.
func cloneTemplate(ctx context.Context, admin *pgx.Conn, name, template string) error {
	var err error
	for try := 0; try < 20; try++ {
		if _, err = admin.Exec(ctx, `CREATE DATABASE `+name+` TEMPLATE `+template); sqlState(err) != "55006" {
			return err
		}
		time.Sleep(50 * time.Millisecond)
	}
	return err
}
