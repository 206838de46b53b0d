package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/audit"
	"github.com/fnshub/fnshub/internal/audit/auditdb"
	"github.com/fnshub/fnshub/internal/store"
)

// ExerciseAudit runs the audit log's chain, reads and append-only rule
// against one engine.
func ExerciseAudit(t *testing.T, open Opener) {
	ctx := context.Background()
	rec := func(actor string, at time.Time) audit.Record {
		return audit.Record{At: at, Actor: actor, Role: "admin", Via: audit.ViaToken, Action: "POST /api/v1/orders/{id}/hold",
			Target: "order 12", Detail: json.RawMessage(`{"params":{"id":"12"}}`), Status: 200}
	}
	t.Run("appends chain and read back newest first, filtered and paged", func(t *testing.T) {
		t.Parallel()
		log := newAuditLog(t, open(t))
		base := time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)
		for i := range 5 {
			actor := "ops"
			if i%2 == 1 {
				actor = "fin"
			}
			_, err := log.Record(ctx, rec(actor, base.Add(time.Duration(i)*time.Hour)))
			must(t, err)
		}
		page, more, err := log.List(ctx, audit.Filter{Limit: 2})
		must(t, err)
		if len(page) != 2 || !more || page[0].Seq != 5 || page[1].Seq != 4 || string(page[0].Detail) != `{"params":{"id":"12"}}` ||
			!page[0].At.Equal(base.Add(4*time.Hour)) || page[0].Via != audit.ViaToken || page[0].Status != 200 {
			t.Fatalf("first page = %+v more=%v", page, more)
		}
		rest, more, err := log.List(ctx, audit.Filter{Limit: 10, Before: page[1].Seq})
		must(t, err)
		if len(rest) != 3 || more || rest[0].Seq != 3 || rest[2].Seq != 1 {
			t.Fatalf("second page = %+v more=%v", rest, more)
		}
		fin, _, err := log.List(ctx, audit.Filter{Actor: "fin", From: base.Add(2 * time.Hour), To: base.Add(4 * time.Hour)})
		must(t, err)
		if len(fin) != 1 || fin[0].Seq != 4 {
			t.Fatalf("fin in [02:00, 04:00) = %+v", fin)
		}
		none, _, err := log.List(ctx, audit.Filter{Action: "DELETE /api/v1/tokens/{id}"})
		must(t, err)
		if len(none) != 0 {
			t.Fatalf("by another action = %+v", none)
		}
		rep, err := log.Verify(ctx)
		must(t, err)
		if !rep.OK() || rep.Entries != 5 {
			t.Fatalf("verify = %+v", rep)
		}
	})

	t.Run("concurrent appends from several nodes form one gapless chain", func(t *testing.T) {
		// Each Log is a node with its own committer; their groups meet
		// only at the chain head's lock.
		t.Parallel()
		db := open(t)
		const nodes, writers, each = 4, 4, 25
		logs := make([]*audit.Log, nodes)
		for i := range logs {
			logs[i] = newAuditLog(t, db)
		}
		log := logs[0]
		var wg sync.WaitGroup
		errs := make(chan error, nodes*writers*each)
		for w := range nodes * writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range each {
					if _, err := logs[w%nodes].Record(ctx, rec(fmt.Sprintf("w%d", w), time.Time{})); err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("a concurrent append failed: %v", err)
		}
		rep, err := log.Verify(ctx)
		must(t, err)
		if !rep.OK() || rep.Entries != nodes*writers*each {
			t.Fatalf("verify after %d appends = %+v", nodes*writers*each, rep)
		}
	})

	t.Run("appends that read the head without holding it collide", func(t *testing.T) {
		// Why Append locks the head: two writers that read it first and
		// write after both take the same seq, and one of them fails (or,
		// without the primary key, the chain would fork).
		t.Parallel()
		db := open(t)
		var read sync.WaitGroup
		read.Add(2)
		errs := make(chan error, 2)
		for i := range 2 {
			go func() { errs <- unlockedAppend(ctx, db, rec(fmt.Sprintf("r%d", i), time.Now()), &read) }()
		}
		first, second := <-errs, <-errs
		if (first == nil) == (second == nil) {
			t.Fatalf("two unlocked appends from one head: errors %v and %v; want exactly one to fail", first, second)
		}
	})

	t.Run("rows cannot be changed or removed", func(t *testing.T) {
		t.Parallel()
		db := open(t)
		_, err := newAuditLog(t, db).Record(ctx, rec("ops", time.Time{}))
		must(t, err)
		for _, q := range []string{`UPDATE audit_log SET actor = 'someone else' WHERE seq = 1`, `DELETE FROM audit_log WHERE seq = 1`} {
			if err := db.InTx(ctx, func(tx *store.Tx) error { _, err := tx.Exec(ctx, q); return err }); err == nil {
				t.Fatalf("%s was allowed", q)
			}
		}
	})

	t.Run("a changed row and a removed tail are named by seq", func(t *testing.T) {
		t.Parallel()
		db := open(t)
		log := newAuditLog(t, db)
		for range 4 {
			_, err := log.Record(ctx, rec("ops", time.Time{}))
			must(t, err)
		}
		TamperAudit(t, db, `UPDATE audit_log SET target = 'order 13' WHERE seq = 2`)
		rep, err := log.Verify(ctx)
		must(t, err)
		if rep.OK() || rep.FirstBad != 2 {
			t.Fatalf("after changing seq 2: %+v", rep)
		}
		TamperAudit(t, db, `DELETE FROM audit_log WHERE seq = 4`)
		rep, err = log.Verify(ctx)
		must(t, err)
		if rep.FirstBad != 2 || len(rep.Problems) != 2 {
			t.Fatalf("after also removing seq 4: %+v", rep)
		}
	})
}

