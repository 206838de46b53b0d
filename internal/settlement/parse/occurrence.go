package parse

// occurrences numbers identical rows of a file: the first row with a given
// content hash is occurrence 1, the next identical one 2, and so on, so two
// identical fee rows are two lines with two keys.
//
// Counting exactly takes memory in proportion to the distinct rows. Up to
// exactLimit distinct rows (any real settlement but the largest) it is an
// exact map. Past that the counts move into a fixed 16 MiB Bloom filter of
// (hash, occurrence) pairs, and a row takes the first occurrence number
// the filter has not seen. A Bloom filter never forgets, so a key is still
// never given twice; a false positive only makes a row's number higher
// than its true count, and it does so the same way on every parse of the
// same file, so keys stay stable. Memory is bounded whatever the length.
type occurrences struct {
	exact *countTable // nil once spilled
	limit int         // distinct rows counted exactly: exactLimit, smaller in tests
	bloom []uint64    // nil until limit is passed
}

const (
	exactLimit = 1 << 20
	bloomBits  = 1 << 27 // 16 MiB: about 1% false positives at 10 million rows
	bloomHash  = 4
)

func newOccurrences() *occurrences {
	return &occurrences{exact: newCountTable(1 << 12), limit: exactLimit}
}

// next returns h's occurrence number and records it.
func (o *occurrences) next(h rowHash) int {
	if o.bloom == nil {
		if n, ok := o.exact.increment(h, o.exact.used < o.limit); ok {
			return n
		}
		o.spill()
	}
	n := 1
	for o.has(h, n) {
		n++
	}
	o.add(h, n)
	return n
}

// spill moves the exact counts into the Bloom filter.
func (o *occurrences) spill() {
	o.bloom = make([]uint64, bloomBits/64)
	for n := 1; n <= int(o.exact.zero); n++ {
		o.add(0, n)
	}
	for _, e := range o.exact.slots {
		for n := 1; n <= int(e.n); n++ {
			o.add(e.h, n)
		}
	}
	o.exact = nil
}

// probes derives the filter positions of (h, n) by double hashing.
func probes(h rowHash, n int) (uint64, uint64) {
	x := mix64(uint64(h) ^ uint64(n)*0x9E3779B97F4A7C15)
	return x, mix64(x) | 1
}

func (o *occurrences) has(h rowHash, n int) bool {
	a, b := probes(h, n)
	for i := uint64(0); i < bloomHash; i++ {
		bit := (a + i*b) & (bloomBits - 1)
		if o.bloom[bit/64]&(1<<(bit%64)) == 0 {
			return false
		}
	}
	return true
}

func (o *occurrences) add(h rowHash, n int) {
	a, b := probes(h, n)
	for i := uint64(0); i < bloomHash; i++ {
		bit := (a + i*b) & (bloomBits - 1)
		o.bloom[bit/64] |= 1 << (bit % 64)
	}
}

// mix64 is the SplitMix64 finaliser: it spreads every input bit.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 27
	x *= 0x94D049BB133111EB
	return x ^ (x >> 31)
}

// countTable counts rows by hash: open addressing with linear probing,
// one probe sequence per row for lookup and increment together (a Go map
// would take two), which matters at millions of rows.
type countTable struct {
	slots []countSlot
	used  int
	zero  uint32 // the count of hash 0, which marks empty slots
}

type countSlot struct {
	h rowHash // 0 is an empty slot
	n uint32
}

func newCountTable(size int) *countTable { return &countTable{slots: make([]countSlot, size)} }

// increment adds one to h's count and returns the new count. When h is new
// and mayAdd is false it returns false and changes nothing.
func (t *countTable) increment(h rowHash, mayAdd bool) (int, bool) {
	if h == 0 {
		t.zero++
		return int(t.zero), true
	}
	mask := uint64(len(t.slots) - 1)
	for i := mix64(uint64(h)) & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		switch s.h {
		case h:
			s.n++
			return int(s.n), true
		case 0:
			if !mayAdd {
				return 0, false
			}
			s.h, s.n = h, 1
			if t.used++; t.used*2 > len(t.slots) {
				t.grow()
			}
			return 1, true
		}
	}
}

// grow doubles the table, keeping it at most half full.
func (t *countTable) grow() {
	old := t.slots
	t.slots = make([]countSlot, 2*len(old))
	mask := uint64(len(t.slots) - 1)
	for _, s := range old {
		if s.h == 0 {
			continue
		}
		i := mix64(uint64(s.h)) & mask
		for t.slots[i].h != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = s
	}
}
