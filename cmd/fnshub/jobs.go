package main

import (
	"context"
	"log/slog"

	"github.com/fnshub/fnshub/internal/config"
	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/job/jobdb"
)

// jobWorkers is every background job kind the hub runs, and its periodic
// ones. Packages with background work register here.
func jobWorkers(h *hub) *job.Workers {
	return job.NewWorkers()
}

// startJobs builds this node's job queue and starts working it; the caller
// stops it on shutdown. Nodes on one PostgreSQL share the work.
func startJobs(ctx context.Context, h *hub, cfg config.Config, log *slog.Logger) (*jobdb.Queue, error) {
	q, err := jobdb.New(h.db, jobWorkers(h), jobdb.Config{Workers: cfg.Workers, Log: riverLog(log)})
	if err != nil {
		return nil, err
	}
	if err := q.Start(ctx); err != nil {
		return nil, err
	}
	return q, nil
}

// riverLog passes on River's warnings and errors only: at info it logs
// every leadership change and maintenance run.
func riverLog(log *slog.Logger) *slog.Logger {
	return slog.New(levelAtLeast{log.Handler(), slog.LevelWarn}).With("component", "jobs")
}

type levelAtLeast struct {
	slog.Handler
	min slog.Level
}

func (l levelAtLeast) Enabled(ctx context.Context, lv slog.Level) bool {
	return lv >= l.min && l.Handler.Enabled(ctx, lv)
}

func (l levelAtLeast) WithAttrs(a []slog.Attr) slog.Handler {
	return levelAtLeast{l.Handler.WithAttrs(a), l.min}
}

func (l levelAtLeast) WithGroup(g string) slog.Handler {
	return levelAtLeast{l.Handler.WithGroup(g), l.min}
}
