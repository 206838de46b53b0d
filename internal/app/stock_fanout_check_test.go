package app_test

// What the stock fan-out benchmark measures and checks, from two logs: the
// available stock of each SKU after every commit that changed it, and every
// stock write each platform took with what the listing showed after it.
//
// Latency. A commit that lowers what shop s may publish of a SKU, to p, is
// reflected on s by the first write of that listing that leaves it showing
// p or less. Its commit-to-request latency is that write's arrival at the
// simulator (its handler's first instruction) less the moment the commit
// returned to the seller. In a sale stock only falls, so what a shop may
// publish never rises, and a write showing p or less was computed from
// this commit or a later one: an earlier state publishes more.
//
// Above available. A write is above available if what it left the listing
// showing is more than the shop could publish at every moment of the
// staleAllowance before it arrived — that is, its value came from a read
// older than that.

import (
	"cmp"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"
)

// staleAllowance is how old the read behind a write may be when it reaches
// the platform: the hub reads, then sends over loopback.
const staleAllowance = 100 * time.Millisecond

type levelAt struct {
	at    time.Time
	avail int64 // the SKU's available stock after the commit
}

type shownAt struct {
	at    time.Time // the write's arrival at the simulator
	shown int64     // what the listing showed after it
}

// fanoutLog is what the benchmark saw. levels is written by the one
// seller, writes by the simulators' handlers.
type fanoutLog struct {
	initial []int64
	levels  [][]levelAt // by SKU, in commit order

	mu     sync.Mutex
	writes [][][]shownAt // by shop, by SKU, in arrival order
}

func newFanoutLog(skus, shops int, stock int64) *fanoutLog {
	l := &fanoutLog{initial: make([]int64, skus), levels: make([][]levelAt, skus), writes: make([][][]shownAt, shops)}
	for k := range l.initial {
		l.initial[k] = stock
	}
	for s := range l.writes {
		l.writes[s] = make([][]shownAt, skus)
	}
	return l
}

func (l *fanoutLog) wrote(shop, sku int, at time.Time, shown int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.writes[shop][sku] = append(l.writes[shop][sku], shownAt{at, shown})
}

// availAt is the SKU's available stock after the last commit at or before t.
func (l *fanoutLog) availAt(sku int, t time.Time) int64 {
	ls := l.levels[sku]
	i := sort.Search(len(ls), func(i int) bool { return ls[i].at.After(t) })
	if i == 0 {
		return l.initial[sku]
	}
	return ls[i-1].avail
}

// shopLatency is what the analysis found for one shop.
type shopLatency struct {
	latencies   []time.Duration
	unreflected int      // falls no write reflected by the end
	above       []string // writes above what the shop could publish
	writes      int      // writes while selling (from, to)
}

// analyse measures shop s against the logs; publish is what shop s may
// publish of avail units. Writes before from (the start's pushes) are not
// checked against staleness; writes is counted from from to to.
func (l *fanoutLog) analyse(s int, publish func(int, int64) int64, from, to time.Time, name func(sku int) string) shopLatency {
	var res shopLatency
	for k := range l.levels {
		ws := l.writes[s][k]
		prev, j := publish(s, l.initial[k]), 0
		for _, lv := range l.levels[k] {
			p := publish(s, lv.avail)
			if p >= prev {
				continue // the shop's part did not fall: nothing to push
			}
			prev = p
			for j < len(ws) && ws[j].shown > p {
				j++
			}
			if j == len(ws) {
				res.unreflected++
				continue
			}
			res.latencies = append(res.latencies, max(ws[j].at.Sub(lv.at), 0))
		}
		for _, w := range ws {
			if w.at.Before(from) {
				continue
			}
			if w.at.Before(to) {
				res.writes++
			}
			if could := publish(s, l.availAt(k, w.at.Add(-staleAllowance))); w.shown > could {
				res.above = append(res.above, name(k)+": showed "+itoa(w.shown)+", could publish "+itoa(could))
			}
		}
	}
	return res
}

// converged is how long after end every listing of shop s first showed at
// most what the shop could publish at end; ok is false if one never did.
func (l *fanoutLog) converged(s int, publish func(int, int64) int64, end time.Time) (time.Duration, bool) {
	var worst time.Duration
	for k := range l.levels {
		p := publish(s, l.availAt(k, end))
		i := slices.IndexFunc(l.writes[s][k], func(w shownAt) bool { return !w.at.Before(end) && w.shown <= p })
		if i < 0 {
			if len(l.writes[s][k]) > 0 && l.writes[s][k][len(l.writes[s][k])-1].shown <= p {
				continue // already showed it before the end
			}
			return 0, false
		}
		worst = max(worst, l.writes[s][k][i].at.Sub(end))
	}
	return worst, true
}

// quantile is the q-quantile (0 < q ≤ 1) of ds, sorting ds.
func quantile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	return ds[min(int(q*float64(len(ds))), len(ds)-1)]
}

// TestFanoutAnalysis: the benchmark's checks catch what they claim to —
// a late write is measured late, a write from a stale read is above
// available, and a fall no write reflected is counted.
func TestFanoutAnalysis(t *testing.T) {
	t0 := time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)
	ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }
	publish := func(_ int, avail int64) int64 { return avail / 2 }
	l := newFanoutLog(2, 1, 100) // both SKUs publish 50 at first
	l.levels[0] = []levelAt{{ms(0), 98}, {ms(10), 97}, {ms(20), 90}}
	l.wrote(0, 0, ms(30), 49)  // reflects the first fall (49), 30 ms after it
	l.wrote(0, 0, ms(520), 48) // a value of the state before 20 ms, 500 ms after it: stale
	l.wrote(0, 0, ms(530), 45) // reflects the fall to 45
	l.levels[1] = []levelAt{{ms(0), 80}}
	name := func(k int) string { return fanoutSKU(k) }

	res := l.analyse(0, publish, t0, ms(1000), name)
	if want := []time.Duration{30 * time.Millisecond, 510 * time.Millisecond, 510 * time.Millisecond}; !slices.Equal(sortedCopy(res.latencies), want) {
		t.Errorf("latencies %v, want %v", res.latencies, want)
	}
	if res.unreflected != 1 {
		t.Errorf("%d falls unreflected, want 1 (SKU 1 never written)", res.unreflected)
	}
	if len(res.above) != 1 {
		t.Errorf("above available: %v, want the write of 48 at 520 ms", res.above)
	}
	if _, ok := l.converged(0, publish, ms(25)); ok {
		t.Error("converged although SKU 1 never showed its 40")
	}
	l.wrote(0, 1, ms(600), 40)
	if d, ok := l.converged(0, publish, ms(25)); !ok || d != 575*time.Millisecond {
		t.Errorf("converged after %v (%v), want 575ms", d, ok)
	}
}

func sortedCopy[T cmp.Ordered](ds []T) []T {
	out := slices.Clone(ds)
	slices.Sort(out)
	return out
}
