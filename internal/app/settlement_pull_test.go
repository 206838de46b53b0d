package app_test

import (
	"archive/zip"
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/channel"
	chshopify "github.com/fnshub/fnshub/internal/channel/shopify"
	"github.com/fnshub/fnshub/internal/entity/entitydb"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/sandbox"
	simalipay "github.com/fnshub/fnshub/internal/sandbox/alipay"
	simamazon "github.com/fnshub/fnshub/internal/sandbox/amazon"
	simshopify "github.com/fnshub/fnshub/internal/sandbox/shopify"
	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/settlement/pull"
	"github.com/fnshub/fnshub/internal/settlement/pull/alipay"
	"github.com/fnshub/fnshub/internal/settlement/pull/amazon"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/shop/shopdb"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/fnshub/fnshub/internal/store/unit"
)

// pullCreds are the shops' secrets and API addresses, as shop.Service
// would open them (the settings are the shops' own).
type pullCreds struct {
	shops   *shop.Service
	secrets map[string]map[string]string
	base    map[string]string
}

func (c pullCreds) Credentials(ctx context.Context, id string) (map[string]string, map[string]string, string, error) {
	sh, err := c.shops.Get(ctx, id)
	if err != nil {
		return nil, nil, "", err
	}
	return sh.Settings, c.secrets[id], c.base[id], nil
}

type pullRig struct {
	pulls  *app.SettlementPulls
	creds  pullCreds
	units  app.Unit
	set    *app.Settlements
	seller *simamazon.Seller
	store  *simshopify.Shop
	now    *time.Time
}

func newPullRig(t *testing.T, open storetest.Opener) pullRig {
	t.Helper()
	db := open(t)
	now := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	r := pullRig{now: &now, seller: simamazon.New(simamazon.Options{Now: func() time.Time { return now }}), store: simshopify.New(simshopify.Options{})}
	for i, path := range []string{"../settlement/pull/amazon/testdata/settlement_1.tsv", "../settlement/pull/amazon/testdata/settlement_2.tsv"} {
		tsv, err := os.ReadFile(path)
		must(t, err)
		r.seller.AddSettlement([]string{"18906543210", "18906543211"}[i], now.Add(time.Duration(i-20)*24*time.Hour), tsv, i == 0)
	}
	seed, err := os.ReadFile("../channel/shopify/testdata/payouts_seed.json")
	must(t, err)
	must(t, r.store.SeedPayouts(seed))
	az, sp := httptest.NewServer(r.seller.Handler()), httptest.NewServer(r.store.Handler())
	t.Cleanup(az.Close)
	t.Cleanup(sp.Close)
	shops := shop.New(shopdb.New(db), entitydb.New(db), nil)
	for _, sh := range []shop.Shop{
		{ID: "AZ1", Channel: "amazon", Name: "Amazon UK", Settings: map[string]string{pull.SettingSources: amazon.Source, amazon.SettingClientID: r.seller.ClientID()}},
		{ID: "SH1", Channel: "shopify", Name: "Shopify store", Settings: map[string]string{pull.SettingSources: chshopify.PayoutsSource, chshopify.SettingShopDomain: r.store.Domain()}},
		{ID: "T1", Channel: "tmall", Name: "天猫旗舰店"},
		{ID: "TB1", Channel: "taobao", Name: "淘宝店", Settings: map[string]string{pull.SettingSources: alipay.Source, alipay.SettingAppID: "2014072300007148"}},
	} {
		_, err := shops.Create(ctx, sh)
		must(t, err)
	}
	creds := pullCreds{shops: shops, base: map[string]string{"AZ1": az.URL, "SH1": sp.URL}, secrets: map[string]map[string]string{
		"AZ1": {amazon.SecretClient: r.seller.ClientSecret(), amazon.SecretRefresh: r.seller.RefreshToken()},
		"SH1": {chshopify.SecretToken: r.store.Token()},
	}}
	clock := func() time.Time { return *r.now }
	r.set = app.NewSettlements(unit.New(db), shops, clock)
	r.creds, r.units = creds, unit.New(db)
	r.pulls = app.NewSettlementPulls(r.set, unit.New(db), creds, app.SettlementPullOptions{Now: clock,
		Client: channel.ClientOptions{MaxAttempts: 1}})
	return r
}

