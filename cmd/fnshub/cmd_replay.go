package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/config"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/order"
)

func replayCmd() command {
	var ids, source, from, to string
	var refused bool
	var limit int
	return command{name: "replay", args: "(--id N[,N…] | --source S [--from T] [--to T]) [--refused] [--data DIR | --db URL]",
		summary: "run kept inbound payloads again through today's code",
		help: "Every payload the hub answered is kept, refused ones too (API orders, imported rows). replay reads\n" +
			"the chosen ones, oldest first, as if each had just arrived, with today's mappings, rules and code: one\n" +
			"taken in before is a duplicate and changes nothing; one refused before takes effect if it is good now,\n" +
			"or is refused again. Replaying twice changes nothing the second time, and no new payload is kept.\n" +
			"Choose by --id, or by --source (api, import) and a receive-time range (--from, --to: a date in\n" +
			"--timezone or an RFC 3339 time; --to is exclusive, a date meaning the end of that day); --refused\n" +
			"takes only payloads that were refused. Prints one line per payload; exits 1 if any is refused now.",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&ids, "id", "", "kept payload ids, comma-separated")
			fs.StringVar(&source, "source", "", "the source to replay: api or import")
			fs.StringVar(&from, "from", "", "received at or after this date or time")
			fs.StringVar(&to, "to", "", "received before the end of this date, or before this time")
			fs.BoolVar(&refused, "refused", false, "only payloads that were refused")
			fs.IntVar(&limit, "limit", app.MaxReplay, "the most payloads to replay")
		},
		run: func(ctx context.Context, env cliEnv, cfg config.Config) error {
			f, err := replayFilter(ids, source, from, to, cfg.Location())
			if err != nil {
				return err
			}
			f.Refused, f.Limit = refused, limit
			return runReplay(ctx, env, cfg, f)
		}}
}

func replayFilter(ids, source, from, to string, loc *time.Location) (order.RawFilter, error) {
	var f order.RawFilter
	if ids == "" && source == "" {
		return f, errors.New("choose what to replay: --id N[,N…], or --source api|import with --from and --to")
	}
	for _, s := range strings.Split(ids, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return f, fmt.Errorf("--id: %q is not a payload id (a positive integer)", s)
		}
		f.IDs = append(f.IDs, id)
	}
	f.Source = source
	var err error
	if f.From, err = replayTime("--from", from, loc, false); err != nil {
		return f, err
	}
	f.To, err = replayTime("--to", to, loc, true)
	return f, err
}

// replayTime reads a date (its start, or with end the start of the next
// day, in loc) or an RFC 3339 time.
func replayTime(flag, v string, loc *time.Location, end bool) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	d, err := time.ParseInLocation(time.DateOnly, v, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s: %q is not a date (2026-11-11) or an RFC 3339 time (2026-11-11T20:00:00+08:00)", flag, v)
	}
	if end {
		d = d.AddDate(0, 0, 1)
	}
	return d, nil
}

func runReplay(ctx context.Context, env cliEnv, cfg config.Config, f order.RawFilter) error {
	h, err := openHub(ctx, cfg, env.getenv, newLogger(env.stderr, cfg), true)
	if err != nil {
		return err
	}
	defer h.close()
	done, err := h.orders.Replay(ctx, f)
	if err != nil {
		return err
	}
	refused := 0
	for _, d := range done {
		fmt.Fprintf(env.stdout, "payload %d (%s, %s): %s\n", d.RawID, d.Source, d.ReceivedAt.In(cfg.Location()).Format(time.DateTime), replayLine(d))
		if d.Err != nil {
			refused++
		}
	}
	fmt.Fprintf(env.stdout, "replayed %d payload(s): %d refused\n", len(done), refused)
	if err := h.recordCLI(ctx, env, "replay", "raw-events", map[string]any{"ids": f.IDs, "source": f.Source,
		"from": f.From, "to": f.To, "refused_only": f.Refused, "payloads": len(done), "refused": refused}); err != nil {
		return err
	}
	if refused > 0 {
		return fmt.Errorf("%d of %d replayed payloads were refused (listed above)", refused, len(done))
	}
	return nil
}

func replayLine(d app.Replayed) string {
	if d.Err != nil {
		if fault.KindOf(d.Err) == fault.Internal {
			return "failed: " + d.Err.Error()
		}
		return "refused: " + d.Err.Error()
	}
	return fmt.Sprintf("order %d %s, now %s", d.Order.ID, d.Effect, d.Order.Status)
}
