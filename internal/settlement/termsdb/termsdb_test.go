package termsdb_test

import (
	"context"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement/terms"
	"github.com/fnshub/fnshub/internal/settlement/termsdb"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

var now = time.Date(2026, 12, 2, 1, 0, 0, 0, time.UTC)

func contract(shop string, cycle int) terms.Contract {
	return terms.Contract{Shop: shop, Commission: money.MustRate("0.15"), FeeRates: map[string]money.Rate{"RefundCommission": money.MustRate("0.03")},
		KnownFees: []string{"FBAPerUnitFulfillmentFee", "Storage Fee"}, CycleDays: cycle, GraceDays: 3, FeeTolerance: 2, CreatedBy: "alice"}
}

// TestStore_ContractsVersionAndNeverChange saves a contract, the same
// again (a duplicate), then a change (a new version), and reads them
// back, on each engine.
func TestStore_ContractsVersionAndNeverChange(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, ctx := e.Open(t), context.Background()
			s := termsdb.New(db)
			if _, ok, err := s.Contract(ctx, "amz-us"); ok || err != nil {
				t.Fatalf("before any save: %v %v", ok, err)
			}
			first, err := s.SaveContract(ctx, contract("amz-us", 14), now)
			if err != nil || first.Version != 1 || first.Duplicate {
				t.Fatalf("first save %+v %v", first, err)
			}
			again, err := s.SaveContract(ctx, contract("amz-us", 14), now.Add(time.Hour))
			if err != nil || again.Version != 1 || !again.Duplicate {
				t.Fatalf("the same contract again = %+v %v, want a duplicate of v1", again, err)
			}
			second, err := s.SaveContract(ctx, contract("amz-us", 7), now.Add(time.Hour))
			if err != nil || second.Version != 2 || second.Duplicate {
				t.Fatalf("a change = %+v %v, want v2", second, err)
			}
			all, err := s.Contracts(ctx, "amz-us")
			if err != nil || len(all) != 2 || all[0].Version != 2 || all[0].CycleDays != 7 || all[1].CycleDays != 14 {
				t.Fatalf("versions %+v %v", all, err)
			}
			v1 := all[1]
			if v1.Commission.String() != "0.15" || v1.FeeRates["RefundCommission"].String() != "0.03" || len(v1.KnownFees) != 2 ||
				v1.FeeTolerance != 2 || v1.CreatedBy != "alice" || !v1.CreatedAt.Equal(now) {
				t.Fatalf("v1 read back as %+v", v1)
			}
			var cur terms.Contract
			must(t, db.Read(ctx, func(tx *store.Tx) (err error) {
				cur, _, err = termsdb.Bind(tx).Contract(ctx, "amz-us")
				return err
			}))
			if cur.Version != 2 || !cur.Recon().KnownFees["Storage Fee"] {
				t.Fatalf("bound current %+v", cur)
			}
			bad := contract("amz-us", 0)
			if _, err := s.SaveContract(ctx, bad, now); fault.KindOf(err) != fault.Invalid {
				t.Fatalf("cycle 0 = %v, want Invalid", err)
			}
		})
	}
}

// TestStore_RulesShopThenEveryShop saves rules for every shop and for one,
// and reads which applies, on each engine.
func TestStore_RulesShopThenEveryShop(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, ctx := e.Open(t), context.Background()
			s := termsdb.New(db)
			all := terms.Rules{AmountTolerance: 5, RefundWindow: 48 * time.Hour, SplitPayouts: true, CreatedBy: "bob"}
			if sv, err := s.SaveRules(ctx, all, now); err != nil || sv.Version != 1 {
				t.Fatalf("save %+v %v", sv, err)
			}
			if sv, err := s.SaveRules(ctx, all, now); err != nil || !sv.Duplicate {
				t.Fatalf("again %+v %v, want duplicate", sv, err)
			}
			own := terms.Rules{Scope: "tm-1", AmountTolerance: 0}
			if sv, err := s.SaveRules(ctx, own, now); err != nil || sv.Version != 1 {
				t.Fatalf("shop's save %+v %v", sv, err)
			}
			r, ok, err := s.Rules(ctx, "other")
			if err != nil || !ok || r.Scope != "" || r.AmountTolerance != 5 || r.RefundWindow != 48*time.Hour || !r.SplitPayouts {
				t.Fatalf("another shop gets every shop's: %+v %v %v", r, ok, err)
			}
			r, ok, err = s.Rules(ctx, "tm-1")
			if err != nil || !ok || r.Scope != "tm-1" || r.AmountTolerance != 0 || r.SplitPayouts {
				t.Fatalf("the shop gets its own: %+v %v %v", r, ok, err)
			}
			vs, err := s.RuleVersions(ctx, "")
			if err != nil || len(vs) != 1 || vs[0].CreatedBy != "bob" {
				t.Fatalf("versions %+v %v", vs, err)
			}
			if _, err := s.SaveRules(ctx, terms.Rules{AmountTolerance: -1}, now); fault.KindOf(err) != fault.Invalid {
				t.Fatalf("negative tolerance = %v", err)
			}
		})
	}
}

