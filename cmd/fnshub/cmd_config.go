package main

import (
	"context"

	"github.com/fnshub/fnshub/internal/config"
)

func configCmd() command {
	return command{name: "config", args: "[flags]", summary: "print the effective configuration, secrets masked",
		help: "Prints every setting after defaults, FNSHUB_* variables and flags are applied, with the\npassword in --db masked. Use it to see what 'serve' would run with.",
		run: func(_ context.Context, env cliEnv, cfg config.Config) error {
			cfg.Print(env.stdout)
			return nil
		}}
}
