package storetest

import (
	"context"
	"testing"

	"github.com/fnshub/fnshub/internal/arap"
	"github.com/fnshub/fnshub/internal/arap/arapdb"
	"github.com/fnshub/fnshub/internal/store"
)

// ExerciseARAPDocumentsEntity stores a bill the way it was kept before
// migration 00040 and migrates up: it is the default entity's (1), found
// under entity 1 and not 2, and another entity may then use its number.
// Migrating down again keeps the default entity's documents only
// (docs/adr/0060).
func ExerciseARAPDocumentsEntity(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t)
	must(t, db.MigrateDownTo(ctx, 39))
	if err := exec(db, `INSERT INTO arap_documents (kind, party, number, doc_date, due_date, amount_minor, currency, account, applies_to, memo, fingerprint, entry_id, created_at, created_by)
		VALUES ('bill', 'FARM', 'F-1', '2026-11-01', '2026-12-01', 50000, 'CNY', '6602', '', '', 'fp', 7, 1, 't')`); err != nil {
		t.Fatal(err)
	}
	_, err := db.Migrate(ctx)
	must(t, err)
	var found1, found2 bool
	must(t, db.InTx(ctx, func(tx *store.Tx) error {
		st := arapdb.Bind(tx)
		d, ok, err := st.Document(ctx, 1, arap.Bill, "FARM", "F-1")
		if err != nil {
			return err
		}
		found1 = ok && d.Entity == 1 && d.EntryID == 7 && d.Amount.Minor() == 50000
		if _, found2, err = st.Document(ctx, 2, arap.Bill, "FARM", "F-1"); err != nil {
			return err
		}
		d.Entity, d.EntryID = 2, 8
		return st.AddDocument(ctx, d)
	}))
	if !found1 || found2 {
		t.Fatalf("after 00040 the old bill is entity 1's: %v, entity 2's: %v; want 1's only", found1, found2)
	}
	var docs1, docs2 []arap.Document
	must(t, db.InTx(ctx, func(tx *store.Tx) (err error) {
		st := arapdb.Bind(tx)
		if docs1, err = st.Documents(ctx, 1, arap.Supplier, ""); err != nil {
			return err
		}
		docs2, err = st.Documents(ctx, 2, arap.Supplier, "")
		return err
	}))
	if len(docs1) != 1 || docs1[0].EntryID != 7 || len(docs2) != 1 || docs2[0].EntryID != 8 {
		t.Fatalf("entity 1's documents %+v, entity 2's %+v; want F-1 in each, each its own", docs1, docs2)
	}
	must(t, db.MigrateDownTo(ctx, 39))
	var n int
	must(t, db.InTx(ctx, func(tx *store.Tx) error {
		return tx.QueryRow(ctx, `SELECT COUNT(*) FROM arap_documents WHERE party = 'FARM'`).Scan(&n)
	}))
	if n != 1 {
		t.Fatalf("after down to 39, %d documents, want the default entity's one", n)
	}
	_, err = db.Migrate(ctx)
	must(t, err)
}