func pullOne(t *testing.T, r pullRig, shopID string) app.SourcePull {
	t.Helper()
	got, err := r.pulls.PullShop(ctx, shopID)
	must(t, err)
	if len(got.Sources) != 1 {
		t.Fatalf("one source, got %+v", got)
	}
	return got.Sources[0]
}

func TestSettlementPull_AmazonTwiceImportsOnce(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			r := newPullRig(t, e.Open)
			first := pullOne(t, r, "AZ1")
			if first.Error != "" || len(first.Imports) != 2 || first.Imports[0].Status != "applied" || first.Imports[1].LinesNew != 3 {
				t.Fatalf("first pull: both reports imported, got %+v", first)
			}
			if first.State.Cursor != amazon.Cursor(r.now.Add(-19*24*time.Hour), "18906543211") || first.State.Imports != 2 {
				t.Fatalf("cursor after the newest report: %+v", first.State)
			}
			again := pullOne(t, r, "AZ1")
			if again.Error != "" || len(again.Imports) != 0 || again.State.Cursor != first.State.Cursor {
				t.Fatalf("the second pull imports nothing: %+v", again)
			}
			ims, err := r.set.Imports(ctx, settlementFilter("AZ1"))
			must(t, err)
			if len(ims) != 2 || ims[0].By != "pull:amazon-settlement" {
				t.Fatalf("two imports recorded, by the pull: %+v", ims)
			}
		})
	}
}

func TestSettlementPull_FailedDownloadLeavesTheCursor(t *testing.T) {
	r := newPullRig(t, storetest.SQLite)
	r.seller.DownloadFaults().Queue(sandbox.None, sandbox.ServerError) // the second report's download fails
	first := pullOne(t, r, "AZ1")
	if first.Error == "" || len(first.Imports) != 1 || first.State.Failures != 1 || first.State.Cursor != amazon.Cursor(r.now.Add(-20*24*time.Hour), "18906543210") {
		t.Fatalf("the first report imported and its cursor kept, the failure recorded: %+v", first)
	}
	*r.now = r.now.Add(30 * time.Second)
	must(t, r.pulls.PullDue(ctx))
	if st := pullState(t, r, "AZ1"); st.Failures != 1 || !st.LastRunAt.Equal(r.now.Add(-30*time.Second)) {
		t.Fatalf("30 s after a failure the source is not due yet (1 min): %+v", st)
	}
	*r.now = r.now.Add(31 * time.Second)
	must(t, r.pulls.PullDue(ctx))
	st := pullState(t, r, "AZ1")
	if st.Failures != 0 || st.LastError != "" || st.Imports != 2 || st.Cursor != amazon.Cursor(r.now.Add(-61*time.Second-19*24*time.Hour), "18906543211") {
		t.Fatalf("a minute later the retry imports the second report: %+v", st)
	}
}

func TestSettlementPull_ShopifyPayoutMovesToPaid(t *testing.T) {
	r := newPullRig(t, storetest.SQLite)
	first := pullOne(t, r, "SH1")
	if first.Error != "" || len(first.Imports) != 1 || first.Imports[0].Payouts != 2 || first.Imports[0].LinesNew == 0 || first.State.Cursor != "2026-03-06" {
		t.Fatalf("first pull: %+v", first)
	}
	same := pullOne(t, r, "SH1")
	if len(same.Imports) != 1 || same.Imports[0].Status != "duplicate" {
		t.Fatalf("the in-transit payout fetched again changes nothing: %+v", same)
	}
	r.store.PutPayout(simshopify.Payout{ID: 623721859, Status: "paid", Date: "2026-03-06", Currency: "USD", Amount: "48.25"})
	paid := pullOne(t, r, "SH1")
	if len(paid.Imports) != 1 || paid.Imports[0].Status != "applied" || paid.State.Cursor != "2026-03-07" {
		t.Fatalf("the payout now paid is applied and the cursor passes it: %+v", paid)
	}
	if after := pullOne(t, r, "SH1"); len(after.Imports) != 0 {
		t.Fatalf("nothing after: %+v", after)
	}
}

