package pull_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/settlement/pull"
	"github.com/fnshub/fnshub/internal/settlement/pull/pulltest"
)

type noWait struct{}

func (noWait) Now() time.Time                                   { return time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC) }
func (noWait) Wall(time.Duration) time.Duration                 { return 0 }
func (noWait) Sleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

func gz(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// server answers with body, the first `cut` calls cut off half way.
func server(t *testing.T, body []byte, cut int32) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= cut {
			w.Header().Set("Content-Length", "99999")
			_, _ = w.Write(body[:len(body)/2])
			return // shorter than its Content-Length: the client reads an unexpected EOF
		}
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

func get(t *testing.T, c *channel.Client, dl pull.Download, url string) (*pull.Spool, error) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return dl.Get(context.Background(), c, req, func(int, http.Header, []byte) error { return nil })
}

// TestDownload_RetryStartsTheFileAgain: an answer cut short is the
// client's to retry, and the file holds the whole second answer, not the
// first half followed by it.
func TestDownload_RetryStartsTheFileAgain(t *testing.T) {
	want := strings.Repeat("settlement line\n", 10_000)
	srv, calls := server(t, gz(t, want), 1)
	dir := t.TempDir()
	c := pull.NewClient(channel.ClientOptions{Platform: "test", MaxAttempts: 2, Clock: noWait{}})
	sp, err := get(t, c, pull.Download{Source: "test-source", What: "file 1", Dir: dir, Decode: pull.Gunzip}, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer sp.Remove()
	got := pulltest.Content(t, pull.File{Disk: sp})
	if string(got) != want || sp.Size() != int64(len(want)) || calls.Load() != 2 {
		t.Fatalf("want the second answer whole (%d bytes) after 2 calls, got %d bytes (size %d) after %d", len(want), len(got), sp.Size(), calls.Load())
	}
	if left := pulltest.Leftovers(t, dir); len(left) != 1 {
		t.Fatalf("one temporary file until removed, got %v", left)
	}
	sp.Remove()
	if left := pulltest.Leftovers(t, dir); len(left) != 0 {
		t.Fatalf("removed, none: %v", left)
	}
}

// TestDownload_PlainClientReadsWholeFirst: a client not made by
// NewClient reads the answer whole; the file is still written, decoded.
func TestDownload_PlainClientReadsWholeFirst(t *testing.T) {
	srv, _ := server(t, gz(t, "a line\n"), 0)
	c := channel.NewClient(channel.ClientOptions{Platform: "test", MaxAttempts: 1, Clock: noWait{}})
	sp, err := get(t, c, pull.Download{Source: "test-source", What: "file 1", Dir: t.TempDir(), Decode: pull.Gunzip}, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer sp.Remove()
	if got := pulltest.Content(t, pull.File{Disk: sp}); string(got) != "a line\n" {
		t.Fatalf("got %q", got)
	}
}

func TestDownload_CutShortEveryTimeLeavesNoFile(t *testing.T) {
	srv, calls := server(t, gz(t, strings.Repeat("x", 5000)), 5)
	dir := t.TempDir()
	c := pull.NewClient(channel.ClientOptions{Platform: "test", MaxAttempts: 2, Clock: noWait{}})
	_, err := get(t, c, pull.Download{Source: "test-source", What: "file 1", Dir: dir, Decode: pull.Gunzip}, srv.URL)
	if channel.KindOf(err) != channel.Unavailable || calls.Load() != 2 {
		t.Fatalf("want Unavailable after the client's 2 attempts, got %v after %d", err, calls.Load())
	}
	if left := pulltest.Leftovers(t, dir); len(left) != 0 {
		t.Fatalf("a failed download left %v", left)
	}
}

// TestDownload_FileFaultIsNotRetried: past the cap is the file's own
// fault; the same answer again would not mend it.
func TestDownload_FileFaultIsNotRetried(t *testing.T) {
	srv, calls := server(t, gz(t, strings.Repeat("x", 5000)), 0)
	c := pull.NewClient(channel.ClientOptions{Platform: "test", MaxAttempts: 3, Clock: noWait{}})
	_, err := get(t, c, pull.Download{Source: "test-source", Platform: "test", What: "file 1", Max: 4000, Dir: t.TempDir(), Decode: pull.Gunzip}, srv.URL)
	if channel.KindOf(err) != channel.Rejected || calls.Load() != 1 || !strings.Contains(err.Error(), "test-source file 1 passes the cap of 4000 bytes") {
		t.Fatalf("want Rejected naming the cap after one call, got %v after %d", err, calls.Load())
	}
}

func TestFile_EmptyAndReader(t *testing.T) {
	if !(pull.File{}).Empty() || (pull.File{Body: []byte("x")}).Empty() {
		t.Fatal("a file without body or disk is empty, one with a body is not")
	}
	got := pulltest.Content(t, pull.File{Body: []byte("in memory")})
	if string(got) != "in memory" {
		t.Fatalf("got %q", got)
	}
}
