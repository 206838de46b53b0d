package main

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/fnshub/fnshub/internal/config"
)

func tokenCmd() command {
	var verb, user, label, id string
	return command{name: "token", verb: "create|list|revoke", chosen: &verb,
		args:    "create --user NAME [--label TEXT] | list [--user NAME] | revoke --id ID",
		summary: "create, list or revoke API tokens",
		help: "create: creates an API token for a user and prints it alone on standard output, once; only a\n" +
			"hash is kept. Send it as 'Authorization: Bearer <token>'. Example:\n" +
			"  TOKEN=$(fnshub token create --user alice --label ci)\n" +
			"list: prints every token, or the user's with --user: id, user, label, when created and last\n" +
			"used, active or revoked. Secrets are never shown again.\n" +
			"revoke: the token with that id (from list) stops working at once, for good.",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&user, "user", "", "the user the token acts as (create), or whose tokens to list")
			fs.StringVar(&label, "label", "", "a note to tell tokens apart")
			fs.StringVar(&id, "id", "", "the token id to revoke, as token list shows it")
		},
		run: func(ctx context.Context, env cliEnv, cfg config.Config) error {
			switch {
			case verb == "create" && user == "":
				return usageErr("--user is required")
			case verb == "revoke" && id == "":
				return usageErr("--id is required")
			}
			return withHub(ctx, env, cfg, func(h *hub) error {
				switch verb {
				case "list":
					return listTokens(ctx, env, cfg, h, user)
				case "revoke":
					if err := h.auth.RevokeToken(ctx, id); err != nil {
						return err
					}
					fmt.Fprintf(env.stdout, "revoked token %s\n", id)
					return h.recordCLI(ctx, env, "token revoke", "token "+id, nil)
				}
				secret, tok, err := h.auth.CreateToken(ctx, user, label)
				if err != nil {
					return err
				}
				fmt.Fprintln(env.stdout, secret)
				return h.recordCLI(ctx, env, "token create", "token "+tok.ID, map[string]any{"user": user, "label": label})
			})
		}}
}

func listTokens(ctx context.Context, env cliEnv, cfg config.Config, h *hub, user string) error {
	tokens, err := h.auth.ListTokens(ctx, user)
	if err != nil {
		return err
	}
	at := func(t time.Time) string {
		if t.IsZero() {
			return "never"
		}
		return t.In(cfg.Location()).Format(time.RFC3339)
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tUSER\tLABEL\tCREATED\tLAST USED\tSTATUS")
	for _, t := range tokens {
		status := "active"
		if t.Revoked {
			status = "revoked"
		}
		// Quoted, so an empty label or one with spaces keeps the columns.
		fmt.Fprintf(tw, "%s\t%s\t%q\t%s\t%s\t%s\n", t.ID, t.User, t.Label, at(t.CreatedAt), at(t.LastUsedAt), status)
	}
	return tw.Flush()
}
