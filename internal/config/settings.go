package config

import (
	"flag"
	"fmt"
	"github.com/fnshub/fnshub/internal/money"
	"io"
	"strconv"
	"strings"
	"time"
)

// setting ties one field to its flag, its variable and its check.
type setting struct {
	flag, env, usage string
	get              func() string
	set              func(string) error
	check            func() string // "" when valid
	secret           bool
}

func settings(c *Config) []setting {
	return []setting{
		str(&c.DataDir, "data", "FNSHUB_DATA", "directory of the embedded SQLite database", nil),
		{flag: "db", env: "FNSHUB_DB", usage: "PostgreSQL URL (postgres://…); empty means SQLite in --data",
			get: func() string { return c.DBURL }, set: func(s string) error { c.DBURL = s; return nil },
			check: func() string { return checkDBURL(c.DBURL) }, secret: true},
		str(&c.Addr, "addr", "FNSHUB_ADDR", "HTTP listen address HOST:PORT", func() string { return checkAddr(c.Addr) }),
		str(&c.LogLevel, "log-level", "FNSHUB_LOG_LEVEL", "debug, info, warn or error",
			func() string { return checkOneOf(c.LogLevel, "debug", "info", "warn", "error") }),
		str(&c.LogFormat, "log-format", "FNSHUB_LOG_FORMAT", "text or json",
			func() string { return checkOneOf(c.LogFormat, "text", "json") }),
		str(&c.Timezone, "timezone", "FNSHUB_TIMEZONE", "merchant time zone for times shown to people",
			func() string { return checkZone(c.Timezone) }),
		integer(&c.LedgerMaxBatch, "ledger-max-batch", "FNSHUB_LEDGER_MAX_BATCH", "most ledger entries per commit (1 disables group commit)", 1, 10000),
		str(&c.Currency, "currency", "FNSHUB_CURRENCY", "the default legal entity's base currency while it has no books; stock received without a unit cost is valued in it. An order in a currency its shop's entity does not keep is held (no exchange rates yet)",
			func() string { return checkCurrency(c.Currency) }),
		str(&c.OrderRouting, "order-routing", "FNSHUB_ORDER_ROUTING",
			"an order no single warehouse of its shop covers: hold (insufficient_stock) or split across the shop's warehouses",
			func() string { return checkOneOf(c.OrderRouting, "hold", "split") }),
		integer(&c.DBMaxConns, "db-max-conns", "FNSHUB_DB_MAX_CONNS", "PostgreSQL connection pool size", 1, 1000),
		integer(&c.Workers, "workers", "FNSHUB_WORKERS", "background jobs one serve node runs at once", 1, 1000),
		{flag: "shutdown-timeout", env: "FNSHUB_SHUTDOWN_TIMEOUT", usage: "how long to wait for requests in flight on shutdown",
			get: func() string { return c.ShutdownTimeout.String() },
			set: func(s string) (err error) { c.ShutdownTimeout, err = time.ParseDuration(s); return err },
			check: func() string {
				if c.ShutdownTimeout <= 0 {
					return "must be a positive duration such as 20s"
				}
				return ""
			}},
		{flag: "nats", env: "FNSHUB_NATS",
			usage: "NATS server URL (nats://host:4222): serve also publishes every outbox event to its JetStream stream FNSHUB; empty means the in-process bus only",
			get:   func() string { return c.NATSURL }, set: func(s string) error { c.NATSURL = s; return nil },
			check: func() string { return checkNATSURL(c.NATSURL) }, secret: true},
		str(&c.NATSStream, "nats-stream", "FNSHUB_NATS_STREAM", "the JetStream stream events go to (one per deployment sharing a NATS server)",
			func() string { return checkToken(c.NATSStream) }),
		str(&c.NATSPrefix, "nats-prefix", "FNSHUB_NATS_PREFIX", "first token of every event subject: PREFIX.<topic>.<shop>",
			func() string { return checkToken(c.NATSPrefix) }),
		{flag: "read-timeout", env: "FNSHUB_READ_TIMEOUT",
			usage: "how long a client may take to send a whole request, headers and body; a stalled upload is cut off after it",
			get:   func() string { return c.ReadTimeout.String() },
			set:   func(s string) (err error) { c.ReadTimeout, err = time.ParseDuration(s); return err },
			check: func() string {
				if c.ReadTimeout < time.Second {
					return "must be a duration of at least 1s, such as 30s"
				}
				return ""
			}},
		duration(&c.SessionIdle, "session-idle", "FNSHUB_SESSION_IDLE", "a console session ends after this long without a request",
			func() string { return checkSpan(c.SessionIdle, time.Minute, c.SessionMax, "--session-max") }),
		duration(&c.SessionMax, "session-max", "FNSHUB_SESSION_MAX", "a console session ends this long after sign-in, however much it is used",
			func() string { return checkSpan(c.SessionMax, time.Minute, 30*24*time.Hour, "30 days") }),
		str(&c.TLSCert, "tls-cert", "FNSHUB_TLS_CERT", "PEM certificate file (with its chain): serve HTTPS; needs --tls-key. Empty: plain HTTP",
			func() string { return checkPair(c.TLSCert, c.TLSKey, "--tls-key") }),
		str(&c.TLSKey, "tls-key", "FNSHUB_TLS_KEY", "PEM private key file of --tls-cert",
			func() string { return checkPair(c.TLSKey, c.TLSCert, "--tls-cert") }),
	}
}

