package settlementdb_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/settlement/settlementdb"
	"github.com/fnshub/fnshub/internal/settlement/settlementtest"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

var tsv = settlementtest.TSV("tsv", "", "CNY")

// importFile imports body for shop in one transaction, as the use case does.
func importFile(t *testing.T, db *store.DB, shop, body string, pending bool) (settlement.Import, error) {
	t.Helper()
	ctx := context.Background()
	var im settlement.Import
	err := db.InTx(ctx, func(tx *store.Tx) error {
		w, err := settlementdb.Bind(tx).BeginImport(ctx, settlement.ImportStart{Shop: shop, Platform: "tmall", Format: "tsv", FileName: "f.tsv",
			SHA256: "x", By: "tester", At: time.Unix(1_800_000_000, 0), MovesFromPending: pending})
		if err != nil {
			return err
		}
		if err := tsv.Parse(ctx, strings.NewReader(body), settlement.Options{}, w); err != nil {
			return err
		}
		im, err = w.Finish(ctx)
		return err
	})
	return im, err
}

func read(t *testing.T, db *store.DB, fn func(settlement.TxStore) error) {
	t.Helper()
	if err := db.Read(context.Background(), func(tx *store.Tx) error { return fn(settlementdb.Bind(tx)) }); err != nil {
		t.Fatal(err)
	}
}

func TestImport(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			t.Run("applied then duplicate", func(t *testing.T) { exerciseApplyAndDuplicate(t, e.Open(t)) })
			t.Run("conflict", func(t *testing.T) { exerciseConflict(t, e.Open(t)) })
			t.Run("pending moves", func(t *testing.T) { exercisePendingMove(t, e.Open(t)) })
			t.Run("listing", func(t *testing.T) { exerciseListing(t, e.Open(t)) })
			t.Run("mappings", func(t *testing.T) { exerciseMappings(t, e.Open(t)) })
			t.Run("payout lines", func(t *testing.T) { exercisePayoutLines(t, e.Open(t)) })
		})
	}
}

func exerciseApplyAndDuplicate(t *testing.T, db *store.DB) {
	body := settlementtest.File("a", 2500, 1000) // three payouts; batches of 1024 collide on the second import
	im, err := importFile(t, db, "s1", body, false)
	if err != nil {
		t.Fatal(err)
	}
	if im.Status != settlement.ImportApplied || im.LinesRead != 2500 || im.LinesNew != 2500 || im.LinesDuplicate != 0 || im.Payouts != 3 {
		t.Fatalf("first import: %+v", im)
	}
	again, err := importFile(t, db, "s1", body, false)
	if err != nil {
		t.Fatal(err)
	}
	if again.Status != settlement.ImportDuplicate || again.LinesNew != 0 || again.LinesDuplicate != 2500 || again.ID == im.ID {
		t.Fatalf("second import: %+v", again)
	}
	// The same keys in another shop are that shop's own lines.
	other, err := importFile(t, db, "s2", body, false)
	if err != nil || other.LinesNew != 2500 {
		t.Fatalf("other shop: %+v, %v", other, err)
	}
	read(t, db, func(st settlement.TxStore) error {
		ps, err := st.Payouts(context.Background(), settlement.PayoutFilter{Shop: "s1"})
		if err != nil {
			return err
		}
		if len(ps) != 3 || ps[0].Ref != "Pa-2" || ps[0].Lines != 500 || ps[2].Lines != 1000 || !ps[0].HasTotal || ps[0].Total != money.New(100, "CNY") {
			t.Fatalf("payouts: %+v", ps)
		}
		p, err := st.Payout(context.Background(), ps[2].ID)
		if err != nil || p.Ref != "Pa-0" || p.ImportID != im.ID {
			t.Fatalf("payout: %+v, %v", p, err)
		}
		var all []settlement.StoredLine
		for after := int64(0); ; {
			page, err := st.Lines(context.Background(), p.ID, after, 300)
			if err != nil {
				return err
			}
			if len(page) == 0 {
				break
			}
			all, after = append(all, page...), page[len(page)-1].ID
		}
		if len(all) != 1000 || all[0].Key != "a-0" || all[0].Raw != "Pa-0\ta-0\tsale\tO-0\t1.00" || all[0].Row != 2 || all[999].Amount != money.New(10099, "CNY") {
			t.Fatalf("lines: %d, first %+v", len(all), all[0])
		}
		if _, err := st.Payout(context.Background(), 1<<40); !fault.Is(err, fault.NotFound) {
			t.Fatalf("missing payout: %v", err)
		}
		return nil
	})
}

func exerciseConflict(t *testing.T, db *store.DB) {
	body := settlementtest.Header + "\nP1\tk1\tsale\tO1\t10.00\nP1\tk2\tfee\tO1\t-1.00\n"
	if _, err := importFile(t, db, "s1", body, false); err != nil {
		t.Fatal(err)
	}
	changed := settlementtest.Header + "\nP1\tk3\tsale\tO2\t5.00\nP1\tk2\tfee\tO1\t-1.50\n"
	_, err := importFile(t, db, "s1", changed, false)
	var fe *fault.Error
	if !asFault(err, &fe) || fe.Kind != fault.Conflict || fe.Code != "settlement_line_conflict" || !strings.Contains(fe.Message, "row 3") || !strings.Contains(fe.Message, `"k2"`) {
		t.Fatalf("conflict: %v", err)
	}
	// Nothing of the refused file was kept: k3 is not there, nor its import.
	read(t, db, func(st settlement.TxStore) error {
		ims, err := st.Imports(context.Background(), settlement.ImportFilter{})
		if err != nil || len(ims) != 1 {
			t.Fatalf("imports: %+v, %v", ims, err)
		}
		ps, _ := st.Payouts(context.Background(), settlement.PayoutFilter{})
		if len(ps) != 1 || ps[0].Lines != 2 {
			t.Fatalf("payouts: %+v", ps)
		}
		return nil
	})
	// The same key twice in one file with different content is refused too.
	twice := settlementtest.Header + "\nP2\tk9\tsale\tO1\t1.00\nP2\tk9\tsale\tO1\t2.00\n"
	if _, err := importFile(t, db, "s1", twice, false); !fault.Is(err, fault.Conflict) {
		t.Fatalf("in-file conflict: %v", err)
	}
}

