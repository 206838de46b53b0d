// Package pulltest holds what the settlement sources' tests share: a
// file's content read while its source still has it, the temporary files
// a download left behind, the heap a pull takes, and settlement files of
// any size written as they are read, never held whole.
package pulltest

import (
	"io"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/settlement/pull"
)

// Content reads f's file; a source removes its temporary file once each
// returns, so a test reads it inside each.
func Content(t testing.TB, f pull.File) []byte {
	t.Helper()
	b, err := io.ReadAll(f.Reader())
	if err != nil {
		t.Fatalf("read %s: %v", f.Name, err)
	}
	return b
}

// Leftovers lists the downloads' temporary files (fnshub-pull-*) in dir.
func Leftovers(t testing.TB, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "fnshub-pull-*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// PeakHeap runs fn and returns how far the heap in use grew above what it
// was before, at its highest, sampled every millisecond: what a pull that
// held a whole file would show at once. The collector runs at GOGC 10
// meanwhile, so that the figure is what fn holds more than the garbage
// it has not yet collected, which would make it vary from run to run.
func PeakHeap(fn func()) uint64 {
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base, peak := ms.HeapInuse, ms.HeapInuse
	stop, done := make(chan struct{}), sync.WaitGroup{}
	done.Add(1)
	go func() {
		defer done.Done()
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	fn()
	close(stop)
	done.Wait()
	runtime.ReadMemStats(&ms)
	return max(peak, ms.HeapInuse) - base
}
