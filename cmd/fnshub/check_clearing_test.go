package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/ledger/ledgerdb"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement/settlementtest"
	"github.com/fnshub/fnshub/internal/store/sqlite"
)

// TestCLI_CheckHoldsReconciledPayoutsToClearing: a payout transferred to the
// bank and reconciled clears the platform balance, so check passes; when
// the run's record names another entry than the one it posted (a hand
// entry on the platform balance, books otherwise whole), the platform
// balance no longer nets and check names the payout.
func TestCLI_CheckHoldsReconciledPayoutsToClearing(t *testing.T) {
	useTestFormats(t)
	c := newCLI(t)
	c.mustRun("", "shop", "add", "--id", "tm1", "--channel", "tmall", "--name", "天猫旗舰店")
	file := filepath.Join(t.TempDir(), "bill.tsv")
	bill := settlementtest.Header + "\nPx\tk1\tsale\to1\t5.00\nPx\tk2\tsale\to2\t3.00\nPx\tk3\ttransfer\t\t-8.00\nPx\t\tpayout\t\t8.00\n"
	if err := os.WriteFile(file, []byte(bill), 0o600); err != nil {
		t.Fatal(err)
	}
	c.mustRun("", "settlement", "import", "--format", "tsv-tmall", file)
	if out := c.mustRun("", "settlement", "reconcile", "1"); !strings.Contains(out, "applied: run 1 posted") {
		t.Fatalf("reconcile:\n%s", out)
	}
	if code, out, errw := c.run(context.Background(), "", "check"); code != exitOK || !strings.Contains(out, "reconciled payouts clear the platform balance") {
		t.Fatalf("check after reconcile: exit %d\n%s\n%s", code, out, errw)
	}
	db, err := sqlite.Open(c.env["FNSHUB_DATA"])
	if err != nil {
		t.Fatal(err)
	}
	l := ledger.New(ledgerdb.New(db), ledger.Options{})
	res, err := l.Post(context.Background(), ledger.Request{Entity: 1, SourceKey: "hand", Description: "hand entry",
		Postings: []ledger.Posting{{Account: "1012", Amount: money.New(100, "CNY")}, {Account: "1002", Amount: money.New(-100, "CNY")}}})
	l.Close()
	if err == nil {
		_, err = db.Writer().Exec(`UPDATE recon_entries SET entry_id = ? WHERE run_id = 1`, res.Entry.ID)
	}
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	code, out, errw := c.run(context.Background(), "", "check")
	if code != exitBroken || !strings.Contains(out, "settlement clearing: payout 1 (Px of shop tm1)") || !strings.Contains(out, "not zero") {
		t.Fatalf("check after losing an entry: exit %d\n%s%s", code, out, errw)
	}
}