func asFault(err error, fe **fault.Error) bool {
	f, ok := err.(*fault.Error)
	if !ok {
		return false
	}
	*fe = f
	return true
}

func exercisePendingMove(t *testing.T, db *store.DB) {
	pending := settlementtest.Header + "\npending\tt1\tsale\tO1\t10.00\npending\tt2\tfee\tO1\t-0.30\n"
	if _, err := importFile(t, db, "s1", pending, true); err != nil {
		t.Fatal(err)
	}
	paid := settlementtest.Header + "\nP7\tt1\tsale\tO1\t10.00\nP7\tt2\tfee\tO1\t-0.30\nP7\tt3\tsale\tO2\t4.00\nP7\t\tpayout\t\t13.70\n"
	im, err := importFile(t, db, "s1", paid, true)
	if err != nil {
		t.Fatal(err)
	}
	if im.Status != settlement.ImportApplied || im.Moved != 2 || im.LinesNew != 1 || im.LinesDuplicate != 0 {
		t.Fatalf("move: %+v", im)
	}
	read(t, db, func(st settlement.TxStore) error {
		ps, _ := st.Payouts(context.Background(), settlement.PayoutFilter{Shop: "s1"})
		lines := map[string]int64{}
		for _, p := range ps {
			lines[p.Ref] = p.Lines
		}
		if lines["pending"] != 0 || lines["P7"] != 3 {
			t.Fatalf("line counts: %v", lines)
		}
		return nil
	})
	// Without the move rule (not Shopify) the same change is a conflict.
	other := settlementtest.Header + "\npending\tu1\tsale\tO1\t10.00\n"
	if _, err := importFile(t, db, "s2", other, false); err != nil {
		t.Fatal(err)
	}
	if _, err := importFile(t, db, "s2", settlementtest.Header+"\nP8\tu1\tsale\tO1\t10.00\n", false); !fault.Is(err, fault.Conflict) {
		t.Fatalf("move without the rule: %v", err)
	}
}

func exerciseListing(t *testing.T, db *store.DB) {
	for i, shop := range []string{"s1", "s2", "s1"} {
		if _, err := importFile(t, db, shop, settlementtest.File(shop+string(rune('a'+i)), 3, 1), false); err != nil {
			t.Fatal(err)
		}
	}
	read(t, db, func(st settlement.TxStore) error {
		ctx := context.Background()
		first, err := st.Payouts(ctx, settlement.PayoutFilter{Shop: "s1", Limit: 4})
		if err != nil || len(first) != 4 {
			t.Fatalf("first page: %+v, %v", first, err)
		}
		rest, err := st.Payouts(ctx, settlement.PayoutFilter{Shop: "s1", Limit: 4, Before: first[3].ID})
		if err != nil || len(rest) != 2 || rest[0].ID >= first[3].ID {
			t.Fatalf("second page: %+v, %v", rest, err)
		}
		scoped, err := st.Payouts(ctx, settlement.PayoutFilter{Shops: []string{"s2"}})
		if err != nil || len(scoped) != 3 || scoped[0].Shop != "s2" {
			t.Fatalf("scoped: %+v, %v", scoped, err)
		}
		none, err := st.Payouts(ctx, settlement.PayoutFilter{Shops: []string{}})
		if err != nil || len(none) != 0 {
			t.Fatalf("no shops: %+v, %v", none, err)
		}
		ims, err := st.Imports(ctx, settlement.ImportFilter{Shop: "s1"})
		if err != nil || len(ims) != 2 || ims[0].LinesNew != 3 || ims[0].By != "tester" || ims[0].At.Unix() != 1_800_000_000 {
			t.Fatalf("imports: %+v, %v", ims, err)
		}
		return nil
	})
}

func exerciseMappings(t *testing.T, db *store.DB) {
	ctx := context.Background()
	m := settlement.Mapping{Name: "抖店", Currency: "CNY", Columns: settlement.MappingColumns{Amount: "金额", PostedAt: "时间"}, Kinds: map[string]settlement.Kind{"货款": settlement.Sale}}
	for i := 0; i < 2; i++ {
		if err := db.InTx(ctx, func(tx *store.Tx) error {
			_, err := settlementdb.Bind(tx).SaveMapping(ctx, m, "tester", time.Unix(1_800_000_000, 0))
			return err
		}); err != nil {
			t.Fatal(err)
		}
		m.Columns.Amount = "收入金额"
	}
	read(t, db, func(st settlement.TxStore) error {
		got, err := st.Mapping(ctx, "抖店")
		if err != nil || got.Version != 2 || got.Columns.Amount != "收入金额" || got.Kinds["货款"] != settlement.Sale || got.CreatedBy != "tester" {
			t.Fatalf("mapping: %+v, %v", got, err)
		}
		all, err := st.Mappings(ctx)
		if err != nil || len(all) != 1 || all[0].Version != 2 {
			t.Fatalf("mappings: %+v, %v", all, err)
		}
		if _, err := st.Mapping(ctx, "none"); !fault.Is(err, fault.NotFound) {
			t.Fatalf("missing mapping: %v", err)
		}
		return nil
	})
}
