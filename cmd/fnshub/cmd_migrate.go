package main

import (
	"context"
	"fmt"

	"github.com/fnshub/fnshub/internal/config"
)

func migrateCmd() command {
	return command{name: "migrate", args: "[--data DIR | --db URL]",
		summary: "bring the database schema up to date",
		help:    "Applies the migrations embedded in this binary that the database lacks, and installs the\ndefault chart of accounts. Running it again changes nothing.",
		run: func(ctx context.Context, env cliEnv, cfg config.Config) error {
			h, err := openHub(ctx, cfg, env.getenv, newLogger(env.stderr, cfg), true)
			if err != nil {
				return err
			}
			defer h.close()
			current, _, err := h.db.MigrationState(ctx)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "schema at version %d on %s\n", current, h.db.Engine())
			return nil
		}}
}
