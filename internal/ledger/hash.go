package ledger

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"strconv"
	"time"
)

// The hashes use a length-prefixed binary encoding, so no two different
// entries can encode to the same bytes.

// ContentHash fingerprints what a request asked for (everything but its key),
// to tell an idempotent replay from a conflicting reuse of the key.
func (r Request) ContentHash() []byte {
	h := sha256.New()
	h.Write([]byte("fnshub/ledger/request/v1"))
	writeStr(h, r.Description)
	writeInt(h, micros(r.EffectiveAt))
	writeInt(h, r.Reverses)
	writePostings(h, r.Postings)
	if r.EntityOr() != DefaultEntity || anyDims(r.Postings) {
		h.Write([]byte("entity+dims"))
		writeInt(h, r.EntityOr())
		writeDims(h, r.Postings)
	}
	return h.Sum(nil)
}

// ChainHash is the hash of e given its predecessor's hash: it covers e's
// position, content and timestamps, so it changes if any stored field does.
func (e Entry) ChainHash() []byte {
	h := sha256.New()
	h.Write([]byte("fnshub/ledger/entry/v1"))
	writeStr(h, string(e.PrevHash))
	writeInt(h, e.ID)
	writeStr(h, e.SourceKey)
	writeStr(h, string(e.ContentHash))
	writeStr(h, e.Description)
	writeInt(h, micros(e.EffectiveAt))
	writeInt(h, micros(e.PostedAt))
	writeInt(h, e.Reverses)
	writePostings(h, e.Postings)
	// Entries from before entities and dimensions (entity 1, seq = id, no
	// map, no dimensions) hash as they always did, so their chain verifies
	// unchanged; every other entry adds the new fields.
	if e.Entity != DefaultEntity || e.Seq != e.ID || e.MapVersion != 0 || anyDims(e.Postings) {
		h.Write([]byte("entity+dims"))
		writeInt(h, e.Entity)
		writeInt(h, e.Seq)
		writeInt(h, e.MapVersion)
		writeDims(h, e.Postings)
	}
	// Only an entry moved out of a closed period carries dated_for; every
	// other entry, all those from before period close included, hashes as
	// it did. The tag cannot be mistaken for the one above: it follows the
	// postings or the dimensions, whose lengths are prefixed.
	if !e.DatedFor.IsZero() {
		h.Write([]byte("dated_for"))
		writeInt(h, micros(e.DatedFor))
	}
	return h.Sum(nil)
}

func anyDims(ps []Posting) bool {
	for _, p := range ps {
		if !p.Dims.IsZero() {
			return true
		}
	}
	return false
}

func writeDims(h hash.Hash, ps []Posting) {
	for _, p := range ps {
		writeStr(h, p.Shop)
		writeStr(h, p.Channel)
		writeStr(h, p.SKU)
		writeStr(h, string(p.Source.Kind))
		writeStr(h, p.Source.ID)
	}
}

func writePostings(h hash.Hash, ps []Posting) {
	writeInt(h, int64(len(ps)))
	for _, p := range ps {
		writeStr(h, p.Account)
		writeStr(h, string(p.Amount.Currency()))
		writeInt(h, p.Amount.Minor())
	}
}

func writeStr(h hash.Hash, s string) {
	writeInt(h, int64(len(s)))
	h.Write([]byte(s))
}

func writeInt(h hash.Hash, v int64) {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(v))
	h.Write(b[:])
}

// micros is the stored form of a time: unix microseconds, zero for the zero time.
func micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

func itoa(i int) string { return strconv.Itoa(i) }
