package group

import (
	"context"
	"sync"
	"testing"
	"time"
)

// sizes returns a Run that takes d per group and records the group sizes.
func sizes(d time.Duration) (Run[int, int], func() []int) {
	var mu sync.Mutex
	var got []int
	run := func(_ context.Context, reqs []int) ([]int, error) {
		time.Sleep(d)
		mu.Lock()
		got = append(got, len(reqs))
		mu.Unlock()
		return reqs, nil
	}
	return run, func() []int { mu.Lock(); defer mu.Unlock(); return append([]int(nil), got...) }
}

func failed(error) int { return -1 }

// TestLingerFillsGroups: with a busy committer, producers whose answers
// just came back make it into the next group instead of the one after.
func TestLingerFillsGroups(t *testing.T) {
	const producers, each = 8, 40
	full := func(linger time.Duration) (int, int) {
		run, got := sizes(2 * time.Millisecond)
		c := NewLinger(run, failed, 64, linger)
		var wg sync.WaitGroup
		for p := range producers {
			wg.Go(func() {
				for i := range each {
					if r := c.Submit(context.Background(), p*each+i); r != p*each+i {
						t.Errorf("result %d for request %d", r, p*each+i)
					}
					time.Sleep(100 * time.Microsecond) // the producer prepares its next request
				}
			})
		}
		wg.Wait()
		c.Close()
		n, sum := 0, 0
		for _, s := range got() {
			sum += s
			if s == producers {
				n += s
			}
		}
		if sum != producers*each {
			t.Fatalf("linger %v: groups carried %d requests, want %d", linger, sum, producers*each)
		}
		return n, len(got())
	}
	inFull, groups := full(50 * time.Millisecond)
	if inFull < producers*each*8/10 {
		t.Errorf("with linger, %d of %d requests rode in full groups (%d groups), want at least 80%%", inFull, producers*each, groups)
	}
	// The control: without linger the same load splits into half groups
	// (0 of 320 in full groups when this was written).
	inFull, groups = full(0)
	t.Logf("without linger, %d of %d requests rode in full groups (%d groups)", inFull, producers*each, groups)
}

// TestLingerIdle: a lone request does not wait for company.
func TestLingerIdle(t *testing.T) {
	run, _ := sizes(0)
	c := NewLinger(run, failed, 64, time.Hour)
	defer c.Close()
	for i := range 3 {
		start := time.Now()
		if r := c.Submit(context.Background(), i); r != i {
			t.Fatalf("result %d for request %d", r, i)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("a lone request took %v", d)
		}
	}
}
