package wechatpay_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/settlement/pull"
	"github.com/fnshub/fnshub/internal/settlement/pull/pulltest"
)

// TestBills_LargeBillStreamsToDisk: a 44 MiB bill, made as it is served
// and gzipped on the way, reaches each whole, its SHA1 checked, while the
// heap grows by far less than the bill (the old download held the gzip
// and the bill both).
func TestBills_LargeBillStreamsToDisk(t *testing.T) {
	dir := t.TempDir()
	m, b := rigIn(t, "platform_public_key.pem", pull.Config{TempDir: dir})
	bill := pulltest.AmazonReport("1", 290_000) // its content is not read here: any 44 MiB of lines
	size, sum, err := pulltest.Measure(bill)
	if err != nil {
		t.Fatal(err)
	}
	m.AddBillStream("tradebill", "2026-03-03", bill)
	var got int64
	var gotSum [32]byte
	var days []string
	grew := pulltest.PeakHeap(func() {
		err = b.Fetch(context.Background(), "2026-03-02", time.Time{}, func(f pull.File) error {
			days = append(days, f.Cursor)
			got, gotSum, err = pulltest.Digest(f.Reader())
			return err
		})
	})
	if err != nil || len(days) != 1 || got != size || gotSum != sum {
		t.Fatalf("want the 3rd's bill whole (%d bytes), got %v, %d bytes, same content %v: %v", size, days, got, gotSum == sum, err)
	}
	if limit := uint64(size / 4); grew > limit {
		t.Fatalf("the heap grew by %d MiB for a %d MiB bill, want under %d MiB", grew>>20, size>>20, limit>>20)
	}
	t.Logf("a %d MiB bill: the heap grew by %.1f MiB at most", size>>20, float64(grew)/(1<<20))
	if left := pulltest.Leftovers(t, dir); len(left) != 0 {
		t.Fatalf("the download's temporary file outlived each: %v", left)
	}
}

func TestBills_DamagedBillLeavesNoFile(t *testing.T) {
	dir := t.TempDir()
	m, b := rigIn(t, "platform_public_key.pem", pull.Config{TempDir: dir})
	m.AddBill("tradebill", "2026-03-01", []byte("交易时间\n"))
	m.Corrupt(true)
	_, err := fetch(t, b, "")
	if channel.KindOf(err) != channel.Unavailable || !strings.Contains(err.Error(), "wechatpay-bill bill of 2026-03-01 is damaged") {
		t.Fatalf("want Unavailable naming the damaged bill, got %v", err)
	}
	if left := pulltest.Leftovers(t, dir); len(left) != 0 {
		t.Fatalf("a damaged download left %v", left)
	}
}

func TestBills_BillPastTheCapIsRefusedNamingIt(t *testing.T) {
	dir := t.TempDir()
	m, b := rigIn(t, "platform_public_key.pem", pull.Config{TempDir: dir, MaxFile: 64 << 10})
	m.AddBillStream("tradebill", "2026-03-01", pulltest.AmazonReport("1", 1000)) // ≈ 170 KiB
	_, err := fetch(t, b, "")
	if channel.KindOf(err) != channel.Rejected || !strings.Contains(err.Error(), "wechatpay-bill bill of 2026-03-01 passes the cap of 64 KiB") {
		t.Fatalf("want Rejected naming the source, the bill and the cap, got %v", err)
	}
	if left := pulltest.Leftovers(t, dir); len(left) != 0 {
		t.Fatalf("a refused download left %v", left)
	}
}
