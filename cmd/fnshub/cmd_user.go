package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/config"
	"golang.org/x/term"
)

func userCmd() command {
	var verb, name, role string
	var fromStdin bool
	return command{name: "user", verb: "add|list|enable|disable|role|password", chosen: &verb,
		args:    "add --name NAME --role ROLE [--password-stdin] | list | enable --name NAME | disable --name NAME | role --name NAME --role ROLE | password --name NAME [--password-stdin]",
		summary: "add, list, enable, disable or re-role users, or reset a password",
		help: "add: adds a user with a role: " + roleList() + ".\n" +
			"The password is asked for at the terminal, or read from the first line of standard input with\n" +
			"--password-stdin. It must be 12 characters or more, must not contain the user name, be one character\n" +
			"or a short pattern repeated or a run such as 123456789012, or be one of the commonest passwords.\n" +
			"It is stored as an argon2id hash.\n" +
			"list: prints every user: id, name, role, active or disabled, and when they were added.\n" +
			"enable: the user can sign in again, and their tokens that were not revoked work again.\n" +
			"disable: the user can no longer sign in, and all their API tokens and console sessions stop working at once.\n" +
			"role: gives the user another role, from their next request on; their console sessions end.\n" +
			"password: sets a new password (same rules as add) without the old one and ends the user's console\n" +
			"sessions; their API tokens keep working.\n" +
			"The last active admin cannot be disabled or given another role: make another user admin first.",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&name, "name", "", "user name (letters, digits, . _ - @)")
			fs.StringVar(&role, "role", "", "role: "+roleList())
			fs.BoolVar(&fromStdin, "password-stdin", false, "read the password from standard input")
		},
		run: func(ctx context.Context, env cliEnv, cfg config.Config) error {
			switch {
			case verb == "list":
				return withHub(ctx, env, cfg, func(h *hub) error { return listUsers(ctx, env, cfg, h) })
			case name == "":
				return usageErr("--name is required")
			case verb == "add":
				return addUser(ctx, env, cfg, name, role, fromStdin)
			case verb == "password":
				return resetPassword(ctx, env, cfg, name, fromStdin)
			case verb == "role" && role == "":
				return usageErr("--role is required")
			}
			return withHub(ctx, env, cfg, func(h *hub) error { return changeUser(ctx, env, h, verb, name, role) })
		}}
}

// withHub opens the hub (migrating it, as every writing command does), runs
// fn and closes it.
func withHub(ctx context.Context, env cliEnv, cfg config.Config, fn func(h *hub) error) error {
	h, err := openHub(ctx, cfg, env.getenv, newLogger(env.stderr, cfg), true)
	if err != nil {
		return err
	}
	defer h.close()
	return fn(h)
}

func addUser(ctx context.Context, env cliEnv, cfg config.Config, name, role string, fromStdin bool) error {
	r, err := auth.ParseRole(role)
	if err != nil {
		return usageErr("%v", err)
	}
	password, err := readPassword(env, fromStdin)
	if err != nil {
		return err
	}
	return withHub(ctx, env, cfg, func(h *hub) error {
		u, err := h.auth.AddUser(ctx, name, r, password)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "added user %s (id %d, role %s)\n", u.Name, u.ID, u.Role)
		return nil
	})
}

func resetPassword(ctx context.Context, env cliEnv, cfg config.Config, name string, fromStdin bool) error {
	password, err := readPassword(env, fromStdin)
	if err != nil {
		return err
	}
	return withHub(ctx, env, cfg, func(h *hub) error {
		if err := h.auth.SetPassword(ctx, name, password); err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "set a new password for %s; their console sessions have ended\n", name)
		return nil
	})
}

func changeUser(ctx context.Context, env cliEnv, h *hub, verb, name, role string) error {
	switch verb {
	case "enable":
		if err := h.auth.EnableUser(ctx, name); err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "enabled user %s; their unrevoked tokens work again\n", name)
	case "disable":
		if err := h.auth.DisableUser(ctx, name); err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "disabled user %s; their tokens no longer work\n", name)
	case "role":
		r, err := auth.ParseRole(role)
		if err != nil {
			return usageErr("%v", err)
		}
		u, err := h.auth.SetRole(ctx, name, r)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "user %s now has role %s\n", u.Name, u.Role)
	}
	return nil
}

func listUsers(ctx context.Context, env cliEnv, cfg config.Config, h *hub) error {
	users, err := h.auth.Users(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tROLE\tSTATUS\tCREATED")
	for _, u := range users {
		status := "active"
		if u.Disabled {
			status = "disabled"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", u.ID, u.Name, u.Role, status, u.CreatedAt.In(cfg.Location()).Format(time.RFC3339))
	}
	return tw.Flush()
}

// readPassword reads from stdin with --password-stdin, else prompts twice at
// the terminal without echo.
func readPassword(env cliEnv, fromStdin bool) (string, error) {
	if fromStdin {
		line, err := bufio.NewReader(env.stdin).ReadString('\n')
		if err != nil && line == "" {
			return "", usageErr("--password-stdin given but standard input is empty")
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	f, ok := env.stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", usageErr("no terminal to ask for the password: pass --password-stdin and pipe it in")
	}
	fmt.Fprint(env.stderr, "Password: ")
	first, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprint(env.stderr, "\nAgain: ")
	second, err2 := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(env.stderr)
	if err != nil || err2 != nil {
		return "", fmt.Errorf("read password: %v %v", err, err2)
	}
	if string(first) != string(second) {
		return "", usageErr("the two passwords differ")
	}
	return string(first), nil
}

func roleList() string {
	var rs []string
	for _, r := range auth.Roles() {
		rs = append(rs, string(r))
	}
	return strings.Join(rs, ", ")
}
