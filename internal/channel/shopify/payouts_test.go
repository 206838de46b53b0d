package shopify_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/channel/shopify"
	sim "github.com/fnshub/fnshub/internal/sandbox/shopify"
	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/settlement/parse"
	"github.com/fnshub/fnshub/internal/settlement/pull"
)

type payoutRig struct {
	shop *sim.Shop
	src  *shopify.Payouts
}

func newPayoutRig(t *testing.T, token string) payoutRig {
	t.Helper()
	shop := sim.New(sim.Options{})
	seed, err := os.ReadFile("testdata/payouts_seed.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := shop.SeedPayouts(seed); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(shop.Handler())
	t.Cleanup(srv.Close)
	cfg := shop.PullConfig("s1", srv.URL, channel.NewClient(channel.ClientOptions{Platform: "shopify", MaxAttempts: 1}))
	if token != "" {
		cfg.Secrets[shopify.SecretToken] = token
	}
	src, err := shopify.NewPayouts(cfg)
	if err != nil {
		t.Fatal(err)
	}
	src.PageSize = 1 // every list takes several Link-header pages
	return payoutRig{shop, src}
}

func fetchAll(t *testing.T, src pull.Source, cursor string) []pull.File {
	t.Helper()
	var files []pull.File
	err := src.Fetch(context.Background(), cursor, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), func(f pull.File) error {
		files = append(files, f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// recorder is a settlement sink that keeps what it is given.
type recorder struct {
	Payouts []settlement.Payout
	Lines   []settlement.Line
}

func (r *recorder) Payout(p settlement.Payout) error { r.Payouts = append(r.Payouts, p); return nil }
func (r *recorder) Line(l settlement.Line) error     { r.Lines = append(r.Lines, l); return nil }

func TestPayouts_FetchFollowsLinkPagesAndReadsAsTheFormat(t *testing.T) {
	rig := newPayoutRig(t, "")
	files := fetchAll(t, rig.src, "")
	if len(files) != 1 {
		t.Fatalf("one file per fetch, got %d", len(files))
	}
	f := files[0]
	if f.Format != "shopify-payments" || f.Cursor != "2026-03-06" {
		t.Fatalf("format %q, cursor %q: want shopify-payments and the in-transit payout's date", f.Format, f.Cursor)
	}
	// 2 payout pages and an empty last one are not sent: pages of 1 give 2
	// payout pages and 5 + 1 transaction pages.
	if n := bytes.Count(f.Body, []byte("\n")); n != 8 {
		t.Fatalf("want 8 pages one after another, got %d:\n%s", n, f.Body)
	}
	format, _ := parse.Lookup(f.Format)
	var rec recorder
	if err := format.Parse(context.Background(), bytes.NewReader(f.Body), settlement.Options{}, &rec); err != nil {
		t.Fatal(err)
	}
	for i := range rec.Lines {
		rec.Lines[i].Raw = "" // the raw row is the page's bytes, compared below as the file
	}
	golden(t, "payouts_pull.golden.json", rec)
	if strings.Contains(string(f.Body), "699519483") {
		t.Fatal("a transaction not yet in a payout is left for the pull that brings its payout")
	}
}

func TestPayouts_CursorMovesPastFinalPayouts(t *testing.T) {
	rig := newPayoutRig(t, "")
	rig.shop.PutPayout(sim.Payout{ID: 623721859, Status: "paid", Date: "2026-03-06", Currency: "USD", Amount: "48.25"})
	files := fetchAll(t, rig.src, "2026-03-06")
	if len(files) != 1 || files[0].Cursor != "2026-03-07" || strings.Contains(string(files[0].Body), "623721858") {
		t.Fatalf("from the cursor on, only the payout of 2026-03-06, then the day after: %+v", files)
	}
	if files := fetchAll(t, rig.src, "2026-03-07"); len(files) != 0 {
		t.Fatalf("nothing new: no file, got %d", len(files))
	}
}

func TestPayouts_WrongTokenIsUnauthorized(t *testing.T) {
	rig := newPayoutRig(t, "shpat_wrong")
	err := rig.src.Fetch(context.Background(), "", time.Time{}, func(pull.File) error { t.Fatal("no file"); return nil })
	if channel.KindOf(err) != channel.Unauthorized {
		t.Fatalf("want Unauthorized, got %v", err)
	}
}

func TestNextLink(t *testing.T) {
	for _, c := range []struct{ header, want string }{
		{`<https://a/p.json?page_info=x&limit=1>; rel="next"`, "https://a/p.json?page_info=x&limit=1"},
		{`<https://a/p?page_info=b>; rel="previous", <https://a/p?page_info=n>; rel="next"`, "https://a/p?page_info=n"},
		{`<https://a/p?page_info=b>; rel="previous"`, ""},
		{``, ""},
		{`https://a/p; rel="next"`, ""},
	} {
		if got := shopify.NextLink(c.header); got != c.want {
			t.Errorf("NextLink(%q) = %q, want %q", c.header, got, c.want)
		}
	}
}

func FuzzNextLink(f *testing.F) {
	f.Add(`<https://a/p?page_info=b>; rel="previous", <https://a/p?page_info=n>; rel="next"`)
	f.Add(`<>; rel=next`)
	f.Add(`<x>;;rel="next",`)
	f.Fuzz(func(t *testing.T, h string) {
		got := shopify.NextLink(h)
		if got != "" && !strings.Contains(h, "<"+got+">") {
			t.Fatalf("NextLink(%q) = %q, which the header does not hold between <>", h, got)
		}
	})
}

// golden compares v's JSON with testdata/name, or writes it with -update
// (the flag golden_test.go defines).
func golden(t *testing.T, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", name)
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs:\n%s", path, got)
	}
}
