package main

import (
	"crypto/tls"
	"fmt"

	"github.com/fnshub/fnshub/internal/config"
)

// loadTLS loads --tls-cert and --tls-key, or returns nil for plain HTTP.
// The pair is loaded at start so that a missing file or a key that does
// not match the certificate stops serve with a message naming both.
func loadTLS(cfg config.Config) (*tls.Config, error) {
	if cfg.TLSCert == "" && cfg.TLSKey == "" {
		return nil, nil
	}
	cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
	if err != nil {
		return nil, fmt.Errorf("TLS: cannot use --tls-cert %s with --tls-key %s (FNSHUB_TLS_CERT / FNSHUB_TLS_KEY): %w; give a PEM certificate and the PEM private key that belongs to it",
			cfg.TLSCert, cfg.TLSKey, err)
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, nil
}
