package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/finance"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
)

// AccountMaps stores the account maps of the posting rules (financedb.Store).
type AccountMaps interface {
	Versions(ctx context.Context, entity int64) ([]finance.Map, error)
	Save(ctx context.Context, m finance.Map, now time.Time) (finance.Map, error)
}

type movementJSON struct {
	Entry       int64        `json:"entry"`
	Seq         int64        `json:"seq"`
	Line        int          `json:"line"`
	EffectiveAt time.Time    `json:"effective_at"`
	Description string       `json:"description"`
	Side        ledger.Side  `json:"side"`
	Amount      money.Amount `json:"amount"`
	Shop        string       `json:"shop"`
	Channel     string       `json:"channel"`
	SKU         string       `json:"sku"`
	Source      *sourceJSON  `json:"source"`
}

// movementQuery reads the account from the path and entity, shop, channel,
// sku, from and to from the query; the shops are within the caller's scope.
func (s *Server) movementQuery(r *http.Request) (ledger.MovementQuery, error) {
	q := ledger.MovementQuery{Account: r.PathValue("code"),
		Channel: r.URL.Query().Get("channel"), SKU: r.URL.Query().Get("sku")}
	var err error
	if q.Shops, err = s.shopScope(r, requestedShops(r)); err != nil {
		return q, err
	}
	if q.Entity, err = s.queryEntity(r); err != nil {
		return q, err
	}
	if q.From, err = s.queryTime(r, "from", time.Time{}); err != nil {
		return q, err
	}
	q.To, err = s.queryTime(r, "to", time.Time{})
	return q, err
}

// listMovements pages through an account's postings by dimension and period.
func (s *Server) listMovements(w http.ResponseWriter, r *http.Request) error {
	q, err := s.movementQuery(r)
	if err != nil {
		return err
	}
	limit, err := queryInt(r, "limit", 100)
	if err != nil {
		return err
	}
	q.Limit = int(limit)
	if q.After, err = parseMovementCursor(r.URL.Query().Get("cursor")); err != nil {
		return err
	}
	ms, err := s.Ledger.Movements(r.Context(), q)
	if err != nil {
		return err
	}
	items := make([]movementJSON, len(ms))
	for i, m := range ms {
		p := ledger.Posting{Amount: m.Amount}
		amt := m.Amount
		if p.Side() == ledger.Credit {
			amt, _ = amt.Neg() // a stored credit was negated once already
		}
		items[i] = movementJSON{Entry: m.Entry, Seq: m.Seq, Line: m.Line, EffectiveAt: m.EffectiveAt.In(s.Location),
			Description: m.Description, Side: p.Side(), Amount: amt}
		items[i].Shop, items[i].Channel, items[i].SKU, items[i].Source = dimsOut(m.Dims)
	}
	next := ""
	if len(ms) == q.Limit {
		c := ms[len(ms)-1].Cursor()
		next = fmt.Sprintf("%d.%d.%d", c.EffectiveAt, c.Entry, c.Line)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "next_cursor": next})
	return nil
}

func parseMovementCursor(v string) (ledger.MovementCursor, error) {
	var c ledger.MovementCursor
	if v == "" {
		return c, nil
	}
	parts := strings.Split(v, ".")
	bad := fault.Invalidf("cursor", "cursor_invalid", "cursor %q is not a next_cursor this API returned; omit it for the first page", v)
	if len(parts) != 3 {
		return c, bad
	}
	var err [3]error
	c.EffectiveAt, err[0] = strconv.ParseInt(parts[0], 10, 64)
	c.Entry, err[1] = strconv.ParseInt(parts[1], 10, 64)
	c.Line, err[2] = strconv.Atoi(parts[2])
	if err[0] != nil || err[1] != nil || err[2] != nil {
		return ledger.MovementCursor{}, bad
	}
	return c, nil
}

// accountBalance totals an account's postings by dimension and period.
func (s *Server) accountBalance(w http.ResponseWriter, r *http.Request) error {
	q, err := s.movementQuery(r)
	if err != nil {
		return err
	}
	sums, err := s.Ledger.BalanceBy(r.Context(), q)
	if err != nil {
		return err
	}
	type balanceJSON struct {
		Side   ledger.Side  `json:"side"`
		Amount money.Amount `json:"amount"`
	}
	out := []balanceJSON{}
	for _, a := range sums {
		p := ledger.Posting{Amount: a}
		if p.Side() == ledger.Credit {
			if a, err = a.Neg(); err != nil {
				return err
			}
		}
		out = append(out, balanceJSON{Side: p.Side(), Amount: a})
	}
	writeJSON(w, http.StatusOK, map[string]any{"account": q.Account, "entity": q.Entity, "balances": out})
	return nil
}

// getAccountMaps shows an entity's account maps: the current one and every version.
func (s *Server) getAccountMaps(w http.ResponseWriter, r *http.Request) error {
	entity, err := s.queryEntity(r)
	if err != nil {
		return err
	}
	versions, err := s.Maps.Versions(r.Context(), entity)
	if err != nil {
		return err
	}
	out := make([]accountMapJSON, len(versions))
	for i, m := range versions {
		out[i] = s.accountMapOut(m)
	}
	writeJSON(w, http.StatusOK, map[string]any{"entity": entity, "current": out[len(out)-1], "versions": out})
	return nil
}

// saveAccountMap saves a new version of an entity's account map; roles it
// leaves out keep the default accounts.
func (s *Server) saveAccountMap(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Entity   int64              `json:"entity"`
		Accounts []finance.MapEntry `json:"accounts"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if in.Entity == 0 {
		in.Entity = ledger.DefaultEntity
	}
	if in.Entity < 0 {
		return fault.Invalidf("entity", "entity_invalid", "entity must be a legal entity id of 1 or more")
	}
	m, err := finance.Complete(in.Entity, in.Accounts)
	if err != nil {
		return err
	}
	before := s.accountMapBefore(r.Context(), in.Entity)
	saved, err := s.Maps.Save(r.Context(), m, time.Now())
	if err != nil {
		return err
	}
	auditChange(r, before, s.accountMapOut(saved))
	writeJSON(w, http.StatusCreated, s.accountMapOut(saved))
	return nil
}

// accountMapJSON is a map version; created_at is null for the built-in default.
type accountMapJSON struct {
	Entity    int64              `json:"entity"`
	Version   int64              `json:"version"`
	Accounts  []finance.MapEntry `json:"accounts"`
	CreatedAt *time.Time         `json:"created_at"`
}

func (s *Server) accountMapOut(m finance.Map) accountMapJSON {
	out := accountMapJSON{Entity: m.Entity, Version: m.Version, Accounts: m.Accounts}
	if !m.CreatedAt.IsZero() {
		at := m.CreatedAt.In(s.Location)
		out.CreatedAt = &at
	}
	return out
}
