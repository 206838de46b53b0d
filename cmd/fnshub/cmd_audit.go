package main

import (
	"context"
	"flag"
	"time"

	"github.com/fnshub/fnshub/internal/audit"
	"github.com/fnshub/fnshub/internal/config"
)

func auditCmd() command {
	var verb, from, to, actor, action string
	return command{name: "audit", verb: "export", chosen: &verb,
		args:    "export [--from DATE|TIME] [--to DATE|TIME] [--actor NAME] [--action ACTION] > FILE.csv",
		summary: "export the audit log as CSV for Excel",
		help: "Writes the audit log's entries, newest first, to standard output as CSV: UTF-8 with a byte order\n" +
			"mark (so Excel reads Chinese right), a header row seq, at, actor, role, via, action, target, status,\n" +
			"detail, prev_hash, hash, and one row per entry. --from is inclusive, --to exclusive; a date\n" +
			"(2026-11-11) means that day in --timezone (--to 2026-11-11 includes the whole day), or give an\n" +
			"RFC 3339 time. `fnshub check` verifies the log's hash chain. Changes nothing.",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&from, "from", "", "entries at or after this date or time")
			fs.StringVar(&to, "to", "", "entries before this time, or up to the end of this date")
			fs.StringVar(&actor, "actor", "", "only this user's entries")
			fs.StringVar(&action, "action", "", "only this action, e.g. \"PATCH /api/v1/users/{name}\"")
		},
		run: func(ctx context.Context, env cliEnv, cfg config.Config) error {
			f := audit.Filter{Actor: actor, Action: action}
			var err error
			if f.From, err = parseWhen("--from", from, cfg.Location(), false); err != nil {
				return err
			}
			if f.To, err = parseWhen("--to", to, cfg.Location(), true); err != nil {
				return err
			}
			h, err := openHub(ctx, cfg, env.getenv, newLogger(env.stderr, cfg), false)
			if err != nil {
				return err
			}
			defer h.close()
			return h.audit.WriteCSV(ctx, env.stdout, f, cfg.Location())
		}}
}

// parseWhen reads a date in loc (its start, or with end the next day's
// start) or an RFC 3339 time; empty is the zero time.
func parseWhen(flagName, v string, loc *time.Location, end bool) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	d, err := time.ParseInLocation(time.DateOnly, v, loc)
	if err != nil {
		return time.Time{}, usageErr("%s %q must be a date (2026-11-11) or an RFC 3339 time (2026-11-11T08:00:00+08:00)", flagName, v)
	}
	if end {
		d = d.AddDate(0, 0, 1)
	}
	return d, nil
}
