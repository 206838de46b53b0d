package main

import (
	"context"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/ledger/ledgerdb"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/store/sqlite"
)

// TestCLI_CheckTiesTheSubLedgers: a customer's invoice and a supplier's
// bill, part paid, tie and check passes; a hand entry on 1122.90 (the
// books otherwise whole) leaves the B2B receivable's control account
// apart from its invoices, and check names entity, account and currency.
func TestCLI_CheckTiesTheSubLedgers(t *testing.T) {
	c := newCLI(t)
	c.mustRun("", "supplier", "add", "--name", "茶园", "FARM")
	c.mustRun("", "ap", "bill", "add", "--supplier", "FARM", "--date", "2026-11-01", "--amount", "500.00", "F-1")
	c.mustRun("", "ap", "bill", "pay", "--supplier", "FARM", "--bill", "F-1", "--date", "2026-11-10", "--amount", "200", "P-1")
	if code, out, errw := c.run(context.Background(), "", "check"); code != exitOK || !strings.Contains(out, "sub-ledgers tie to their control accounts per entity") {
		t.Fatalf("check: exit %d\n%s\n%s", code, out, errw)
	}
	db, err := sqlite.Open(c.env["FNSHUB_DATA"])
	if err != nil {
		t.Fatal(err)
	}
	l := ledger.New(ledgerdb.New(db), ledger.Options{})
	_, err = l.Post(context.Background(), ledger.Request{Entity: 1, SourceKey: "hand", Description: "hand entry",
		Postings: []ledger.Posting{{Account: "1122.90", Amount: money.New(100, "CNY")}, {Account: "1002", Amount: money.New(-100, "CNY")}}})
	l.Close()
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	code, out, errw := c.run(context.Background(), "", "check")
	if code != exitBroken || !strings.Contains(out, "arap tie: entity 1 1122.90 CNY") {
		t.Fatalf("check after a hand entry on 1122.90: exit %d\n%s%s", code, out, errw)
	}
}
