package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/config"
	"golang.org/x/term"
)

func userCmd() command {
	var verb, name, role string
	var fromStdin bool
	return command{name: "user", verb: "add|disable", chosen: &verb, args: "add --name NAME --role ROLE [--password-stdin] | disable --name NAME",
		summary: "add or disable a user",
		help: "add: adds a user with a role: " + roleList() + ".\n" +
			"The password (12 characters or more) is asked for at the terminal, or read from the first line\n" +
			"of standard input with --password-stdin. It is stored as an argon2id hash.\n" +
			"disable: the user can no longer sign in, and all their API tokens stop working at once.",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&name, "name", "", "user name (letters, digits, . _ - @)")
			fs.StringVar(&role, "role", "", "role: "+roleList())
			fs.BoolVar(&fromStdin, "password-stdin", false, "read the password from standard input")
		},
		run: func(ctx context.Context, env cliEnv, cfg config.Config) error {
			if verb == "disable" {
				return disableUser(ctx, env, cfg, name)
			}
			r, err := auth.ParseRole(role)
			if err != nil {
				return usageErr("%v", err)
			}
			password, err := readPassword(env, fromStdin)
			if err != nil {
				return err
			}
			h, err := openHub(ctx, cfg, env.getenv, newLogger(env.stderr, cfg), true)
			if err != nil {
				return err
			}
			defer h.close()
			u, err := h.auth.AddUser(ctx, name, r, password)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "added user %s (id %d, role %s)\n", u.Name, u.ID, u.Role)
			return nil
		}}
}

func disableUser(ctx context.Context, env cliEnv, cfg config.Config, name string) error {
	h, err := openHub(ctx, cfg, env.getenv, newLogger(env.stderr, cfg), true)
	if err != nil {
		return err
	}
	defer h.close()
	if err := h.auth.DisableUser(ctx, name); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "disabled user %s; their tokens no longer work\n", name)
	return nil
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
