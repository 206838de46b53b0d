package amazon_test

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/sandbox"
	sim "github.com/fnshub/fnshub/internal/sandbox/amazon"
	"github.com/fnshub/fnshub/internal/settlement/pull"
	"github.com/fnshub/fnshub/internal/settlement/pull/amazon"
	"github.com/fnshub/fnshub/internal/settlement/pull/pulltest"
)

// streamRig is a seller and a source whose downloads go to dir, capped at
// maxFile bytes.
func streamRig(t *testing.T, maxFile int64) (*sim.Seller, *amazon.Reports, string) {
	t.Helper()
	now := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	seller := sim.New(sim.Options{Now: func() time.Time { return now }})
	srv := httptest.NewServer(seller.Handler())
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	src, err := amazon.New(pull.Config{Shop: "s1", BaseURL: srv.URL, MaxFile: maxFile, TempDir: dir,
		Settings: map[string]string{amazon.SettingClientID: seller.ClientID()},
		Secrets:  map[string]string{amazon.SecretClient: seller.ClientSecret(), amazon.SecretRefresh: seller.RefreshToken()},
		HTTP:     pull.NewClient(channel.ClientOptions{Platform: "amazon", MaxAttempts: 1, Clock: fixed{now}})})
	if err != nil {
		t.Fatal(err)
	}
	return seller, src, dir
}

// TestReports_LargeReportStreamsToDisk: a 47 MiB report, made as it is
// served and gzipped on the way, reaches each whole and unzipped while
// the heap grows by far less than the file: the old download, read whole
// and gunzipped into memory, grew it by more than the file itself.
func TestReports_LargeReportStreamsToDisk(t *testing.T) {
	seller, src, dir := streamRig(t, 0)
	report := pulltest.AmazonReport("18906543299", 290_000)
	size, sum, err := pulltest.Measure(report)
	if err != nil || size < 45<<20 {
		t.Fatalf("the generated report is %d bytes (%v), want about 47 MiB", size, err)
	}
	seller.AddSettlementStream("18906543299", created1, report, true)
	var got int64
	var gotSum [32]byte
	var files int
	grew := pulltest.PeakHeap(func() {
		err = src.Fetch(context.Background(), "", since, func(f pull.File) error {
			files++
			got, gotSum, err = pulltest.Digest(f.Reader())
			return err
		})
	})
	if err != nil || files != 1 || got != size || gotSum != sum {
		t.Fatalf("want the one report whole (%d bytes), got %d files, %d bytes, same content %v: %v", size, files, got, gotSum == sum, err)
	}
	if limit := uint64(size / 4); grew > limit {
		t.Fatalf("the heap grew by %d MiB for a %d MiB report, want under %d MiB", grew>>20, size>>20, limit>>20)
	}
	t.Logf("a %d MiB report: the heap grew by %.1f MiB at most", size>>20, float64(grew)/(1<<20))
	if left := pulltest.Leftovers(t, dir); len(left) != 0 {
		t.Fatalf("the download's temporary file outlived its import: %v", left)
	}
}

func TestReports_DownloadCutShortLeavesNoFile(t *testing.T) {
	seller, src, dir := streamRig(t, 0)
	seller.AddSettlement("18906543210", created1, read(t, "testdata/settlement_1.tsv"), true)
	seller.DownloadFaults().Queue(sandbox.Truncate)
	err := src.Fetch(context.Background(), "", since, func(pull.File) error { t.Fatal("no file from a download cut short"); return nil })
	if channel.KindOf(err) != channel.Unavailable {
		t.Fatalf("want Unavailable, got %v", err)
	}
	if left := pulltest.Leftovers(t, dir); len(left) != 0 {
		t.Fatalf("a failed download left %v", left)
	}
}

var errStop = errors.New("the simulated document stops here")

func TestReports_DamagedGzipLeavesNoFile(t *testing.T) {
	seller, src, dir := streamRig(t, 0)
	full := pulltest.AmazonReport("18906543210", 20_000)
	seller.AddSettlementStream("18906543210", created1, func(w io.Writer) error {
		_ = full(w)
		return errStop // the gzip stream ends without its CRC and length
	}, true)
	err := src.Fetch(context.Background(), "", since, func(pull.File) error { t.Fatal("no file from a damaged document"); return nil })
	if channel.KindOf(err) != channel.Unavailable || !strings.Contains(err.Error(), "amazon-settlement report 18906543210 does not decompress") {
		t.Fatalf("want Unavailable naming the report that does not decompress, got %v", err)
	}
	if left := pulltest.Leftovers(t, dir); len(left) != 0 {
		t.Fatalf("a damaged download left %v", left)
	}
}

func TestReports_ReportPastTheCapIsRefusedNamingIt(t *testing.T) {
	seller, src, dir := streamRig(t, 1<<20)
	seller.AddSettlementStream("18906543210", created1, pulltest.AmazonReport("18906543210", 20_000), true) // ≈ 3.7 MiB unzipped
	err := src.Fetch(context.Background(), "", since, func(pull.File) error { t.Fatal("no file past the cap"); return nil })
	if channel.KindOf(err) != channel.Rejected || !strings.Contains(err.Error(), "amazon-settlement report 18906543210 passes the cap of 1 MiB") {
		t.Fatalf("want Rejected naming the source, the report and the cap, got %v", err)
	}
	if left := pulltest.Leftovers(t, dir); len(left) != 0 {
		t.Fatalf("a refused download left %v", left)
	}
}
