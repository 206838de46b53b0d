// Package config owns fnshub's settings: defaults, FNSHUB_* environment
// variables, command-line flags (in that order of precedence, flags last),
// validation that names the bad value, and a printable form with secrets
// masked.
package config

import (
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"time"
)

// Config is every setting a subcommand may use.
type Config struct {
	DataDir         string        // SQLite data directory (the embedded default)
	DBURL           string        // postgres://… to use PostgreSQL instead
	Addr            string        // HTTP listen address
	LogLevel        string        // debug, info, warn, error
	LogFormat       string        // text or json
	Timezone        string        // the merchant's zone, for times shown to people
	LedgerMaxBatch  int           // most entries one ledger commit carries
	OrderRouting    string        // "hold" or "split": an order no single warehouse covers
	Currency        string        // the books' base currency
	DBMaxConns      int           // PostgreSQL pool size
	ShutdownTimeout time.Duration // how long serve waits for requests in flight
	ReadTimeout     time.Duration // how long a request, headers and body, may take to arrive
	Workers         int           // background jobs one serve node runs at once
	NATSURL         string        // nats://… to publish events to NATS JetStream too; empty: in-process bus only
	NATSStream      string        // the JetStream stream serve creates or updates
	NATSPrefix      string        // the first subject token: <prefix>.<topic>.<shop>
	SessionIdle     time.Duration // a console session ends after this long without a request
	SessionMax      time.Duration // and this long after sign-in, whatever its use
	TLSCert         string        // PEM certificate (chain) file: serve HTTPS; empty: plain HTTP
	TLSKey          string        // its PEM private key file
}

// Default returns the settings used when nothing is given.
func Default() Config {
	return Config{
		DataDir:         "./fnshub-data",
		Addr:            "127.0.0.1:8080",
		LogLevel:        "info",
		LogFormat:       "text",
		Timezone:        "Asia/Shanghai",
		LedgerMaxBatch:  256,
		OrderRouting:    "hold",
		Currency:        "CNY",
		DBMaxConns:      16,
		ShutdownTimeout: 20 * time.Second,
		ReadTimeout:     30 * time.Second,
		Workers:         10,
		NATSStream:      "FNSHUB",
		NATSPrefix:      "fnshub",
		SessionIdle:     30 * time.Minute,
		SessionMax:      12 * time.Hour,
	}
}

// Validate returns an error naming the first bad setting, its flag and
// variable, and what would be accepted.
func (c Config) Validate() error {
	for _, s := range settings(&c) {
		if s.check == nil {
			continue
		}
		if msg := s.check(); msg != "" {
			return fmt.Errorf("config: --%s / %s = %q: %s", s.flag, s.env, s.get(), msg)
		}
	}
	return nil
}

// UsesPostgres reports whether DBURL selects PostgreSQL.
func (c Config) UsesPostgres() bool { return c.DBURL != "" }

// Location returns the merchant's time zone.
func (c Config) Location() *time.Location {
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		return time.UTC // unreachable after Validate
	}
	return loc
}

// SlogLevel returns LogLevel as a slog.Level.
func (c Config) SlogLevel() slog.Level {
	var l slog.Level
	_ = l.UnmarshalText([]byte(c.LogLevel))
	return l
}

func checkDBURL(s string) string {
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.Host == "" {
		return "must be a PostgreSQL URL like postgres://user:pass@host:5432/dbname (leave empty for SQLite in --data)"
	}
	return ""
}

func checkNATSURL(s string) string {
	if s == "" {
		return ""
	}
	for _, one := range strings.Split(s, ",") {
		u, err := url.Parse(strings.TrimSpace(one))
		if err != nil || (u.Scheme != "nats" && u.Scheme != "tls") || u.Host == "" {
			return "must be a NATS URL like nats://127.0.0.1:4222 (several separated by commas; leave empty for no NATS)"
		}
	}
	return ""
}

// checkToken accepts a stream name or subject token: letters, digits, '-'
// and '_'.
func checkToken(s string) string {
	if s == "" || strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != "" {
		return "must be letters, digits, '-' or '_' (no dots, spaces or wildcards)"
	}
	return ""
}

func checkAddr(s string) string {
	if _, _, err := net.SplitHostPort(s); err != nil {
		return "must be HOST:PORT, e.g. 127.0.0.1:8080 or :8080"
	}
	return ""
}

func checkOneOf(s string, allowed ...string) string {
	for _, a := range allowed {
		if strings.EqualFold(s, a) {
			return ""
		}
	}
	return "must be one of " + strings.Join(allowed, ", ")
}

func checkZone(s string) string {
	if _, err := time.LoadLocation(s); err != nil || s == "" {
		return "must be an IANA time zone such as Asia/Shanghai or UTC"
	}
	return ""
}

// MaskURL hides the password in a database URL.
func MaskURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