// TestStore_RatesImportFindCarryInverseCorrect imports rates, finds the
// day's, a carried and an inverted one, refuses a silent change and
// keeps a correction's history, on each engine.
func TestStore_RatesImportFindCarryInverseCorrect(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, ctx := e.Open(t), context.Background()
			s := termsdb.New(db)
			rates := []terms.FXRate{{From: "USD", To: "CNY", Date: "2026-11-27", Rate: "7.2000", Source: "pboc"},
				{From: "USD", To: "CNY", Date: "2026-11-30", Rate: "7.1000", Source: "pboc"},
				{From: "EUR", To: "USD", Date: "2026-11-30", Rate: "1.25", Source: "ecb"}}
			out, err := s.Import(ctx, rates, terms.ImportOptions{Now: now})
			if err != nil || out.Added != 3 {
				t.Fatalf("import %+v %v", out, err)
			}
			out, err = s.Import(ctx, []terms.FXRate{{From: "USD", To: "CNY", Date: "2026-11-30", Rate: "7.10", Source: "csv"}}, terms.ImportOptions{Now: now})
			if err != nil || out.Duplicates != 1 || out.Added != 0 {
				t.Fatalf("the same value again %+v %v, want a duplicate", out, err)
			}
			f, err := s.Find(ctx, "USD", "CNY", "2026-11-30")
			if err != nil || f.Rate.String() != "7.1" || f.Carried != 0 || f.Inverse {
				t.Fatalf("the day's rate %+v %v", f, err)
			}
			f, err = s.Find(ctx, "USD", "CNY", "2026-11-29") // a Sunday: Friday's
			if err != nil || f.Rate.String() != "7.2" || f.Carried != 2 || f.Stored.Date != "2026-11-27" {
				t.Fatalf("carried %+v %v", f, err)
			}
			f, err = s.Find(ctx, "USD", "EUR", "2026-12-01")
			if err != nil || !f.Inverse || f.Rate.String() != "0.8" || f.Carried != 1 {
				t.Fatalf("inverse %+v %v", f, err)
			}
			if _, err := s.Find(ctx, "USD", "CNY", "2026-12-08"); fault.KindOf(err) != fault.NotFound {
				t.Fatalf("8 days after the last rate = %v, want NotFound", err)
			}
			// A different value: refused whole (the new pair beside it is not added) …
			change := []terms.FXRate{{From: "GBP", To: "CNY", Date: "2026-11-30", Rate: "9", Source: "csv"},
				{From: "USD", To: "CNY", Date: "2026-11-30", Rate: "7.1111", Source: "csv"}}
			if _, err := s.Import(ctx, change, terms.ImportOptions{Now: now}); fault.KindOf(err) != fault.Conflict {
				t.Fatalf("a silent change = %v, want Conflict", err)
			}
			if _, err := s.Find(ctx, "GBP", "CNY", "2026-11-30"); fault.KindOf(err) != fault.NotFound {
				t.Fatalf("a refused import left GBP behind: %v", err)
			}
			// … or a correction, the old value kept.
			out, err = s.Import(ctx, change, terms.ImportOptions{Correct: true, Now: now.Add(time.Hour)})
			if err != nil || out.Added != 1 || out.Corrected != 1 {
				t.Fatalf("correction %+v %v", out, err)
			}
			hist, err := s.History(ctx, "USD", "CNY", "2026-11-30")
			if err != nil || len(hist) != 1 || hist[0].Rate != "7.1000" || hist[0].Source != "pboc" {
				t.Fatalf("history %+v %v", hist, err)
			}
			list, err := s.Rates(ctx, "USD", "CNY", "", "", 10)
			if err != nil || len(list) != 2 || list[0].Rate != "7.1111" {
				t.Fatalf("rates %+v %v", list, err)
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