func newAuditLog(t testing.TB, db *store.DB) *audit.Log {
	log := audit.New(auditdb.New(db), nil)
	t.Cleanup(log.Close)
	return log
}

// unlockedAppend is Append without the lock: it reads the head in one
// transaction and writes in another, waiting on read until every writer
// has read, so they all read the same head.
func unlockedAppend(ctx context.Context, db *store.DB, r audit.Record, read *sync.WaitGroup) error {
	e := audit.Entry{Record: r}
	err := db.Read(ctx, func(tx *store.Tx) error {
		return tx.QueryRow(ctx, `SELECT last_seq, last_hash FROM audit_chain WHERE id = 1`).Scan(&e.Seq, &e.PrevHash)
	})
	read.Done()
	if err != nil {
		return err
	}
	read.Wait()
	if e.PrevHash == nil {
		e.PrevHash = []byte{}
	}
	e.Seq++
	e.Hash = e.ChainHash()
	return db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO audit_log (seq, at, actor, role, via, action, target, detail, status, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.Seq, store.Micros(e.At), e.Actor, e.Role, string(e.Via), e.Action, e.Target, string(e.Detail), e.Status, e.PrevHash, e.Hash)
		return err
	})
}

// TamperAudit runs stmt on the audit log with its append-only triggers
// out of the way, as someone with the database's owner rights could.
func TamperAudit(t testing.TB, db *store.DB, stmt string) {
	t.Helper()
	var off, on []string
	if db.Engine() == store.Postgres {
		off = []string{`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`}
		on = []string{`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`}
	} else {
		off = []string{`DROP TRIGGER IF EXISTS audit_log_append_only_update`, `DROP TRIGGER IF EXISTS audit_log_append_only_delete`}
	}
	err := db.InTx(context.Background(), func(tx *store.Tx) error {
		for _, q := range append(append(off, stmt), on...) {
			if _, err := tx.Exec(context.Background(), q); err != nil {
				return fmt.Errorf("%s: %w", q, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