func duration(p *time.Duration, name, env, usage string, check func() string) setting {
	return setting{flag: name, env: env, usage: usage, get: func() string { return p.String() },
		set: func(s string) (err error) { *p, err = time.ParseDuration(s); return err }, check: check}
}

// checkSpan wants d between lo and hi (named hiName in the message).
func checkSpan(d, lo, hi time.Duration, hiName string) string {
	if d < lo || d > hi {
		return fmt.Sprintf("must be a Go duration from %s to %s (%s), such as 30m or 12h", lo, hiName, hi)
	}
	return ""
}

// checkPair wants both of a certificate and key, or neither.
func checkPair(this, other, otherFlag string) string {
	if this != "" && other == "" {
		return "needs " + otherFlag + " too: give both the certificate and its key, or neither"
	}
	return ""
}

func str(p *string, name, env, usage string, check func() string) setting {
	return setting{flag: name, env: env, usage: usage, get: func() string { return *p },
		set: func(s string) error { *p = s; return nil }, check: check}
}

func integer(p *int, name, env, usage string, lo, hi int) setting {
	return setting{flag: name, env: env, usage: usage, get: func() string { return strconv.Itoa(*p) },
		set: func(s string) (err error) { *p, err = strconv.Atoi(s); return err },
		check: func() string {
			if *p < lo || *p > hi {
				return fmt.Sprintf("must be between %d and %d", lo, hi)
			}
			return ""
		}}
}

// Load builds a Config from defaults, then the environment, then flags
// registered on fs and parsed from args. It returns the remaining arguments.
func Load(fs *flag.FlagSet, args []string, getenv func(string) string) (Config, []string, error) {
	c := Default()
	ss := settings(&c)
	for _, s := range ss {
		if v := getenv(s.env); v != "" {
			if err := s.set(v); err != nil {
				return c, nil, fmt.Errorf("config: %s = %q: %v", s.env, v, err)
			}
		}
	}
	for _, s := range ss {
		fs.Func(s.flag, fmt.Sprintf("%s (env %s, default %q)", s.usage, s.env, s.get()), s.set)
	}
	if err := fs.Parse(args); err != nil {
		return c, nil, err
	}
	return c, fs.Args(), c.Validate()
}

// Print writes the effective configuration, one "flag = value  (ENV)" line
// each, with secrets masked.
func (c Config) Print(w io.Writer) {
	for _, s := range settings(&c) {
		v := s.get()
		if s.secret {
			v = MaskURL(v)
		}
		fmt.Fprintf(w, "%-18s = %-40s (%s)\n", s.flag, strconv.Quote(v), s.env)
	}
}

// EnvNames lists the variables Load reads, for help texts.
func EnvNames() string {
	var c Config
	var names []string
	for _, s := range settings(&c) {
		names = append(names, s.env)
	}
	return strings.Join(names, ", ")
}

func checkCurrency(code string) string {
	if _, err := money.ParseMinor("0", money.Currency(code)); err != nil {
		return "must be an ISO 4217 code such as CNY, USD or JPY"
	}
	return ""
}
