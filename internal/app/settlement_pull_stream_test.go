package app_test

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/settlement/pull/amazon"
	"github.com/fnshub/fnshub/internal/settlement/pull/pulltest"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// streamPulls are the rig's pulls with downloads written to a directory
// of the test's own, capped at maxFile.
func streamPulls(t *testing.T, r pullRig, maxFile int64) (*app.SettlementPulls, string) {
	dir := t.TempDir()
	return app.NewSettlementPulls(r.set, r.units, r.creds, app.SettlementPullOptions{Now: func() time.Time { return *r.now },
		Client: channel.ClientOptions{MaxAttempts: 1}, TempDir: dir, MaxFile: maxFile}), dir
}

// TestSettlementPull_LargeReportImportsFromDisk: a report of tens of MiB,
// made as the simulator serves it and gzipped on the way, is imported
// whole, from its temporary file, which is gone afterwards; the heap grows
// by less than the report, which the old pull held in memory twice over
// (the gzip and the report).
func TestSettlementPull_LargeReportImportsFromDisk(t *testing.T) {
	r := newPullRig(t, storetest.SQLite)
	const rows = 200_000
	report := pulltest.AmazonReport("18906543299", rows)
	size, _, err := pulltest.Measure(report)
	must(t, err)
	r.seller.AddSettlementStream("18906543299", r.now.Add(-10*24*time.Hour), report, true)
	pulls, dir := streamPulls(t, r, 0)
	var sp app.SourcePull
	grew := pulltest.PeakHeap(func() {
		got, err := pulls.PullShop(ctx, "AZ1")
		must(t, err)
		sp = got.Sources[0]
	})
	if sp.Error != "" || len(sp.Imports) != 3 || sp.Imports[2].LinesNew != rows || sp.State.Cursor != amazon.Cursor(r.now.Add(-10*24*time.Hour), "18906543299") {
		t.Fatalf("the two small reports and the large one (%d lines) imported, the cursor past it: %+v", rows, sp)
	}
	t.Logf("a %d MiB report of %d lines pulled and imported: the heap grew by %.1f MiB at most", size>>20, rows, float64(grew)/(1<<20))
	if limit := uint64(size * 3 / 4); grew > limit {
		t.Fatalf("the heap grew by %d MiB for a %d MiB report, want under %d MiB", grew>>20, size>>20, limit>>20)
	}
	if left := pulltest.Leftovers(t, dir); len(left) != 0 {
		t.Fatalf("the downloads' temporary files outlived their imports: %v", left)
	}
}

// TestSettlementPull_ReportPastTheCapIsRecorded: the reports before it
// are imported, the one past the cap is not, the cursor stays before it,
// and the state's error names the source, the report and the cap.
func TestSettlementPull_ReportPastTheCapIsRecorded(t *testing.T) {
	r := newPullRig(t, storetest.SQLite)
	r.seller.AddSettlementStream("18906543299", r.now.Add(-10*24*time.Hour), pulltest.AmazonReport("18906543299", 20_000), true)
	pulls, dir := streamPulls(t, r, 1<<20)
	got, err := pulls.PullShop(ctx, "AZ1")
	must(t, err)
	sp := got.Sources[0]
	if len(sp.Imports) != 2 || sp.State.Cursor != amazon.Cursor(r.now.Add(-19*24*time.Hour), "18906543211") || sp.State.Failures != 1 ||
		!strings.Contains(sp.State.LastError, "amazon-settlement report 18906543299 passes the cap of 1 MiB") {
		t.Fatalf("two reports imported, the third refused naming the cap, the cursor before it: %+v", sp)
	}
	if left := pulltest.Leftovers(t, dir); len(left) != 0 {
		t.Fatalf("a refused download left %v", left)
	}
}

// TestSettlementPull_FailedImportRemovesTheDownload: a report the import
// refuses fails the run, keeps the cursor, and leaves no temporary file.
func TestSettlementPull_FailedImportRemovesTheDownload(t *testing.T) {
	r := newPullRig(t, storetest.SQLite)
	r.seller.AddSettlementStream("18906543299", r.now.Add(-10*24*time.Hour), func(w io.Writer) error {
		_, err := io.WriteString(w, "this is not a settlement report\n")
		return err
	}, false)
	pulls, dir := streamPulls(t, r, 0)
	got, err := pulls.PullShop(ctx, "AZ1")
	must(t, err)
	sp := got.Sources[0]
	if len(sp.Imports) != 2 || sp.State.Cursor != amazon.Cursor(r.now.Add(-19*24*time.Hour), "18906543211") ||
		!strings.Contains(sp.State.LastError, "import amazon-settlement-18906543299.tsv") {
		t.Fatalf("the third report's import fails the run, the cursor before it: %+v", sp)
	}
	if left := pulltest.Leftovers(t, dir); len(left) != 0 {
		t.Fatalf("a download whose import failed left %v", left)
	}
}
