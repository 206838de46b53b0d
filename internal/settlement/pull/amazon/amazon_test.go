package amazon_test

import (
	"bytes"
	"context"
	"errors"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/sandbox"
	sim "github.com/fnshub/fnshub/internal/sandbox/amazon"
	"github.com/fnshub/fnshub/internal/settlement/pull"
	"github.com/fnshub/fnshub/internal/settlement/pull/amazon"
	"github.com/fnshub/fnshub/internal/settlement/pull/pulltest"
)

var (
	created1 = time.Date(2026, 3, 17, 3, 10, 0, 0, time.UTC)
	created2 = time.Date(2026, 3, 31, 3, 10, 0, 0, time.UTC)
	since    = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
)

type rig struct {
	seller *sim.Seller
	src    *amazon.Reports
	tsv1   []byte
	tsv2   []byte
}

func newRig(t *testing.T, refresh string) rig {
	t.Helper()
	now := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	seller := sim.New(sim.Options{Now: func() time.Time { return now }})
	r := rig{seller: seller, tsv1: read(t, "testdata/settlement_1.tsv"), tsv2: read(t, "testdata/settlement_2.tsv")}
	seller.AddSettlement("18906543210", created1, r.tsv1, true)
	seller.AddSettlement("18906543211", created2, r.tsv2, false)
	seller.AddSettlement("18906543209", since.Add(-24*time.Hour), []byte("too old\n"), false)
	srv := httptest.NewServer(seller.Handler())
	t.Cleanup(srv.Close)
	if refresh == "" {
		refresh = seller.RefreshToken()
	}
	src, err := amazon.New(pull.Config{Shop: "s1", BaseURL: srv.URL,
		Settings: map[string]string{amazon.SettingClientID: seller.ClientID()},
		Secrets:  map[string]string{amazon.SecretClient: seller.ClientSecret(), amazon.SecretRefresh: refresh},
		HTTP:     pull.NewClient(channel.ClientOptions{Platform: "amazon", MaxAttempts: 1, Clock: fixed{now}})})
	if err != nil {
		t.Fatal(err)
	}
	src.PageSize = 1 // every report on a page of its own: nextToken is followed
	r.src = src
	return r
}

// fixed is a clock that does not move and never waits.
type fixed struct{ t time.Time }

func (f fixed) Now() time.Time                                   { return f.t }
func (f fixed) Wall(time.Duration) time.Duration                 { return 0 }
func (f fixed) Sleep(ctx context.Context, d time.Duration) error { return ctx.Err() }

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func fetch(t *testing.T, src pull.Source, cursor string) ([]pull.File, error) {
	t.Helper()
	var files []pull.File
	err := src.Fetch(context.Background(), cursor, since, func(f pull.File) error {
		f.Body, f.Disk = pulltest.Content(t, f), nil // read while the source still has it
		files = append(files, f)
		return nil
	})
	return files, err
}

func TestReports_FetchPagesDownloadsAndUnzips(t *testing.T) {
	r := newRig(t, "")
	files, err := fetch(t, r.src, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 {
		t.Fatalf("want the two reports since %s, got %d", since, len(files))
	}
	for i, want := range []struct {
		name, cursor string
		body         []byte
	}{
		{"amazon-settlement-18906543210.tsv", "2026-03-17T03:10:00Z|18906543210", r.tsv1}, // gzipped, oldest first
		{"amazon-settlement-18906543211.tsv", "2026-03-31T03:10:00Z|18906543211", r.tsv2},
	} {
		f := files[i]
		if f.Name != want.name || f.Cursor != want.cursor || f.Format != "amazon-v2" || !bytes.Equal(f.Body, want.body) {
			t.Errorf("file %d: %s %s %s (%d bytes), want %s %s amazon-v2 and the report as written", i, f.Name, f.Cursor, f.Format, len(f.Body), want.name, want.cursor)
		}
	}
	if n := r.seller.Refreshes(); n != 1 {
		t.Errorf("one access token serves the whole pull, got %d refreshes", n)
	}
}

func TestReports_CursorSkipsWhatWasImported(t *testing.T) {
	r := newRig(t, "")
	files, err := fetch(t, r.src, amazon.Cursor(created1, "18906543210"))
	if err != nil || len(files) != 1 || files[0].Name != "amazon-settlement-18906543211.tsv" {
		t.Fatalf("after the first report only the second: %v %+v", err, files)
	}
	files, err = fetch(t, r.src, amazon.Cursor(created2, "18906543211"))
	if err != nil || len(files) != 0 {
		t.Fatalf("nothing after the newest: %v %d files", err, len(files))
	}
	if _, err := fetch(t, r.src, "not a cursor"); channel.KindOf(err) != channel.Rejected {
		t.Fatalf("a cursor that does not read is Rejected, got %v", err)
	}
}

func TestReports_ExpiredTokenIsRefreshed(t *testing.T) {
	r := newRig(t, "")
	if _, err := fetch(t, r.src, amazon.Cursor(created2, "18906543211")); err != nil {
		t.Fatal(err)
	}
	r.seller.Expire() // Amazon refuses the cached token: 403
	if _, err := fetch(t, r.src, amazon.Cursor(created2, "18906543211")); err != nil {
		t.Fatalf("a refused token is refreshed and the call sent again: %v", err)
	}
	if n := r.seller.Refreshes(); n != 2 {
		t.Fatalf("want 2 refreshes, got %d", n)
	}
}

func TestReports_BadRefreshTokenIsUnauthorized(t *testing.T) {
	r := newRig(t, "Atzr|revoked")
	_, err := fetch(t, r.src, "")
	if channel.KindOf(err) != channel.Unauthorized {
		t.Fatalf("want Unauthorized, got %v", err)
	}
}

func TestReports_FailedDownloadStopsBeforeTheFile(t *testing.T) {
	r := newRig(t, "")
	r.seller.DownloadFaults().Queue(sandbox.ServerError)
	files, err := fetch(t, r.src, "")
	if channel.KindOf(err) != channel.Unavailable || len(files) != 0 {
		t.Fatalf("a 503 download: Unavailable and no file, got %v, %d files", err, len(files))
	}
	if files, err = fetch(t, r.src, ""); err != nil || len(files) != 2 {
		t.Fatalf("the next pull gets both: %v, %d", err, len(files))
	}
}

func TestReports_ThrottledSaysHowLongToWait(t *testing.T) {
	r := newRig(t, "")
	r.seller.Faults().Queue(sandbox.None, sandbox.Throttle) // the token, then getReports
	_, err := fetch(t, r.src, "")
	var ce *channel.Error
	if channel.KindOf(err) != channel.Throttled || !asError(err, &ce) || ce.RetryAfter < 40*time.Second || ce.RetryAfter > 50*time.Second {
		t.Fatalf("a 429 at 0.0222 calls/s is Throttled with a wait of about 45 s, got %v", err)
	}
}

func asError(err error, out **channel.Error) bool { return errors.As(err, out) }
