package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/fnshub/fnshub/internal/config"
	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/job/jobdb"
)

func jobsCmd() command {
	var verb, id, state, kind string
	var limit int
	return command{name: "jobs", verb: "list|retry|cancel", chosen: &verb, operand: &id,
		args:    "list [--state S] [--kind K] [--limit N] | retry ID | cancel ID",
		summary: "list, retry or cancel background jobs",
		help: "list: prints jobs, newest first: id, kind, state, attempts, when it runs (next) and its last error.\n" +
			"A failing job is retried with exponential backoff; after its last attempt it is discarded (the dead\n" +
			"letter): list them with --state discarded. States: pending, scheduled, available, running, retryable,\n" +
			"completed, cancelled, discarded.\n" +
			"retry: runs a retryable, discarded, cancelled or scheduled job now. A completed job is not rerun.\n" +
			"cancel: cancels a job that has not finished; a running one ends cancelled unless it completes first.",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&state, "state", "", "list only jobs in this state")
			fs.StringVar(&kind, "kind", "", "list only jobs of this kind")
			fs.IntVar(&limit, "limit", 50, "the most jobs to list (1–500)")
		},
		run: func(ctx context.Context, env cliEnv, cfg config.Config) error {
			if verb == "list" {
				if id != "" {
					return usageErr("list takes no job id")
				}
				return withJobs(ctx, env, cfg, func(q *jobdb.Queue, _ *hub) error {
					return listJobs(ctx, env, cfg, q, job.Filter{State: job.State(state), Kind: kind, Limit: limit})
				})
			}
			n, err := strconv.ParseInt(id, 10, 64)
			if err != nil || n < 1 {
				return usageErr("%s needs a job id (a positive integer), as in 'fnshub jobs %s 42'", verb, verb)
			}
			return withJobs(ctx, env, cfg, func(q *jobdb.Queue, h *hub) error {
				var in job.Info
				if verb == "retry" {
					in, err = q.Retry(ctx, n)
				} else {
					in, err = q.Cancel(ctx, n)
				}
				if err != nil {
					return err
				}
				what := map[string]string{"retry": "retried", "cancel": "cancelled"}[verb]
				if in.State == job.Running {
					what = "asked to stop (it is running)"
				}
				fmt.Fprintf(env.stdout, "job %d (%s) %s: now %s\n", in.ID, in.Kind, what, in.State)
				return h.recordCLI(ctx, env, "jobs "+verb, fmt.Sprintf("job %d", in.ID), map[string]any{"kind": in.Kind, "state": in.State})
			})
		}}
}

// withJobs opens the hub and a queue that works no jobs itself, for the
// list, retry and cancel of the jobs the serve nodes run.
func withJobs(ctx context.Context, env cliEnv, cfg config.Config, fn func(q *jobdb.Queue, h *hub) error) error {
	return withHub(ctx, env, cfg, func(h *hub) error {
		q, err := jobdb.New(h.db, nil, jobdb.Config{})
		if err != nil {
			return err
		}
		return fn(q, h)
	})
}

func listJobs(ctx context.Context, env cliEnv, cfg config.Config, q *jobdb.Queue, f job.Filter) error {
	page, err := q.List(ctx, f)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tSTATE\tATTEMPTS\tRUNS AT\tLAST ERROR")
	for _, in := range page.Jobs {
		last := ""
		if n := len(in.Errors); n > 0 {
			last = in.Errors[n-1].Error
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d/%d\t%s\t%s\n", in.ID, in.Kind, in.State, in.Attempt, in.MaxAttempts,
			in.ScheduledAt.In(cfg.Location()).Format(time.DateTime), last)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if page.Next != "" {
		fmt.Fprintf(env.stdout, "more jobs: list fewer kinds or states, or raise --limit\n")
	}
	return nil
}
