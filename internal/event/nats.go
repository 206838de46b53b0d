package event

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// NATSConfig says where events go on NATS JetStream.
type NATSConfig struct {
	URL    string // nats://host:4222
	Stream string // created or updated at start; default "FNSHUB"
	Prefix string // subject prefix; default "fnshub"
	// Duplicates is the stream's duplicate window: a re-sent id inside it
	// is dropped. It must outlast a relay's lease and retry; default 10m.
	Duplicates time.Duration
	// MaxAge is how long the stream keeps a message, so consumers have
	// that long to catch up; default 7 days. Start sets it on the stream.
	MaxAge time.Duration
	Name   string // the connection's name in the server's monitoring
}

func (c NATSConfig) withDefaults() NATSConfig {
	if c.Stream == "" {
		c.Stream = "FNSHUB"
	}
	if c.Prefix == "" {
		c.Prefix = "fnshub"
	}
	if c.Duplicates == 0 {
		c.Duplicates = 10 * time.Minute
	}
	if c.MaxAge == 0 {
		c.MaxAge = 7 * 24 * time.Hour
	}
	if c.Name == "" {
		c.Name = "fnshub"
	}
	return c
}

// NATS publishes events to a JetStream stream, one message per event on
// Subject(prefix, e), its body the JSON envelope and its Nats-Msg-Id the
// event id, so the stream keeps an id once however often it is sent.
type NATS struct {
	cfg  NATSConfig
	conn *nats.Conn
	js   jetstream.JetStream
}

var _ Bus = (*NATS)(nil)

// OpenNATS connects to cfg.URL and creates the stream, or updates it to
// cfg (subjects <prefix>.>, file storage, the duplicate window, the age
// limit).
// Errors: the server is unreachable, JetStream is off, or the stream's
// subjects overlap another stream's.
func OpenNATS(ctx context.Context, cfg NATSConfig) (*NATS, error) {
	cfg = cfg.withDefaults()
	conn, err := nats.Connect(cfg.URL, nats.Name(cfg.Name), nats.Timeout(5*time.Second), nats.MaxReconnects(-1))
	if err != nil {
		return nil, fmt.Errorf("event: connect to NATS at %s: %w", cfg.URL, err)
	}
	js, err := jetstream.New(conn)
	if err == nil {
		_, err = js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
			Name: cfg.Stream, Subjects: []string{cfg.Prefix + ".>"}, Storage: jetstream.FileStorage, Duplicates: cfg.Duplicates,
			MaxAge:      cfg.MaxAge,
			Description: "fnshub domain events (docs/events/README.md)",
		})
	}
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("event: JetStream stream %s on %s: %w", cfg.Stream, cfg.URL, err)
	}
	return &NATS{cfg: cfg, conn: conn, js: js}, nil
}

// Config returns the configuration in effect, defaults filled in.
func (n *NATS) Config() NATSConfig { return n.cfg }

// JetStream returns the JetStream context, for consumers and tests.
func (n *NATS) JetStream() jetstream.JetStream { return n.js }

// Close drains the connection.
func (n *NATS) Close() error { return n.conn.Drain() }

// Publish sends the batch asynchronously, in order on one connection (so
// the stream stores it in order), then waits for every acknowledgement.
// An event counts as delivered only once the stream acknowledged it (a
// duplicate's acknowledgement included).
func (n *NATS) Publish(ctx context.Context, evs []Event) error {
	acks := make([]jetstream.PubAckFuture, 0, len(evs))
	for _, e := range evs {
		body, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("event: encode event %d: %w", e.ID, err)
		}
		msg := &nats.Msg{Subject: Subject(n.cfg.Prefix, e), Data: body}
		ack, err := n.js.PublishMsgAsync(msg, jetstream.WithMsgID(strconv.FormatInt(e.ID, 10)), jetstream.WithExpectStream(n.cfg.Stream))
		if err != nil {
			return fmt.Errorf("event: publish event %d to %s: %w", e.ID, msg.Subject, err)
		}
		acks = append(acks, ack)
	}
	var errs []error
	for i, ack := range acks {
		select {
		case <-ack.Ok():
		case err := <-ack.Err():
			errs = append(errs, fmt.Errorf("event %d: %w", evs[i].ID, err))
		case <-ctx.Done():
			return fmt.Errorf("event: waiting for JetStream acknowledgements: %w", ctx.Err())
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("event: JetStream refused %d of %d events: %w", len(errs), len(evs), errors.Join(errs...))
	}
	return nil
}
