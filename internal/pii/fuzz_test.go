package pii

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// FuzzOpen feeds arbitrary bytes to Open, which reads values from the
// database and so must refuse, never panic on, whatever it is given.
func FuzzOpen(f *testing.F) {
	k := mustKeyring(f, testKey("2", 9), testKey("1", 7))
	old := mustKeyring(f, testKey("1", 7))
	for _, aad := range [][]byte{nil, orderAAD} {
		for _, seal := range []*Keyring{k, old} {
			blob, _ := seal.Seal([]byte("13812345678"), aad)
			f.Add(blob, aad)
		}
	}
	f.Add([]byte{}, []byte{})
	f.Add([]byte{formatV1, 0}, []byte{})
	f.Add([]byte{formatV1, 255, '1'}, []byte{})
	f.Add(append([]byte{formatV1, 1, '3'}, make([]byte, 40)...), []byte{})

	f.Fuzz(func(t *testing.T, blob, aad []byte) {
		input := bytes.Clone(blob)
		plain, err := k.Open(blob, aad)
		if !bytes.Equal(blob, input) {
			t.Fatal("Open changed its input")
		}
		if err != nil {
			if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrUnknownKey) {
				t.Fatalf("err = %v, want ErrCorrupt or ErrUnknownKey", err)
			}
			return
		}
		// Only genuine values open; their key id reads back.
		if id, err := KeyIDOf(blob); err != nil || (id != "1" && id != "2") {
			t.Fatalf("opened a value with key id %q, %v", id, err)
		}
		if !bytes.Equal(plain, []byte("13812345678")) {
			t.Fatalf("opened a forged value to %q", plain)
		}
	})
}

// FuzzMasks feeds platform-supplied text to the masks, which must accept
// anything and never show a long phone number whole.
func FuzzMasks(f *testing.F) {
	for _, s := range []string{"13812345678", "+86 138-1234-5678", "张三丰", "John Smith", "😀", "\xff", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if p := MaskPhone(s); len(s) > 6 && p == s && strings.Trim(s, "0123456789") == "" {
			t.Fatalf("MaskPhone(%q) returned it unchanged", s)
		}
		_ = MaskName(s)
		_ = MaskAddress(s, s, s, s)
		_ = Contact{Name: s, Phone: s, Detail: s}.Masked()
	})
}
