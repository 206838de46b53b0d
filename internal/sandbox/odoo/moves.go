package odoo

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"

	"github.com/fnshub/fnshub/internal/money"
)

// domainEq reads the "=" leaves of a search domain: the only shape the
// pushers send ([[field, "=", value], ...]).
func domainEq(raw json.RawMessage) (map[string]string, bool) {
	var leaves [][]any
	if json.Unmarshal(raw, &leaves) != nil {
		return nil, false
	}
	eq := map[string]string{}
	for _, l := range leaves {
		if len(l) != 3 || l[1] != "=" {
			return nil, false
		}
		f, ok := l[0].(string)
		if !ok {
			return nil, false
		}
		eq[f] = fmt.Sprint(l[2])
	}
	return eq, true
}

func (s *Server) searchAccounts(w http.ResponseWriter, args map[string]json.RawMessage) {
	eq, ok := domainEq(args["domain"])
	if !ok {
		writeError(w, http.StatusUnprocessableEntity, "builtins.ValueError", "Invalid domain")
		return
	}
	out := []map[string]any{}
	codes := make([]string, 0, len(s.opt.Accounts))
	for c := range s.opt.Accounts {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, c := range codes {
		if want, ok := eq["code"]; !ok || want == c {
			out = append(out, map[string]any{"id": s.opt.Accounts[c], "code": c})
		}
	}
	writeResult(w, out)
}

func (s *Server) searchMoves(w http.ResponseWriter, args map[string]json.RawMessage) {
	eq, ok := domainEq(args["domain"])
	if !ok {
		writeError(w, http.StatusUnprocessableEntity, "builtins.ValueError", "Invalid domain")
		return
	}
	out := []map[string]any{}
	for _, m := range s.Moves() {
		if ref, ok := eq["ref"]; ok && ref != m.Ref {
			continue
		}
		if mt, ok := eq["move_type"]; ok && mt != "entry" {
			continue
		}
		out = append(out, map[string]any{"id": m.ID, "name": m.Name, "ref": m.Ref, "state": m.State})
	}
	writeResult(w, out)
}

// moveVals is the part of account.move create's values the simulator
// keeps.
type moveVals struct {
	MoveType string            `json:"move_type"`
	Ref      string            `json:"ref"`
	Date     string            `json:"date"`
	LineIDs  []json.RawMessage `json:"line_ids"`
}

type lineVals struct {
	AccountID int64       `json:"account_id"`
	Name      string      `json:"name"`
	Debit     json.Number `json:"debit"`
	Credit    json.Number `json:"credit"`
}

func (s *Server) create(w http.ResponseWriter, args map[string]json.RawMessage) {
	var list []moveVals
	if err := json.Unmarshal(args["vals_list"], &list); err != nil || len(list) == 0 {
		writeError(w, http.StatusUnprocessableEntity, "builtins.TypeError", "create() missing 1 required positional argument: 'vals_list'")
		return
	}
	refused, lost := s.creates.Next()
	if refused {
		writeError(w, http.StatusUnprocessableEntity, "odoo.exceptions.ValidationError", "You cannot add/modify entries prior to and inclusive of the lock date.")
		return
	}
	moves := make([]*Move, 0, len(list))
	for _, vals := range list {
		m, msg := s.buildMove(vals)
		if msg != "" {
			writeError(w, http.StatusUnprocessableEntity, "odoo.exceptions.UserError", msg)
			return
		}
		moves = append(moves, m)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]int64, 0, len(moves))
	for _, m := range moves { // one transaction: all or none are stored
		s.nextID++
		m.ID = s.nextID
		s.moves[m.ID] = m
		ids = append(ids, m.ID)
	}
	if lost {
		http.Error(w, "502 Bad Gateway", http.StatusBadGateway)
		return
	}
	writeResult(w, ids)
}

// buildMove checks one move's values as Odoo would and returns the move,
// or the UserError's message.
func (s *Server) buildMove(vals moveVals) (*Move, string) {
	if vals.MoveType != "entry" {
		return nil, "the simulator keeps journal entries only (move_type \"entry\")"
	}
	m := &Move{Name: "/", Ref: vals.Ref, Date: vals.Date, State: "draft"}
	cur := s.opt.Currency
	debit, credit := money.Zero(cur), money.Zero(cur)
	for _, raw := range vals.LineIDs {
		l, msg := s.line(raw)
		if msg != "" {
			return nil, msg
		}
		d, errD := money.Parse(l.Debit, cur)
		c, errC := money.Parse(l.Credit, cur)
		if errD != nil || errC != nil {
			return nil, "debit and credit must be numbers in the company currency's decimals"
		}
		debit, _ = debit.Add(d)
		credit, _ = credit.Add(c)
		m.Lines = append(m.Lines, l)
	}
	if debit != credit {
		return nil, fmt.Sprintf("The entry is not balanced.\nThe total of debits equals %s and the total of credits equals %s.", debit, credit)
	}
	return m, ""
}

// line reads one (0, 0, vals) command.
func (s *Server) line(raw json.RawMessage) (Line, string) {
	var cmd []json.RawMessage
	var vals lineVals
	if json.Unmarshal(raw, &cmd) != nil || len(cmd) != 3 || string(cmd[0]) != "0" || json.Unmarshal(cmd[2], &vals) != nil {
		return Line{}, "line_ids takes (0, 0, values) commands"
	}
	known := false
	for _, id := range s.opt.Accounts {
		known = known || id == vals.AccountID
	}
	if !known {
		return Line{}, fmt.Sprintf("Record does not exist or has been deleted.\n(Record: account.account(%d,), User: 2)", vals.AccountID)
	}
	return Line{AccountID: vals.AccountID, Name: vals.Name, Debit: num(vals.Debit), Credit: num(vals.Credit)}, ""
}

func num(n json.Number) string {
	if n == "" {
		return "0"
	}
	return string(n)
}

func (s *Server) actionPost(w http.ResponseWriter, args map[string]json.RawMessage) {
	var ids []int64
	if json.Unmarshal(args["ids"], &ids) != nil || len(ids) == 0 {
		writeError(w, http.StatusUnprocessableEntity, "builtins.TypeError", "action_post needs ids")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		if s.moves[id] == nil {
			writeError(w, http.StatusUnprocessableEntity, "odoo.exceptions.MissingError", fmt.Sprintf("Record does not exist or has been deleted.\n(Record: account.move(%d,), User: 2)", id))
			return
		}
	}
	for _, id := range ids {
		if m := s.moves[id]; m.State == "draft" {
			m.State, m.Name = "posted", fmt.Sprintf("MISC/%s/%04d", monthOf(m.Date), id)
		}
	}
	writeResult(w, false) // action_post returns False
}

func monthOf(date string) string {
	if len(date) >= 7 {
		return date[:4] + "/" + date[5:7]
	}
	return "0000/00"
}
