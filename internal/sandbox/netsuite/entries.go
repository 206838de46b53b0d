package netsuite

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/fnshub/fnshub/internal/money"
)

func (s *Server) get(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	s.mu.Lock()
	var e *Entry
	if ext, ok := strings.CutPrefix(key, "eid:"); ok {
		e = s.entries[s.byExt[ext]]
	} else {
		for _, x := range s.entries {
			if itoa(x.ID) == key {
				e = x
			}
		}
	}
	var out map[string]any
	if e != nil {
		out = render(e)
	}
	s.mu.Unlock()
	if out == nil {
		writeError(w, http.StatusNotFound, "NONEXISTENT_ID", "The record instance does not exist. Provide a valid record instance ID.")
		return
	}
	w.Header().Set("Content-Type", "application/vnd.oracle.resource+json; type=singular-resource")
	_ = json.NewEncoder(w).Encode(out)
}

func render(e *Entry) map[string]any {
	return map[string]any{
		"links": []map[string]string{{"rel": "self", "href": "/services/rest/record/v1/journalEntry/" + itoa(e.ID)}},
		"id":    itoa(e.ID), "tranId": e.TranID, "externalId": e.ExternalID, "tranDate": e.TranDate, "memo": e.Memo,
	}
}

type entryIn struct {
	ExternalID string `json:"externalId"`
	TranDate   string `json:"tranDate"`
	Memo       string `json:"memo"`
	Subsidiary *struct {
		ID string `json:"id"`
	} `json:"subsidiary"`
	Line struct {
		Items []struct {
			Account struct {
				ID string `json:"id"`
			} `json:"account"`
			Debit  json.Number `json:"debit"`
			Credit json.Number `json:"credit"`
			Memo   string      `json:"memo"`
		} `json:"items"`
	} `json:"line"`
}

func (s *Server) create(w http.ResponseWriter, r *http.Request) {
	var in entryIn
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.UseNumber()
	if err := dec.Decode(&in); err != nil {
		writeError(w, http.StatusBadRequest, "INVALID_CONTENT", "The request could not be processed because of invalid JSON content.")
		return
	}
	e, code, detail := s.build(in)
	if code != "" {
		writeError(w, http.StatusBadRequest, code, detail)
		return
	}
	refused, lost := s.creates.Next()
	s.mu.Lock()
	if refused {
		s.mu.Unlock()
		writeError(w, http.StatusBadRequest, "USER_ERROR", "Error while accessing a resource. The accounting period is closed.")
		return
	}
	if _, dup := s.byExt[in.ExternalID]; dup && in.ExternalID != "" {
		s.mu.Unlock()
		writeError(w, http.StatusBadRequest, "DUP_RCRD", "Error while accessing a resource. A record with the external ID "+in.ExternalID+" already exists.")
		return
	}
	s.nextID++
	e.ID, e.TranID = s.nextID, "JE"+itoa(s.nextID)
	s.entries[e.ID] = e
	if e.ExternalID != "" {
		s.byExt[e.ExternalID] = e.ID
	}
	s.mu.Unlock()
	if lost {
		http.Error(w, "502 Bad Gateway", http.StatusBadGateway)
		return
	}
	w.Header().Set("Location", "http://"+r.Host+"/services/rest/record/v1/journalEntry/"+itoa(e.ID))
	w.WriteHeader(http.StatusNoContent)
}

// build checks an entry as NetSuite would: a subsidiary where one is
// needed, known accounts, one side per line, debits = credits.
func (s *Server) build(in entryIn) (*Entry, string, string) {
	if s.opt.Subsidiary != "" && (in.Subsidiary == nil || in.Subsidiary.ID != s.opt.Subsidiary) {
		return nil, "USER_ERROR", "Error while accessing a resource. Please enter value(s) for: Subsidiary"
	}
	if len(in.Line.Items) < 2 {
		return nil, "USER_ERROR", "Error while accessing a resource. You must enter at least two line items for this transaction."
	}
	e := &Entry{ExternalID: in.ExternalID, TranDate: in.TranDate, Memo: in.Memo}
	if in.Subsidiary != nil {
		e.Subsidiary = in.Subsidiary.ID
	}
	debit, credit := money.Zero("CNY"), money.Zero("CNY")
	for _, it := range in.Line.Items {
		if !slices.Contains(s.opt.Accounts, it.Account.ID) {
			return nil, "INVALID_KEY_OR_REF", "Invalid account reference key " + it.Account.ID + "."
		}
		d, errD := amount(it.Debit)
		c, errC := amount(it.Credit)
		if errD != nil || errC != nil || d.IsZero() == c.IsZero() {
			return nil, "USER_ERROR", "Error while accessing a resource. Each line needs a debit or a credit amount."
		}
		debit, _ = debit.Add(d)
		credit, _ = credit.Add(c)
		e.Lines = append(e.Lines, Line{Account: it.Account.ID, Debit: string(it.Debit), Credit: string(it.Credit), Memo: it.Memo})
	}
	if debit != credit {
		return nil, "USER_ERROR", "Error while accessing a resource. The transaction is out of balance: the total of debits must equal the total of credits."
	}
	return e, "", ""
}

func amount(n json.Number) (money.Amount, error) {
	if n == "" {
		return money.Zero("CNY"), nil
	}
	return money.Parse(string(n), "CNY")
}
