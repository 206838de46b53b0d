package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/fnshub/fnshub/internal/audit"
)

// recordCLI records a change made on the command line, around the API, in
// the audit log (docs/adr/0040-audit-log.md), with via=cli. The change is
// made already; if its entry cannot be written the command fails loudly
// saying so, rather than leave an unrecorded change unnoticed.
func (h *hub) recordCLI(ctx context.Context, env cliEnv, action, target string, detail map[string]any) error {
	if detail == nil {
		detail = map[string]any{}
	}
	raw, err := json.Marshal(audit.RedactValue(detail))
	if err == nil {
		_, err = h.audit.Record(ctx, audit.Record{Actor: cliActor(env), Via: audit.ViaCLI, Action: "cli " + action,
			Target: target, Detail: raw})
	}
	if err != nil {
		return fmt.Errorf("AUDIT RECORD LOST: %s %s was done but its audit log entry was not written: %w", action, target, err)
	}
	return nil
}

// cliActor is who ran the command: the operating-system user, or the one
// behind sudo. The command line has no fnshub sign-in: whoever can run it
// on the server holds the database anyway.
func cliActor(env cliEnv) string {
	for _, name := range []string{"SUDO_USER", "USER", "LOGNAME", "USERNAME"} {
		if v := env.getenv(name); v != "" {
			return v
		}
	}
	return "unknown"
}
