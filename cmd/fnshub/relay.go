package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/fnshub/fnshub/internal/config"
	"github.com/fnshub/fnshub/internal/event"
	"github.com/fnshub/fnshub/internal/event/eventdb"
)

// relayEvery is how often serve relays the outbox. Until the job queue runs
// the relay as a periodic job, serve runs it here on every node; the lease
// lets one node deliver at a time (docs/adr/0023-outbox-relay-and-events.md).
const relayEvery = 500 * time.Millisecond

// startRelay builds the relay over the hub's outbox, to the in-process bus
// and, with --nats, to JetStream, and runs it until ctx ends. stop waits
// for it and closes the NATS connection.
func startRelay(ctx context.Context, cfg config.Config, h *hub, log *slog.Logger) (stop func(), err error) {
	buses := []event.Bus{h.events}
	var nb *event.NATS
	if cfg.NATSURL != "" {
		nb, err = event.OpenNATS(ctx, event.NATSConfig{URL: cfg.NATSURL, Stream: cfg.NATSStream, Prefix: cfg.NATSPrefix,
			Name: "fnshub " + version()})
		if err != nil {
			return nil, fmt.Errorf("%w (check --nats / FNSHUB_NATS, and that JetStream is on: nats-server -js)", err)
		}
		buses = append(buses, nb)
		log.Info("events to NATS JetStream", "url", config.MaskURL(cfg.NATSURL), "stream", nb.Config().Stream, "subjects", nb.Config().Prefix+".>")
	}
	r := &event.Relay{Outbox: eventdb.New(h.db), Buses: buses, Holder: holderName(), Log: log}
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = r.Run(rctx, relayEvery)
	}()
	return func() {
		cancel()
		<-done
		if nb != nil {
			_ = nb.Close()
		}
	}, nil
}

// holderName names this process in the relay lease: host, pid and a random
// part, so two processes never share a name.
func holderName() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), rand.Text()[:8])
}
