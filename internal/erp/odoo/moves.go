package odoo

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/fnshub/fnshub/internal/erp"
	"github.com/fnshub/fnshub/internal/erp/erpcall"
)

// remote is the client as the push loop sees it.
type remote struct{ c *Client }

// Move is the part of an account.move search_read returns that a push
// reads.
type Move struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`  // the entry's number, "MISC/2026/12/0001"; "/" while a draft
	Ref   string `json:"ref"`   // our voucher id
	State string `json:"state"` // draft, posted, cancel
}

// Find searches account.move for ref = v.ID. A draft found is one whose
// create worked and whose action_post did not (JSON-2 runs each call in
// its own transaction): it is posted now, and then exists.
func (r remote) Find(ctx context.Context, v erp.Voucher) (string, bool, error) {
	var moves []Move
	args := map[string]any{
		"domain": [][]any{{"ref", "=", v.ID}, {"move_type", "=", "entry"}},
		"fields": []string{"id", "name", "ref", "state"},
		"limit":  1,
	}
	if err := r.c.call(ctx, "account.move", "search_read", args, &moves); err != nil {
		return "", false, err
	}
	if len(moves) == 0 {
		return "", false, nil
	}
	m := moves[0]
	if m.State == "draft" {
		if err := r.post(ctx, m.ID); err != nil {
			return "", false, err
		}
	}
	return strconv.FormatInt(m.ID, 10), true, nil
}

// Create makes the move with one (0, 0, vals) command per line and posts
// it.
func (r remote) Create(ctx context.Context, v erp.Voucher) (string, error) {
	vals, err := r.moveVals(ctx, v)
	if err != nil {
		return "", err
	}
	var ids []int64
	if err := r.c.call(ctx, "account.move", "create", map[string]any{"vals_list": []any{vals}}, &ids); err != nil {
		return "", err
	}
	if len(ids) != 1 {
		return "", &erpcall.Error{Kind: erpcall.Transient, ERP: Name, Message: "create answered " + strconv.Itoa(len(ids)) + " ids for one move"}
	}
	if err := r.post(ctx, ids[0]); err != nil {
		return "", err
	}
	return strconv.FormatInt(ids[0], 10), nil
}

func (r remote) post(ctx context.Context, id int64) error {
	var ignored json.RawMessage // action_post answers false or null
	return r.c.call(ctx, "account.move", "action_post", map[string]any{"ids": []int64{id}}, &ignored)
}

func (r remote) moveVals(ctx context.Context, v erp.Voucher) (map[string]any, error) {
	if r.c.cfg.Currency != "" && v.Currency != r.c.cfg.Currency {
		return nil, &erpcall.Error{Kind: erpcall.Refused, ERP: Name, Code: "currency",
			Message: "voucher " + v.ID + " is in " + string(v.Currency) + ", the company books in " + string(r.c.cfg.Currency) + "; foreign-currency entries are not pushed yet"}
	}
	lines := make([]any, 0, len(v.Lines))
	for _, l := range v.Lines {
		account, err := r.account(ctx, l.Account)
		if err != nil {
			return nil, err
		}
		name := l.Memo
		if name == "" {
			name = v.Memo
		}
		// debit and credit are JSON numbers written from minor units,
		// never through float64.
		lines = append(lines, []any{0, 0, map[string]any{
			"account_id": account, "name": name,
			"debit": json.Number(erpcall.Decimal(l.Debit)), "credit": json.Number(erpcall.Decimal(l.Credit)),
		}})
	}
	vals := map[string]any{"move_type": "entry", "ref": v.ID, "date": v.Date.Format("2006-01-02"), "line_ids": lines}
	if v.Memo != "" {
		vals["narration"] = v.Memo
	}
	if r.c.cfg.JournalID != 0 {
		vals["journal_id"] = r.c.cfg.JournalID
	}
	return vals, nil
}

// account resolves an account code to its account.account id, once per
// client.
func (r remote) account(ctx context.Context, code string) (int64, error) {
	r.c.mu.Lock()
	id, ok := r.c.accounts[code]
	r.c.mu.Unlock()
	if ok {
		return id, nil
	}
	var found []struct {
		ID int64 `json:"id"`
	}
	args := map[string]any{"domain": [][]any{{"code", "=", code}}, "fields": []string{"id", "code"}, "limit": 1}
	if err := r.c.call(ctx, "account.account", "search_read", args, &found); err != nil {
		return 0, err
	}
	if len(found) == 0 {
		return 0, &erpcall.Error{Kind: erpcall.Refused, ERP: Name, Code: "account",
			Message: "no account with code " + code + " in Odoo; fix the ERP account map"}
	}
	r.c.mu.Lock()
	r.c.accounts[code] = found[0].ID
	r.c.mu.Unlock()
	return found[0].ID, nil
}
