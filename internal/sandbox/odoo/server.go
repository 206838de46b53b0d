// Package odoo is a simulated Odoo ≥ 19 JSON-2 endpoint: POST
// /json/2/<model>/<method> with a bearer API key and X-Odoo-Database,
// holding accounts (account.account) and journal entries (account.move)
// of its own. It answers account.account search_read, account.move
// search_read, create and action_post as Odoo does — the raw result on
// 200, an error object {name, message, arguments, context, debug} with a
// real HTTP status otherwise — and fails calls with the faults of
// internal/sandbox. It rejects an unbalanced entry as Odoo's
// _check_balanced does.
package odoo

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/sandbox"
)

// Options configure a server: the one key and database it accepts and
// its chart of accounts.
type Options struct {
	APIKey   string
	Database string           // when set, X-Odoo-Database must name it
	Accounts map[string]int64 // account code → account.account id
	Currency money.Currency   // the company's; "": CNY
	Seed     uint64
}

// Server is one simulated Odoo database. It is safe for concurrent use.
type Server struct {
	opt    Options
	faults *sandbox.Faults

	mu      sync.Mutex
	moves   map[int64]*Move
	nextID  int64
	creates sandbox.Creates // which creates a test refuses or loses the answer of
	calls   map[string]int
}

// Move is a stored journal entry.
type Move struct {
	ID    int64
	Name  string // "MISC/2026/12/0001" once posted, "/" as a draft
	Ref   string
	Date  string
	State string // draft, posted
	Lines []Line
}

// Line is a stored journal item.
type Line struct {
	AccountID int64
	Name      string
	Debit     string // as sent, a JSON number
	Credit    string
}

// New returns a server with no entries.
func New(opt Options) *Server {
	if opt.Currency == "" {
		opt.Currency = "CNY"
	}
	return &Server{opt: opt, faults: sandbox.NewFaults(opt.Seed), moves: map[int64]*Move{},
		calls: map[string]int{}}
}

// Faults is the injector; a Throttle is HTTP 429 (Odoo Online's limit).
func (s *Server) Faults() *sandbox.Faults { return s.faults }

// RefuseCreate makes the n-th create call (counting from 1 over the
// server's life) answer 422 with a ValidationError, as Odoo does for an
// entry in a locked period.
func (s *Server) RefuseCreate(n int) { s.creates.Refuse(n) }

// LoseCreateAnswer makes the n-th create call store the entry and then
// answer 502, as a proxy does when Odoo's answer is lost on the way.
func (s *Server) LoseCreateAnswer(n int) { s.creates.Lose(n) }

// Moves returns the stored entries, in id order.
func (s *Server) Moves() []Move {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Move, 0, len(s.moves))
	for id := int64(1); id <= s.nextID; id++ {
		if m := s.moves[id]; m != nil {
			out = append(out, *m)
		}
	}
	return out
}

// Calls returns how many calls of "model/method" were served.
func (s *Server) Calls(modelMethod string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[modelMethod]
}

// Handler serves /json/2/, failing the calls Faults picks.
func (s *Server) Handler() http.Handler {
	return s.faults.Wrap(http.HandlerFunc(s.serve), func(w http.ResponseWriter, _ *http.Request) {
		writeError(w, http.StatusTooManyRequests, "werkzeug.exceptions.TooManyRequests", "Too Many Requests")
	})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	model, method, ok := strings.Cut(strings.TrimPrefix(r.URL.Path, "/json/2/"), "/")
	if r.Method != http.MethodPost || !strings.HasPrefix(r.URL.Path, "/json/2/") || !ok {
		writeError(w, http.StatusNotFound, "werkzeug.exceptions.NotFound", "Not Found")
		return
	}
	if !s.authorized(r) {
		writeError(w, http.StatusUnauthorized, "werkzeug.exceptions.Unauthorized", "Invalid apikey")
		return
	}
	if s.opt.Database != "" && r.Header.Get("X-Odoo-Database") != s.opt.Database {
		writeError(w, http.StatusNotFound, "werkzeug.exceptions.NotFound", "database not found")
		return
	}
	var args map[string]json.RawMessage
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.UseNumber()
	if err := dec.Decode(&args); err != nil {
		writeError(w, http.StatusBadRequest, "werkzeug.exceptions.BadRequest", "the body is not a JSON object of named arguments")
		return
	}
	s.mu.Lock()
	s.calls[model+"/"+method]++
	s.mu.Unlock()
	s.dispatch(w, model+"/"+method, args)
}

func (s *Server) authorized(r *http.Request) bool {
	scheme, key, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	return ok && strings.EqualFold(scheme, "bearer") && key == s.opt.APIKey && key != ""
}

func (s *Server) dispatch(w http.ResponseWriter, call string, args map[string]json.RawMessage) {
	switch call {
	case "account.account/search_read":
		s.searchAccounts(w, args)
	case "account.move/search_read":
		s.searchMoves(w, args)
	case "account.move/create":
		s.create(w, args)
	case "account.move/action_post":
		s.actionPost(w, args)
	default:
		writeError(w, http.StatusNotFound, "werkzeug.exceptions.NotFound", "no method "+call)
	}
}

// writeError writes JSON-2's error object.
func writeError(w http.ResponseWriter, status int, name, message string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"name": name, "message": message, "arguments": []any{message, status},
		"context": map[string]any{}, "debug": "Traceback (most recent call last):\n  (simulated)\n" + name + ": " + message + "\n",
	})
}

func writeResult(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(v)
}
