package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"time"
)

// ChainHash is the hash of e given its predecessor's hash (e.PrevHash): it
// covers every stored field in a length-prefixed encoding, so no two
// different rows encode alike and changing any field breaks the chain from
// that row on. It follows the ledger's (docs/adr/0005-ledger.md).
func (e Entry) ChainHash() []byte {
	h := sha256.New()
	h.Write([]byte("fnshub/audit/entry/v1"))
	writeBytes(h, e.PrevHash)
	writeInt(h, e.Seq)
	writeInt(h, micros(e.At))
	writeBytes(h, []byte(e.Actor))
	writeBytes(h, []byte(e.Role))
	writeBytes(h, []byte(e.Via))
	writeBytes(h, []byte(e.Action))
	writeBytes(h, []byte(e.Target))
	writeBytes(h, e.Detail)
	writeInt(h, int64(e.Status))
	return h.Sum(nil)
}

func writeBytes(h hash.Hash, b []byte) {
	writeInt(h, int64(len(b)))
	h.Write(b)
}

func writeInt(h hash.Hash, v int64) {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(v))
	h.Write(b[:])
}

func micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}
