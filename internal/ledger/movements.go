package ledger

import (
	"context"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
)

// MovementQuery selects one account's postings in one entity, optionally by
// dimension and effective period [From, To).
type MovementQuery struct {
	Entity  int64
	Account string
	Shop    string
	Channel string
	SKU     string
	// Shops, when set, keeps only postings of these shops (a user's
	// scope, docs/adr/0039); a posting of no shop is of none of them.
	Shops []string
	From  time.Time // inclusive; zero for the beginning
	To    time.Time // exclusive; zero for no end
	After MovementCursor
	Limit int
}

// MovementCursor is the position of the last movement of a page.
type MovementCursor struct {
	EffectiveAt int64 // unix microseconds
	Entry       int64
	Line        int
}

// Movement is one posting on an account, with its entry's context.
type Movement struct {
	Entry       int64
	Seq         int64
	Line        int
	EffectiveAt time.Time
	Description string
	Amount      money.Amount
	Dims
}

// Cursor is the position of m, to continue a page after it.
func (m Movement) Cursor() MovementCursor {
	return MovementCursor{EffectiveAt: micros(m.EffectiveAt), Entry: m.Entry, Line: m.Line}
}

func (q *MovementQuery) normalise(paged bool) error {
	if q.Entity == 0 {
		q.Entity = DefaultEntity
	}
	switch {
	case q.Entity < 0 || q.Entity > MaxEntity:
		return fault.Invalidf("entity", "entity_invalid", "entity must be a legal entity id from 1 to %d, not %d", MaxEntity, q.Entity)
	case q.Account == "":
		return fault.Invalidf("code", "account_code_missing", "name the account whose movements you want")
	case !q.From.IsZero() && !q.To.IsZero() && !q.From.Before(q.To):
		return fault.Invalidf("to", "period_invalid", "to must be after from")
	case paged && (q.Limit < 1 || q.Limit > 1000):
		return fault.Invalidf("limit", "limit_invalid", "limit must be between 1 and 1000, not %d", q.Limit)
	}
	return nil
}

// Movements pages through an account's postings in one entity, filtered by
// shop, channel, SKU and period. It scans postings (there is no index by
// account, docs/adr/0005-ledger.md); it is a report, not a hot path.
func (l *Ledger) Movements(ctx context.Context, q MovementQuery) ([]Movement, error) {
	if err := q.normalise(true); err != nil {
		return nil, err
	}
	return l.store.Movements(ctx, q)
}

// BalanceBy totals an account's postings in one entity matching the
// dimensions and period of q, per currency (debits positive).
func (l *Ledger) BalanceBy(ctx context.Context, q MovementQuery) ([]money.Amount, error) {
	if err := q.normalise(false); err != nil {
		return nil, err
	}
	return l.store.Sum(ctx, q)
}
