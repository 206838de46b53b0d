package alipay_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/settlement/pull"
	"github.com/fnshub/fnshub/internal/settlement/pull/pulltest"
)

// TestBills_LargeBillStreamsToDisk: a 44 MiB bill ZIP (stored, not
// deflated, so that the ZIP itself is that large), made as it is served,
// is downloaded to a temporary file and its member read through there
// (zip.NewReader over the file, for its CRC) while the heap grows by far
// less than the ZIP, which the old download held whole; each gets the ZIP
// as sent.
func TestBills_LargeBillStreamsToDisk(t *testing.T) {
	dir := t.TempDir()
	gw := newGateway(t)
	bill := pulltest.Zipped("20880000000000010156_20260303_账务明细.csv", zip.Store, pulltest.AmazonReport("1", 290_000)) // any 44 MiB of lines
	size, sum, err := pulltest.Measure(bill)
	if err != nil {
		t.Fatal(err)
	}
	gw.AddBillStream("signcustomer", "2026-03-03", bill)
	b := newBillsIn(t, gw, "app_private_key.pem", "alipay_public_key.pem", pull.Config{TempDir: dir})
	var got, unzipped int64
	var gotSum [32]byte
	grew := pulltest.PeakHeap(func() {
		err = b.Fetch(context.Background(), "2026-03-02", time.Time{}, func(f pull.File) error {
			if got, gotSum, err = pulltest.Digest(f.Reader()); err != nil {
				return err
			}
			unzipped, err = memberSize(f)
			return err
		})
	})
	if err != nil || got != size || gotSum != sum || unzipped < 40<<20 {
		t.Fatalf("want the 3rd's ZIP as sent (%d bytes), got %d bytes, same content %v, %d unzipped: %v", size, got, gotSum == sum, unzipped, err)
	}
	if limit := uint64(size / 4); grew > limit {
		t.Fatalf("the heap grew by %d MiB for a %d MiB bill, want under %d MiB", grew>>20, size>>20, limit>>20)
	}
	t.Logf("a %d MiB bill: the heap grew by %.1f MiB at most", size>>20, float64(grew)/(1<<20))
	if left := pulltest.Leftovers(t, dir); len(left) != 0 {
		t.Fatalf("the download's temporary file outlived each: %v", left)
	}
}

// memberSize is the unzipped size of f's one member, read through.
func memberSize(f pull.File) (int64, error) {
	var ra io.ReaderAt = bytes.NewReader(f.Body)
	size := int64(len(f.Body))
	if f.Disk != nil {
		ra, size = f.Disk.File(), f.Disk.Size()
	}
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return 0, err
	}
	rc, err := zr.File[0].Open()
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	return io.Copy(io.Discard, rc)
}

func TestBills_ZIPCutShortLeavesNoFile(t *testing.T) {
	dir := t.TempDir()
	gw := newGateway(t)
	whole := zipOf(t, strings.Repeat("2026-03-01 10:00:00,收入,1.00\n", 1000))
	gw.AddBill("signcustomer", "2026-03-01", whole[:len(whole)/2]) // served whole, but only half a ZIP
	b := newBillsIn(t, gw, "app_private_key.pem", "alipay_public_key.pem", pull.Config{TempDir: dir})
	_, err := fetch(t, b, "")
	if channel.KindOf(err) != channel.Unavailable || !strings.Contains(err.Error(), "alipay-bill bill of 2026-03-01 is damaged: it is not a whole ZIP") {
		t.Fatalf("want Unavailable naming the bill that is not a whole ZIP, got %v", err)
	}
	if left := pulltest.Leftovers(t, dir); len(left) != 0 {
		t.Fatalf("a damaged download left %v", left)
	}
}

func TestBills_DamagedMemberFailsItsCRC(t *testing.T) {
	gw := newGateway(t)
	z := zipOf(t, strings.Repeat("2026-03-01 10:00:00,收入,1.00\n", 1000))
	i := bytes.Index(z, []byte("账务明细.csv")) + len("账务明细.csv") + 20 // inside the member's compressed data
	z[i] ^= 0xff
	gw.AddBill("signcustomer", "2026-03-01", z)
	b := newBills(t, gw, "app_private_key.pem", "alipay_public_key.pem")
	if _, err := fetch(t, b, ""); channel.KindOf(err) != channel.Unavailable || !strings.Contains(err.Error(), "is damaged: member") {
		t.Fatalf("want Unavailable naming the damaged member, got %v", err)
	}
}

func TestBills_BillPastTheCapIsRefusedNamingIt(t *testing.T) {
	gw := newGateway(t)
	gw.AddBill("signcustomer", "2026-03-01", zipOf(t, strings.Repeat("2026-03-01 10:00:00,收入,1.00\n", 10_000))) // ≈ 330 KiB unzipped, far less zipped
	b := newBillsIn(t, gw, "app_private_key.pem", "alipay_public_key.pem", pull.Config{MaxFile: 256 << 10})
	if _, err := fetch(t, b, ""); channel.KindOf(err) != channel.Rejected || !strings.Contains(err.Error(), "alipay-bill bill of 2026-03-01 passes the cap of 256 KiB") {
		t.Fatalf("want Rejected naming the source, the bill and the cap, got %v", err)
	}
}
