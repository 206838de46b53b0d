package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"os"

	"github.com/fnshub/fnshub/internal/config"
	"github.com/fnshub/fnshub/internal/event"
	"github.com/fnshub/fnshub/internal/event/eventdb"
)

// openRelay builds the relay over the hub's outbox, to the in-process bus
// and, with --nats, to JetStream. The job queue runs it (jobWorkers); close
// ends the NATS connection.
func openRelay(ctx context.Context, cfg config.Config, h *hub, log *slog.Logger) (r *event.Relay, close func(), err error) {
	buses := []event.Bus{h.events}
	close = func() {}
	if cfg.NATSURL != "" {
		nb, err := event.OpenNATS(ctx, event.NATSConfig{URL: cfg.NATSURL, Stream: cfg.NATSStream, Prefix: cfg.NATSPrefix,
			Name: "fnshub " + version()})
		if err != nil {
			return nil, nil, fmt.Errorf("%w (check --nats / FNSHUB_NATS, and that JetStream is on: nats-server -js)", err)
		}
		buses = append(buses, nb)
		close = func() { _ = nb.Close() }
		log.Info("events to NATS JetStream", "url", config.MaskURL(cfg.NATSURL), "stream", nb.Config().Stream, "subjects", nb.Config().Prefix+".>")
	}
	return &event.Relay{Outbox: eventdb.New(h.db), Buses: buses, Holder: holderName(), Log: log}, close, nil
}

// holderName names this process in the relay lease: host, pid and a random
// part, so two processes never share a name.
func holderName() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), rand.Text()[:8])
}
