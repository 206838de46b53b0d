package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/ledger/ledgerdb"
	"github.com/fnshub/fnshub/internal/store/sqlite"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// postSales posts n entries straight into the data directory's database.
func postSales(t *testing.T, dir string, n int) {
	t.Helper()
	db, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	l := ledger.New(ledgerdb.New(db), ledger.Options{})
	defer l.Close()
	for i := range n {
		if _, err := l.Post(context.Background(), storetest.Sale(t, fmt.Sprint("s", i), "10.00")); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCLI_CheckPassesOnAHealthyLedger(t *testing.T) {
	c := newCLI(t)
	c.mustRun("", "migrate")
	postSales(t, c.env["FNSHUB_DATA"], 5)
	out := c.mustRun("", "check")
	if !strings.HasPrefix(out, "ok: 5 entries") || strings.Count(out, "\n") != 1 {
		t.Fatalf("check on a healthy ledger printed %q, want one ok line", out)
	}
}

func TestCLI_CheckCatchesACorruptedDatabase(t *testing.T) {
	c := newCLI(t)
	c.mustRun("", "migrate")
	dir := c.env["FNSHUB_DATA"]
	postSales(t, dir, 5)
	db, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	// Someone "fixes" an amount by hand, bypassing the append-only triggers.
	storetest.Corrupt(t, db, `UPDATE ledger_postings SET amount_minor = 999 WHERE entry_id = 3 AND line = 1`)
	db.Close()
	code, out, errw := c.run(context.Background(), "", "check")
	if code != exitBroken {
		t.Fatalf("check on a corrupted ledger exited %d (want %d)\n%s%s", code, exitBroken, out, errw)
	}
	for _, want := range []string{"BROKEN", "entry 3: " + ledger.RuleChain, "entry 3: " + ledger.RuleEntryBalanced, ledger.RuleBalances} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "entry 2:") || strings.Contains(out, "entry 4:") {
		t.Errorf("report blames untouched entries:\n%s", out)
	}
}

func TestCLI_CheckRefusesAnUnmigratedDatabase(t *testing.T) {
	c := newCLI(t)
	c.env["FNSHUB_DATA"] = filepath.Join(t.TempDir(), "empty")
	code, _, errw := c.run(context.Background(), "", "check")
	if code != exitFailed || !strings.Contains(errw, "fnshub migrate") {
		t.Fatalf("check before migrate: exit %d %s", code, errw)
	}
}

func TestCLI_CheckCatchesAStockLevelEditedByHand(t *testing.T) {
	c := newCLI(t)
	c.mustRun("", "migrate")
	db, err := sqlite.Open(c.env["FNSHUB_DATA"])
	if err != nil {
		t.Fatal(err)
	}
	storetest.NewInventoryOn(t, db)
	storetest.Corrupt(t, db, `UPDATE stock_levels SET reserved = 7`)
	db.Close()
	code, out, _ := c.run(context.Background(), "", "check")
	if code != exitBroken || !strings.Contains(out, "stock SKU-1 @ SH: "+inventory.RuleReserved) {
		t.Fatalf("check after editing a stock level: exit %d\n%s", code, out)
	}
}

func TestCLI_CheckCatchesAHandEntryOnTheReceivable(t *testing.T) {
	c := newCLI(t)
	c.mustRun("", "migrate")
	dir := c.env["FNSHUB_DATA"]
	postSales(t, dir, 2)
	db, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	l := ledger.New(ledgerdb.New(db), ledger.Options{})
	hand := storetest.Sale(t, "api:hand", "3.00")
	hand.Postings[0].Dims = ledger.Dims{} // no order behind it
	if _, err := l.Post(context.Background(), hand); err != nil {
		t.Fatal(err)
	}
	l.Close()
	db.Close()
	code, out, errw := c.run(context.Background(), "", "check")
	if code != exitBroken || !strings.Contains(out, "entity 1: "+ledger.RuleReceivables) || !strings.Contains(out, "hold 23.00") {
		t.Fatalf("check after a hand entry on 1122 exited %d (want %d) with:\n%s%s", code, exitBroken, out, errw)
	}
}

func TestCLI_AccountsMap(t *testing.T) {
	c := newCLI(t)
	c.mustRun("", "migrate")
	out := c.mustRun("", "accounts", "map")
	rows := map[string]bool{}
	for _, line := range strings.Split(out, "\n") {
		rows[strings.Join(strings.Fields(line), " ")] = true
	}
	if !strings.Contains(out, "version 0") || !rows["receivable * 1122"] || !rows["intercompany_receivable * 1221"] || !rows["intercompany_payable * 2241"] {
		t.Fatalf("the default map printed:\n%s", out)
	}
	code, _, errw := c.run(context.Background(), "", "accounts", "map", "--set", "receivable@tmall=1122.01")
	if code != exitFailed || !strings.Contains(errw, "1122.01 does not exist") {
		t.Fatalf("mapping to a missing account exited %d: %s", code, errw)
	}
	db, err := sqlite.Open(c.env["FNSHUB_DATA"])
	if err != nil {
		t.Fatal(err)
	}
	l := ledger.New(ledgerdb.New(db), ledger.Options{})
	_, err = l.CreateAccount(context.Background(), ledger.Account{Code: "1122.01", NameZH: "应收账款-天猫", Class: ledger.Asset, NormalSide: ledger.Debit})
	l.Close()
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	out = c.mustRun("", "accounts", "map", "--set", "receivable@tmall=1122.01")
	if !strings.Contains(out, "saved account map version 1") || !strings.Contains(out, "tmall") || !strings.Contains(out, "1122.01") {
		t.Fatalf("saving printed:\n%s", out)
	}
	if out = c.mustRun("", "accounts", "map"); !strings.Contains(out, "version 1") || !strings.Contains(out, "1122.01") {
		t.Fatalf("the saved map printed:\n%s", out)
	}
}

func TestCLI_CheckCatchesARollupEditedByHand(t *testing.T) {
	c := newCLI(t)
	c.mustRun("", "migrate")
	if out := c.mustRun("", "check", "--only", "rollups"); !strings.HasPrefix(out, "ok: the analytics rollups match") {
		t.Fatalf("check --only rollups on a fresh hub printed %q", out)
	}
	db, err := sqlite.Open(c.env["FNSHUB_DATA"])
	if err != nil {
		t.Fatal(err)
	}
	storetest.Corrupt(t, db, `INSERT INTO analytics_sales (hour, shop, channel, currency, orders, gmv_minor, refunds_minor) VALUES (493000, 'T1', 'tmall', 'CNY', 1, 999, 0)`)
	db.Close()
	for _, args := range [][]string{{"check"}, {"check", "--only", "rollups"}} {
		code, out, errw := c.run(context.Background(), "", args...)
		if code != exitBroken || !strings.Contains(out, `analytics rollup: gmv of shop "T1" (tmall) in CNY at hour 493000: rollup 999, base tables 0`) {
			t.Errorf("%v exited %d, want %d naming the figure:\n%s%s", args, code, exitBroken, out, errw)
		}
	}
	if code, _, errw := c.run(context.Background(), "", "check", "--only", "stock"); code != exitFailed || !strings.Contains(errw, "rollups") {
		t.Errorf("--only stock exited %d: %s", code, errw)
	}
}
