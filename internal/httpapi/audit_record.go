package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"github.com/fnshub/fnshub/internal/audit"
	"github.com/fnshub/fnshub/internal/auth"
)

// Recording in the audit log (docs/adr/0040-audit-log.md): every successful
// call of a non-GET route, and every successful GET of a route marked
// reveals, is one entry, written after the handler answered.

type auditNoteKey struct{}

// auditNote is what a handler may add to its request's entry.
type auditNote struct {
	before, after any
	changed       bool
	revealed      bool // a reveals route that showed nothing to reveal sets it false
	body          *capturedBody
}

// audits reports whether successful calls of rt are recorded.
func (rt route) audits() bool {
	return rt.signsIn || !rt.public && (rt.method != http.MethodGet || rt.reveals)
}

// audited runs rt's handler and, when it succeeded, records the call.
func (s *Server) audited(w *statusRecorder, r *http.Request, rt route) error {
	if s.Audit == nil || !rt.audits() {
		return rt.handle(w, r)
	}
	note := &auditNote{revealed: true}
	r = r.WithContext(context.WithValue(r.Context(), auditNoteKey{}, note))
	if r.Body != nil && r.Body != http.NoBody {
		note.body = &capturedBody{ReadCloser: r.Body, keep: jsonBody(r)}
		r.Body = note.body
	}
	err := rt.handle(w, r)
	if err == nil && w.status >= 200 && w.status < 300 && note.revealed {
		s.recordAudit(r, rt, w.status, note)
	}
	return err
}

// auditChange attaches the state before and after a change to the
// request's audit entry; both are redacted as bodies are.
func auditChange(r *http.Request, before, after any) {
	if n, ok := r.Context().Value(auditNoteKey{}).(*auditNote); ok {
		n.before, n.after, n.changed = before, after, true
	}
}

// auditRevealed tells a reveals route's entry whether the answer really
// showed personal data (the shipping sheet does only to some roles).
func auditRevealed(r *http.Request, revealed bool) {
	if n, ok := r.Context().Value(auditNoteKey{}).(*auditNote); ok {
		n.revealed = revealed
	}
}

// recordAudit writes the entry. The answer has gone out already, so a
// failure cannot change it: it is logged as an error and counted
// (fnshub_audit_write_failures_total), for an alert to page someone.
func (s *Server) recordAudit(r *http.Request, rt route, status int, note *auditNote) {
	p := s.principalOf(r)
	body := note.body.redacted(r, rt)
	rec := audit.Record{Actor: p.User.Name, Role: string(p.User.Role), Via: viaOf(p), Action: rt.pattern(),
		Target: auditTarget(r, rt, body), Detail: auditDetail(r, rt, body, note), Status: status}
	if rt.signsIn {
		rec.Actor, rec.Role, rec.Via = signingIn(body), "", audit.ViaSession
	}
	ctx := context.WithoutCancel(r.Context()) // a client that hung up does not cancel the record
	if _, err := s.Audit.Record(ctx, rec); err != nil {
		s.metrics.auditFailures.Inc()
		s.Log.ErrorContext(ctx, "AUDIT RECORD LOST: the call succeeded but its audit entry was not written",
			"route", rt.pattern(), "actor", rec.Actor, "status", status, "err", err)
	}
}

// signingIn is the name a sign-in or setup body signs in as.
func signingIn(body any) string {
	m, _ := body.(map[string]any)
	name, _ := m["name"].(string)
	return name
}

// viaOf says how the caller signed in. A request with no token came with
// a session cookie (ADR 0038); CLI and system entries never pass here.
func viaOf(p auth.Principal) audit.Via {
	if p.TokenID != "" {
		return audit.ViaToken
	}
	return audit.ViaSession
}

// auditDetail is the entry's detail: path parameters, query, redacted
// body, the Idempotency-Key and, when the handler gave them, the redacted
// states before and after.
func auditDetail(r *http.Request, rt route, body any, note *auditNote) json.RawMessage {
	d := map[string]any{}
	if names := wildcards(rt.path); len(names) > 0 {
		params := map[string]string{}
		for _, name := range names {
			params[name] = r.PathValue(name)
		}
		d["params"] = params
	}
	if q := r.URL.Query(); len(q) > 0 {
		d["query"] = audit.RedactValue(q)
	}
	if body != nil {
		d["body"] = body
	}
	if key := r.Header.Get("Idempotency-Key"); key != "" {
		d["idempotency_key"] = key // ties a replayed call to its first entry
	}
	if note.changed {
		d["before"], d["after"] = audit.RedactValue(note.before), audit.RedactValue(note.after)
	}
	raw, err := json.Marshal(d)
	if err != nil {
		return json.RawMessage(`{"unencodable":true}`)
	}
	return raw
}

// capturedBody keeps what the handler read of a JSON request body, and
// counts the bytes of any other.
type capturedBody struct {
	io.ReadCloser
	keep bool
	buf  bytes.Buffer
	n    int64
}

func (c *capturedBody) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	if c.keep && c.buf.Len() < maxBody {
		c.buf.Write(p[:min(n, maxBody-c.buf.Len())])
	}
	c.n += int64(n)
	return n, err
}

func jsonBody(r *http.Request) bool {
	ct := r.Header.Get("Content-Type")
	return ct == "" || strings.HasPrefix(ct, "application/json")
}

// maxAuditBody bounds the body an entry keeps: a larger one (a big order)
// is kept as its size only; the payload itself is a raw event (ADR 21).
const maxAuditBody = 64 << 10

// redacted is the body as the log keeps it: JSON with its secrets and
// personal data replaced, or only its type and size for anything else.
// A receiver's body is personal data through and through.
func (c *capturedBody) redacted(r *http.Request, rt route) any {
	if c == nil || c.n == 0 {
		return nil
	}
	if strings.HasSuffix(rt.path, "/receiver") {
		return audit.Redacted
	}
	if c.keep && c.n <= maxAuditBody {
		if v, ok := audit.RedactJSON(c.buf.Bytes()); ok {
			return v
		}
	}
	return map[string]any{"content_type": r.Header.Get("Content-Type"), "bytes": c.n}
}

// auditTarget names what the call acted on: "order 12", "shop T1 secret
// access_token" from the path; for a collection, what the body names
// ("user ops2"), else the collection ("stock receipts").
func auditTarget(r *http.Request, rt route, body any) string {
	segs := strings.Split(strings.TrimPrefix(rt.path, "/api/v1/"), "/")
	var parts []string
	for i, seg := range segs {
		if name, ok := strings.CutPrefix(seg, "{"); ok && i > 0 {
			parts = append(parts, singular(segs[i-1])+" "+r.PathValue(strings.TrimSuffix(name, "}")))
		}
	}
	if len(parts) > 0 {
		return strings.Join(parts, " ")
	}
	if m, ok := body.(map[string]any); ok {
		for _, key := range []string{"code", "id", "name", "external_id", "sku"} {
			if v, ok := m[key].(string); ok && v != "" && v != audit.Redacted {
				return singular(segs[len(segs)-1]) + " " + v
			}
		}
	}
	return strings.Join(segs, " ")
}

var singulars = map[string]string{"entries": "entry", "entities": "entity", "secrets": "secret", "skus": "sku"}

func singular(collection string) string {
	if s, ok := singulars[collection]; ok {
		return s
	}
	return strings.TrimSuffix(collection, "s")
}