func TestSettlementPull_ShopWithoutSourceIsConflict(t *testing.T) {
	r := newPullRig(t, storetest.SQLite)
	_, err := r.pulls.PullShop(ctx, "T1")
	if fault.KindOf(err) != fault.Conflict {
		t.Fatalf("want Conflict naming the setting, got %v", err)
	}
	if _, err := r.pulls.PullShop(ctx, "NOPE"); fault.KindOf(err) != fault.NotFound {
		t.Fatalf("want NotFound, got %v", err)
	}
}

func settlementFilter(shopID string) settlement.ImportFilter {
	return settlement.ImportFilter{Shop: shopID}
}

func pullState(t *testing.T, r pullRig, shopID string) settlement.PullState {
	t.Helper()
	got, err := r.pulls.States(ctx, shopID)
	must(t, err)
	if len(got) != 1 {
		t.Fatalf("one state, got %+v", got)
	}
	return got[0]
}

// TestSettlementPull_AlipayDays: the daily bills of the days the lookback
// reaches, a day without a bill passed over, the ZIP read by the alipay
// format; a second pull asks only for what is new.
func TestSettlementPull_AlipayDays(t *testing.T) {
	r := newPullRig(t, storetest.SQLite)
	key := func(name string) string {
		b, err := os.ReadFile("../settlement/pull/alipay/testdata/" + name)
		must(t, err)
		return string(b)
	}
	appPub, err := alipay.ParsePublicKey(key("app_public_key.pem"))
	must(t, err)
	apPriv, err := alipay.ParsePrivateKey(key("alipay_private_key.pem"))
	must(t, err)
	gw := simalipay.New(simalipay.Options{AppPublic: appPub, Private: apPriv})
	csv, err := os.ReadFile("../settlement/parse/testdata/alipay_signcustomer.csv")
	must(t, err)
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	w, err := zw.Create("20880000000000010156_20260329_账务明细.csv")
	must(t, err)
	_, err = w.Write(csv)
	must(t, err)
	must(t, zw.Close())
	gw.AddBill("signcustomer", "2026-03-29", zb.Bytes())
	srv := httptest.NewServer(gw.Handler())
	t.Cleanup(srv.Close)
	r.creds.base["TB1"] = srv.URL
	r.creds.secrets["TB1"] = map[string]string{alipay.SecretKey: key("app_private_key.pem"), alipay.SecretPublic: key("alipay_public_key.pem")}
	// 4 days back from 2026-04-01 08:00 in China: the 28th to the 31st.
	pulls := app.NewSettlementPulls(r.set, r.units, r.creds, app.SettlementPullOptions{Now: func() time.Time { return *r.now },
		Lookback: 4 * 24 * time.Hour, Client: channel.ClientOptions{MaxAttempts: 1, Clock: rigClock{r.now}}})
	got, err := pulls.PullShop(ctx, "TB1")
	must(t, err)
	sp := got.Sources[0]
	if sp.Error != "" || len(sp.Imports) != 1 || sp.Imports[0].LinesNew == 0 || sp.State.Cursor != "2026-03-30" || gw.Asked() != 4 {
		t.Fatalf("the 29th imported, the 28th and 30th passed over, the 31st (yesterday) not made yet: %+v, %d calls", sp, gw.Asked())
	}
	got, err = pulls.PullShop(ctx, "TB1")
	must(t, err)
	if sp := got.Sources[0]; len(sp.Imports) != 0 || sp.State.Cursor != "2026-03-30" || gw.Asked() != 5 {
		t.Fatalf("again: only the 31st asked for: %+v, %d calls", sp, gw.Asked())
	}
}

// rigClock is the rig's time for a source's client: what "yesterday" is
// to a daily source. It never waits.
type rigClock struct{ now *time.Time }

func (c rigClock) Now() time.Time                                   { return *c.now }
func (c rigClock) Wall(time.Duration) time.Duration                 { return 0 }
func (c rigClock) Sleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

func TestSettlementPulls_RegisterIsPeriodic(t *testing.T) {
	r := newPullRig(t, storetest.SQLite)
	w := job.NewWorkers()
	r.pulls.Register(w)
	if _, ok := w.Handlers()["settlement.pull"]; !ok {
		t.Fatal("no settlement.pull handler")
	}
	ps := w.PeriodicKinds()
	if len(ps) != 1 || ps[0].Args.Kind() != "settlement.pull" || ps[0].Interval != 5*time.Minute {
		t.Fatalf("want settlement.pull every 5 min, got %+v", ps)
	}
}
