package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/fnshub/fnshub/internal/config"
)

func tokenCmd() command {
	var user, label string
	return command{name: "token", verb: "create", args: "create --user NAME [--label TEXT]",
		summary: "create an API token",
		help: "Creates an API token for a user and prints it alone on standard output, once; only a hash\n" +
			"is kept. Send it as 'Authorization: Bearer <token>'. Example:\n" +
			"  TOKEN=$(fnshub token create --user alice --label ci)",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&user, "user", "", "the user the token acts as")
			fs.StringVar(&label, "label", "", "a note to tell tokens apart")
		},
		run: func(ctx context.Context, env cliEnv, cfg config.Config) error {
			if user == "" {
				return usageErr("--user is required")
			}
			h, err := openHub(ctx, cfg, env.getenv, newLogger(env.stderr, cfg), true)
			if err != nil {
				return err
			}
			defer h.close()
			secret, _, err := h.auth.CreateToken(ctx, user, label)
			if err != nil {
				return err
			}
			fmt.Fprintln(env.stdout, secret)
			return nil
		}}
}
