package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/ledger/ledgerdb"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/store"
)

// entitiesMigration is the migration that put the ledger per legal entity
// (docs/adr/0025-ledger-entities-dimensions-and-rules.md).
const entitiesMigration = 16

// ExerciseLedgerMigration writes a ledger with the schema and hashing from
// before entities (migrations up to 00012, rows as the ledger of commit
// dd07762 wrote them), migrates, and checks that the entries are entity 1's
// with their chain, balances and idempotency intact, and that the chain goes on.
func ExerciseLedgerMigration(t *testing.T, db *store.DB) {
	ctx := context.Background()
	if err := db.MigrateTo(ctx, entitiesMigration-1); err != nil {
		t.Fatal(err)
	}
	if err := ledgerdb.New(db).EnsureAccounts(ctx, ledger.DefaultChart()); err != nil {
		t.Fatal(err)
	}
	reqs := []ledger.Request{
		{SourceKey: "order:1:paid", Description: "paid", Postings: []ledger.Posting{
			{Account: "1122", Amount: money.New(11300, "CNY")}, {Account: "2203", Amount: money.New(-11300, "CNY")}}},
		{SourceKey: "api:sale", Description: "cash sale", Postings: []ledger.Posting{
			{Account: "1002", Amount: money.New(500, "USD")}, {Account: "6001", Amount: money.New(-500, "USD")}}},
		{SourceKey: "order:1:undo", Description: "undo", Reverses: 1, Postings: []ledger.Posting{
			{Account: "1122", Amount: money.New(-11300, "CNY")}, {Account: "2203", Amount: money.New(11300, "CNY")}}},
	}
	prev := []byte{}
	balances := map[[2]string]int64{}
	at := time.UnixMicro(1_700_000_000_000_000).UTC()
	err := db.InTx(ctx, func(tx *store.Tx) error {
		for i, r := range reqs {
			id := int64(i + 1)
			e := ledger.Entry{ID: id, Entity: ledger.DefaultEntity, Seq: id, SourceKey: r.SourceKey, Description: r.Description,
				EffectiveAt: at, PostedAt: at, Reverses: r.Reverses, Postings: r.Postings, PrevHash: prev}
			e.ContentHash = ledger.Request{Description: r.Description, EffectiveAt: at, Reverses: r.Reverses, Postings: postingsAsked(r)}.ContentHash()
			e.Hash = e.ChainHash() // for entity 1, seq = id and no dimensions: the encoding of before
			var reverses any
			if r.Reverses != 0 {
				reverses = r.Reverses
			}
			if _, err := tx.Exec(ctx, `INSERT INTO ledger_entries (id, source_key, content_hash, description, effective_at, posted_at, reverses_id, prev_hash, hash)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, e.SourceKey, e.ContentHash, e.Description, store.Micros(at), store.Micros(at), reverses, e.PrevHash, e.Hash); err != nil {
				return err
			}
			for j, p := range r.Postings {
				if _, err := tx.Exec(ctx, `INSERT INTO ledger_postings (entry_id, line, account_code, currency, amount_minor, effective_at) VALUES (?, ?, ?, ?, ?, ?)`,
					id, j+1, p.Account, string(p.Amount.Currency()), p.Amount.Minor(), store.Micros(at)); err != nil {
					return err
				}
				balances[[2]string{p.Account, string(p.Amount.Currency())}] += p.Amount.Minor()
			}
			prev = e.Hash
		}
		for k, v := range balances {
			if _, err := tx.Exec(ctx, `INSERT INTO ledger_balances (account_code, currency, balance_minor) VALUES (?, ?, ?)`, k[0], k[1], v); err != nil {
				return err
			}
		}
		_, err := tx.Exec(ctx, `UPDATE ledger_chain SET last_id = ?, last_hash = ? WHERE id = 1`, len(reqs), prev)
		return err
	})
	if err != nil {
		t.Fatalf("write the ledger as it was: %v", err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}

	l := ledger.New(ledgerdb.New(db), ledger.Options{})
	t.Cleanup(l.Close)
	assertChecks(t, l)
	es, err := l.Entries(ctx, ledger.DefaultEntity, 0, 10)
	if err != nil || len(es) != 3 {
		t.Fatalf("entity 1's entries = %d, %v; want the 3 written before", len(es), err)
	}
	for i, e := range es {
		if e.Entity != 1 || e.Seq != int64(i+1) || e.ID != int64(i+1) {
			t.Errorf("entry %d migrated as entity %d number %d", e.ID, e.Entity, e.Seq)
		}
	}
	// The same request under an old key replays the old entry.
	replay := ledger.Request{SourceKey: "api:sale", Description: "cash sale", EffectiveAt: at, Postings: reqs[1].Postings}
	if res, err := l.Post(ctx, replay); err != nil || !res.Replayed || res.Entry.ID != 2 {
		t.Fatalf("replay of an entry from before = %+v, %v; want entry 2 replayed", res, err)
	}
	// Entity 1's chain goes on from the migrated head; entity 2 starts its own.
	next, err := l.Post(ctx, ledger.Request{SourceKey: "after", Description: "after", Postings: []ledger.Posting{
		{Account: "1002", Amount: money.New(1, "CNY")}, {Account: "6001", Amount: money.New(-1, "CNY")}}})
	if err != nil || next.Entry.Seq != 4 || string(next.Entry.PrevHash) != string(prev) {
		t.Fatalf("next entry = %+v, %v; want number 4 chained to the migrated head", next.Entry, err)
	}
	other, err := l.Post(ctx, ledger.Request{Entity: 2, SourceKey: "other", Description: "other", Postings: []ledger.Posting{
		{Account: "1002", Amount: money.New(1, "CNY")}, {Account: "6001", Amount: money.New(-1, "CNY")}}})
	if err != nil || other.Entry.Seq != 1 || len(other.Entry.PrevHash) != 0 || other.Entry.ID != ledger.EntryID(2, 1) {
		t.Fatalf("entity 2's first entry = %+v, %v; want number 1 of a new chain, id EntryID(2, 1)", other.Entry, err)
	}
	assertChecks(t, l)
	tb, err := l.TrialBalance(ctx, 1, time.Now().Add(time.Hour))
	if err != nil || len(tb.Lines) != 4 { // 1002 and 6001 in CNY and USD; 1122 and 2203 reversed to zero
		t.Fatalf("entity 1 trial balance = %+v, %v; want 4 lines", tb.Lines, err)
	}
	if tb, err = l.TrialBalance(ctx, 2, time.Now().Add(time.Hour)); err != nil || len(tb.Lines) != 2 || tb.Lines[0].Debit.Minor() != 1 {
		t.Fatalf("entity 2 trial balance = %+v, %v; want its own entry only", tb.Lines, err)
	}
}

// postingsAsked is what the request asked for: a reversal asks for none.
func postingsAsked(r ledger.Request) []ledger.Posting {
	if r.Reverses != 0 {
		return nil
	}
	return r.Postings
}
