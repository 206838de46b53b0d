package audit

import (
	"bytes"
	"context"
	"fmt"
)

// Report is what Verify found.
type Report struct {
	Entries  int64
	FirstBad int64 // the first seq that does not verify; 0 when all do
	Problems []string
}

// OK reports whether the chain verified.
func (r Report) OK() bool { return len(r.Problems) == 0 }

func (r *Report) bad(seq int64, format string, args ...any) {
	if r.FirstBad == 0 || seq < r.FirstBad {
		r.FirstBad = seq
	}
	r.Problems = append(r.Problems, fmt.Sprintf("audit seq %d: ", seq)+fmt.Sprintf(format, args...))
}

// verifyPage is how many entries Verify reads at a time.
const verifyPage = 1000

// Verify walks the whole log in order and checks that the seqs run 1, 2,
// 3… without a gap, that each entry names its predecessor's hash, that each
// hash is the one its fields give, and that the chain head is the last
// entry (so a removed tail is found too). Problems name the seq.
func (l *Log) Verify(ctx context.Context) (Report, error) {
	var rep Report
	last, prev := int64(0), []byte{}
	for {
		page, err := l.store.After(ctx, last, verifyPage)
		if err != nil {
			return rep, fmt.Errorf("audit: verify: %w", err)
		}
		for _, e := range page {
			rep.Entries++
			rep.check(e, last, prev)
			last, prev = e.Seq, e.Hash
		}
		if len(page) < verifyPage {
			break
		}
	}
	headSeq, headHash, err := l.store.Head(ctx)
	if err != nil {
		return rep, fmt.Errorf("audit: verify: %w", err)
	}
	if headSeq != last || !bytes.Equal(headHash, prev) {
		rep.bad(min(headSeq, last)+1, "the chain head says seq %d but the log ends at seq %d (rows removed or added around the head)", headSeq, last)
	}
	return rep, nil
}

func (r *Report) check(e Entry, last int64, prev []byte) {
	if e.Seq != last+1 {
		r.bad(last+1, "missing: the log goes from seq %d to %d", last, e.Seq)
	}
	if !bytes.Equal(e.PrevHash, prev) {
		r.bad(e.Seq, "prev_hash does not match the hash of seq %d", last)
	}
	if !bytes.Equal(e.Hash, e.ChainHash()) {
		r.bad(e.Seq, "hash does not match the entry's fields (the row was changed)")
	}
}
