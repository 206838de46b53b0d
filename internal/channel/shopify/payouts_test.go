package shopify_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
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
	"github.com/fnshub/fnshub/internal/settlement/pull/pulltest"
)

type payoutRig struct {
	shop *sim.Shop
	src  *shopify.Payouts
	dir  string // the pages' temporary files
}

func newPayoutRig(t *testing.T, token string) payoutRig {
	t.Helper()
	return newCappedPayoutRig(t, token, 0)
}

// newCappedPayoutRig is newPayoutRig with a cap on the pages' file.
func newCappedPayoutRig(t *testing.T, token string, maxFile int64) payoutRig {
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
	cfg.TempDir, cfg.MaxFile = t.TempDir(), maxFile
	if token != "" {
		cfg.Secrets[shopify.SecretToken] = token
	}
	src, err := shopify.NewPayouts(cfg)
	if err != nil {
		t.Fatal(err)
	}
	src.PageSize = 1 // every list takes several Link-header pages
	return payoutRig{shop, src, cfg.TempDir}
}

func fetchAll(t *testing.T, src pull.Source, cursor string) []pull.File {
	t.Helper()
	var files []pull.File
	err := src.Fetch(context.Background(), cursor, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), func(f pull.File) error {
		if f.Disk == nil || f.Body != nil {
			t.Fatalf("%s: the pages come on disk, not in memory", f.Name)
		}
		f.Body, f.Disk = pulltest.Content(t, f), nil // the file is gone once this returns
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

// TestPayouts_PagesOnDiskRemovedAfter: the pages' file is on disk while
// the import reads it and gone once it returns, also when the import
// fails; pages past the cap fail the fetch naming the cap, and leave
// nothing either.
func TestPayouts_PagesOnDiskRemovedAfter(t *testing.T) {
	rig := newPayoutRig(t, "")
	since := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	failed := errors.New("the import failed")
	err := rig.src.Fetch(context.Background(), "", since, func(f pull.File) error {
		if left := pulltest.Leftovers(t, rig.dir); len(left) != 1 || f.Disk.Size() == 0 {
			t.Fatalf("while importing: files %v, size %d; want the pages' one file", left, f.Disk.Size())
		}
		return failed
	})
	if !errors.Is(err, failed) {
		t.Fatalf("the import's error: %v", err)
	}
	if left := pulltest.Leftovers(t, rig.dir); len(left) != 0 {
		t.Fatalf("after a failed import: %v left", left)
	}
	capped := newCappedPayoutRig(t, "", 600)
	err = capped.src.Fetch(context.Background(), "", since, func(pull.File) error { t.Fatal("a file past the cap was handed on"); return nil })
	if channel.KindOf(err) != channel.Rejected || !strings.Contains(err.Error(), "600 bytes") {
		t.Fatalf("pages past a 600-byte cap: %v", err)
	}
	if left := pulltest.Leftovers(t, capped.dir); len(left) != 0 {
		t.Fatalf("after the cap: %v left", left)
	}
}
