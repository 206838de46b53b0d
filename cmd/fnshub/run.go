package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/fnshub/fnshub/internal/arap"
	"github.com/fnshub/fnshub/internal/config"
)

// cliEnv is the process's outside world, passed in so tests can run the CLI
// in-process.
type cliEnv struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

// command is one subcommand.
type command struct {
	name, args, summary, help string
	verb                      string    // the required word(s) after the name, as in "user add"; alternatives split by "|"
	chosen                    *string   // where the word given goes, for commands with alternatives
	operand                   *string   // where a single positional argument goes, if the command takes one
	operands                  *[]string // where the positional arguments go, for a command that takes several
	run                       func(ctx context.Context, env cliEnv, cfg config.Config) error
	flags                     func(fs *flag.FlagSet) // extra flags beyond the shared configuration
}

// Exit codes.
const (
	exitOK      = 0
	exitFailed  = 1
	exitUsage   = 2
	exitBroken  = 3 // fnshub check found a broken invariant
	programName = "fnshub"
)

// errBroken is returned by check when an invariant does not hold.
var errBroken = errors.New("invariants broken")

func commands() []command {
	return []command{serveCmd(), demoCmd(), migrateCmd(), checkCmd(), accountsCmd(), periodCmd(), entityCmd(), shopCmd(), shopSecretCmd(), shopContractCmd(), reconRulesCmd(), fxCmd(), buyerCmd(), userCmd(), tokenCmd(), importCmd(), exportCmd(), invoiceCmd(), partyCmd(arap.Customer), partyCmd(arap.Supplier), apBillCmd(), arInvoiceCmd(), arAgingCmd(), cashflowCmd(), profitCmd(), profitSpendCmd(), profitRatesCmd(), settlementCmd(), settlementMappingCmd(), auditCmd(), replayCmd(), jobsCmd(), configCmd(), benchCmd(), versionCmd()}
}

func run(ctx context.Context, args []string, env cliEnv) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(env.stdout)
		return exitOK
	}
	if c, n, ok := findCommand(args); ok {
		return runCommand(ctx, c, args[n:], env)
	}
	fmt.Fprintf(env.stderr, "fnshub: unknown command %q\n\n", args[0])
	usage(env.stderr)
	return exitUsage
}

// findCommand returns the command args name and how many words its name
// took: a name may be two words ("shop secret"), and the longest match
// wins, so "shop secret set" is not "shop" with verb "secret".
func findCommand(args []string) (found command, words int, ok bool) {
	for _, c := range commands() {
		name := strings.Fields(c.name)
		if len(name) > words && len(args) >= len(name) && slices.Equal(args[:len(name)], name) {
			found, words, ok = c, len(name), true
		}
	}
	return found, words, ok
}

func runCommand(ctx context.Context, c command, args []string, env cliEnv) int {
	fs := flag.NewFlagSet(programName+" "+c.name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.stderr, "Usage: fnshub %s %s\n\n%s\n\nFlags (each also read from its FNSHUB_* variable):\n", c.name, c.args, c.help)
		fs.PrintDefaults()
	}
	if c.flags != nil {
		c.flags(fs)
	}
	if c.verb != "" && !(len(args) > 0 && (args[0] == "-h" || args[0] == "--help")) {
		if len(args) == 0 || !slices.Contains(strings.Split(c.verb, "|"), args[0]) {
			fmt.Fprintf(env.stderr, "fnshub %s: say 'fnshub %s %s'\nRun 'fnshub %s --help' for usage.\n", c.name, c.name, c.args, c.name)
			return exitUsage
		}
		if c.chosen != nil {
			*c.chosen = args[0]
		}
		args = args[1:]
	}
	cfg, rest, err := config.Load(fs, args, env.getenv)
	if err == nil && c.operand != nil && len(rest) > 1 {
		// Flags may follow the operand too (fnshub period reopen 2026-11
		// --reason R): the flag package stops at the first argument.
		if err = fs.Parse(rest[1:]); err == nil {
			rest = append(rest[:1], fs.Args()...)
		}
	}
	switch {
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case err != nil:
		fmt.Fprintf(env.stderr, "fnshub %s: %v\n", c.name, err)
		return exitUsage
	case c.operand != nil && len(rest) == 1:
		*c.operand = rest[0]
	case c.operands != nil:
		*c.operands = rest
	case len(rest) > 0:
		fmt.Fprintf(env.stderr, "fnshub %s: unexpected argument %q\nRun 'fnshub %s --help' for usage.\n", c.name, rest[0], c.name)
		return exitUsage
	}
	err = c.run(ctx, env, cfg)
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errBroken):
		return exitBroken
	case errors.Is(err, errUsage):
		fmt.Fprintf(env.stderr, "fnshub %s: %v\nRun 'fnshub %s --help' for usage.\n", c.name, err, c.name)
		return exitUsage
	}
	fmt.Fprintf(env.stderr, "fnshub %s: %v\n", c.name, err)
	return exitFailed
}

// errUsage marks an error in how a command was called.
var errUsage = errors.New("usage")

func usageErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errUsage, fmt.Sprintf(format, args...))
}

func usage(w io.Writer) {
	var b strings.Builder
	b.WriteString("fnshub — FNS integration hub: finance, sales channels and supply chain in one binary.\n\n")
	b.WriteString("Usage: fnshub <command> [flags]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-11s %s\n", c.name, c.summary)
	}
	b.WriteString("\nEvery command takes --data DIR (SQLite, the default: ./fnshub-data) or --db postgres://…,\n")
	b.WriteString("and reads the same settings from the environment: " + config.EnvNames() + ".\n")
	b.WriteString("Run 'fnshub <command> --help' for a command's flags.\n")
	io.WriteString(w, b.String())
}
