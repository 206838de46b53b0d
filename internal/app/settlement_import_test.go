package app_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/entity/entitydb"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/settlement/settlementtest"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/shop/shopdb"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/fnshub/fnshub/internal/store/unit"
)

// testFormats are the test TSV for any shop, for tmall's and for Shopify's.
func testFormats() app.Formats {
	all := []settlement.Format{settlementtest.TSV("tsv", "", "CNY"), settlementtest.TSV("tsv-shopify", "shopify", "USD"), settlementtest.TSV("tsv-tmall", "tmall", "CNY")}
	return app.Formats{All: func() []settlement.Format { return all }, Lookup: func(name string) (settlement.Format, bool) {
		for _, f := range all {
			if f.Name == name {
				return f, true
			}
		}
		return settlement.Format{}, false
	}}
}

func newSettlements(t testing.TB, open storetest.Opener) *app.Settlements {
	t.Helper()
	db := open(t)
	shops := shop.New(shopdb.New(db), entitydb.New(db), nil)
	for _, sh := range []shop.Shop{{ID: "T1", Channel: "tmall", Name: "天猫旗舰店"}, {ID: "SH1", Channel: "shopify", Name: "Shopify store"}} {
		_, err := shops.Create(ctx, sh)
		must(t, err)
	}
	now := func() time.Time { return time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC) }
	return app.NewSettlements(unit.New(db), shops, now).WithFormats(testFormats())
}

func importText(s *app.Settlements, shopID, format, body string) (app.SettlementResult, error) {
	return s.ImportSettlement(ctx, app.SettlementImport{Shop: shopID, Format: format, FileName: "f.tsv", Body: strings.NewReader(body), By: "tester"})
}

func TestImportSettlement(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			s := newSettlements(t, e.Open)
			body := settlementtest.File("a", 1204, 500)
			first, err := importText(s, "T1", "tsv-tmall", body)
			must(t, err)
			if first.Status != "applied" || first.Payouts != 3 || first.LinesNew != 1204 || first.LinesRead != 1204 {
				t.Fatalf("first: %+v", first)
			}
			// The same file again, this time from disk: nothing new.
			path := filepath.Join(t.TempDir(), "f.tsv")
			must(t, os.WriteFile(path, []byte(body), 0o600))
			f, err := os.Open(path)
			must(t, err)
			defer f.Close()
			again, err := s.ImportSettlement(ctx, app.SettlementImport{Shop: "T1", Format: "tsv-tmall", FileName: "f.tsv", Body: f, By: "tester"})
			must(t, err)
			if again.Status != "duplicate" || again.LinesNew != 0 || again.LinesDuplicate != 1204 || again.ImportID == first.ImportID {
				t.Fatalf("again: %+v", again)
			}
			ims, err := s.Imports(ctx, settlement.ImportFilter{Shop: "T1"})
			must(t, err)
			if len(ims) != 2 || ims[0].SHA256 != ims[1].SHA256 || len(ims[0].SHA256) != 64 {
				t.Fatalf("imports: %+v", ims)
			}
		})
	}
}

// A file whose row 900 is bad leaves no import, payout or line.
func TestImportSettlement_BadRowChangesNothing(t *testing.T) {
	s := newSettlements(t, storetest.SQLite)
	lines := strings.Split(strings.TrimSuffix(settlementtest.File("b", 1000, 1000), "\n"), "\n")
	lines[899] = "Pb-0\tb-898\tsale\tO-898\t12.345" // row 900: three decimals in CNY
	_, err := importText(s, "T1", "tsv", strings.Join(lines, "\n")+"\n")
	var fe *fault.Error
	if !errors.As(err, &fe) || fe.Kind != fault.Invalid || fe.Field != "amount" || !strings.HasPrefix(fe.Message, "row 900, column amount: ") {
		t.Fatalf("bad row: %v (%+v)", err, fe)
	}
	ims, err := s.Imports(ctx, settlement.ImportFilter{})
	must(t, err)
	ps, err := s.Payouts(ctx, settlement.PayoutFilter{})
	must(t, err)
	if len(ims) != 0 || len(ps) != 0 {
		t.Fatalf("a refused file left %d imports and %d payouts", len(ims), len(ps))
	}
	_, err = importText(s, "T1", "tsv", "no header\n")
	if !errors.As(err, &fe) || fe.Field != "file" || !strings.HasPrefix(fe.Message, "row 1: ") {
		t.Fatalf("bad header: %v", err)
	}
}

func TestImportSettlement_Refusals(t *testing.T) {
	s := newSettlements(t, storetest.SQLite)
	body := settlementtest.File("c", 3, 3)
	_, err := importText(s, "T1", "tsv-shopify", body)
	var fe *fault.Error
	if !errors.As(err, &fe) || fe.Field != "format" || fe.Code != "settlement_format_mismatch" || !strings.Contains(fe.Message, "tsv, tsv-tmall") {
		t.Fatalf("wrong format for the shop: %v", err)
	}
	if _, err := importText(s, "T1", "nope", body); !errors.As(err, &fe) || fe.Field != "format" || !strings.Contains(fe.Message, "tsv, tsv-shopify, tsv-tmall") {
		t.Fatalf("unknown format: %v", err)
	}
	if _, err := importText(s, "X9", "tsv", body); !fault.Is(err, fault.NotFound) {
		t.Fatalf("unknown shop: %v", err)
	}
	_, err = importText(s, "T1", "tsv", body)
	must(t, err)
	changed := strings.Replace(body, "c-1\tsale\tO-1\t2.01", "c-1\tsale\tO-1\t2.02", 1)
	if _, err := importText(s, "T1", "tsv", changed); !errors.As(err, &fe) || fe.Kind != fault.Conflict || fe.Code != "settlement_line_conflict" || !strings.Contains(fe.Message, `row 3: line "c-1"`) {
		t.Fatalf("changed line: %v", err)
	}
	shops, err := s.ShopsFor(ctx, "tsv-tmall")
	must(t, err)
	if fmt.Sprint(shops) != "[T1]" {
		t.Fatalf("shops for tsv-tmall: %v", shops)
	}
}

// A Shopify balance transaction listed while pending moves to its payout.
func TestImportSettlement_ShopifyPendingMoves(t *testing.T) {
	s := newSettlements(t, storetest.SQLite)
	_, err := importText(s, "SH1", "tsv-shopify", settlementtest.Header+"\npending\ttxn-1\tsale\t#1001\t20.00\n")
	must(t, err)
	res, err := importText(s, "SH1", "tsv-shopify", settlementtest.Header+"\n9876\ttxn-1\tsale\t#1001\t20.00\n9876\t\tpayout\t\t20.00\n")
	must(t, err)
	if res.Status != "applied" || res.Moved != 1 || res.LinesNew != 0 {
		t.Fatalf("move: %+v", res)
	}
}

// BenchmarkImportSettlement imports 200,000 lines of the test format on
// SQLite and reports lines/s.
func BenchmarkImportSettlement(b *testing.B) {
	const n = 200_000
	body := settlementtest.File("z", n, 50_000)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s := newSettlements(b, storetest.SQLite)
		b.StartTimer()
		start := time.Now()
		res, err := importText(s, "T1", "tsv", body)
		if err != nil || res.LinesNew != n {
			b.Fatalf("%+v, %v", res, err)
		}
		b.ReportMetric(float64(n)/time.Since(start).Seconds(), "lines/s")
	}
}
