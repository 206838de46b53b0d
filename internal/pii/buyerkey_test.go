package pii

import (
	"bytes"
	"errors"
	"testing"
	"time"
)

func TestBuyerKey_SealsAndOpensContacts(t *testing.T) {
	k := mustKeyring(t, testKey("1", 1))
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	bk, stored, err := NewBuyerKey(k, "b_x", 1, now)
	if err != nil {
		t.Fatal(err)
	}
	if stored.KeyID != "1" || stored.Erased() || bytes.Contains(stored.Wrapped, []byte("b_x")) {
		t.Fatalf("stored key = %+v", stored)
	}
	c := Contact{Name: "张三", Phone: "13812345678", Province: "浙江省", Detail: "文三路 1 号"}
	blob, err := bk.SealContact(c, "web/S1/1")
	if err != nil {
		t.Fatal(err)
	}
	if gen, ok := SealedByBuyer(blob); !ok || gen != 1 || bytes.Contains(blob, []byte("1381234")) {
		t.Fatalf("sealed value: gen %d ok %v", gen, ok)
	}
	again, err := OpenBuyerKey(k, stored)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := OpenContactWith(k, again, blob, "web/S1/1"); err != nil || got != c {
		t.Fatalf("open = %v, %v", got, err)
	}
	// Another row, a tampered byte, another buyer's key: corrupt, never erased.
	other, _, _ := NewBuyerKey(k, "b_y", 1, now)
	tampered := append([]byte(nil), blob...)
	tampered[len(tampered)-1] ^= 1
	for name, try := range map[string]func() error{
		"other row":   func() error { _, err := OpenContactWith(k, again, blob, "web/S1/2"); return err },
		"tampered":    func() error { _, err := OpenContactWith(k, again, tampered, "web/S1/1"); return err },
		"other buyer": func() error { _, err := OpenContactWith(k, other, blob, "web/S1/1"); return err },
		"no key row":  func() error { _, err := OpenContactWith(k, nil, blob, "web/S1/1"); return err },
		"too short":   func() error { _, err := OpenContactWith(k, again, blob[:10], "web/S1/1"); return err },
	} {
		if err := try(); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: %v, want ErrCorrupt", name, err)
		}
	}
	// A wrapped key copied to another buyer's row does not open.
	moved := stored
	moved.Ref = "b_y"
	if _, err := OpenBuyerKey(k, moved); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("a data key moved to another buyer: %v", err)
	}
}

func TestBuyerKey_ErasedGenerationsStayErased(t *testing.T) {
	k := mustKeyring(t, testKey("1", 1))
	bk, _, _ := NewBuyerKey(k, "b_x", 1, time.Now())
	c := Contact{Name: "李四", Phone: "13900000000"}
	old, _ := bk.SealContact(c, "o")
	tomb, err := OpenBuyerKey(k, StoredKey{Ref: "b_x", Generation: 1})
	if err != nil || !tomb.Erased() {
		t.Fatalf("tombstone = %v, %v", tomb, err)
	}
	if _, err := OpenContactWith(k, tomb, old, "o"); !errors.Is(err, ErrErased) {
		t.Fatalf("a contact of an erased key: %v, want ErrErased", err)
	}
	if _, err := tomb.SealContact(c, "o"); !errors.Is(err, ErrErased) {
		t.Fatalf("sealing with a tombstone: %v", err)
	}
	next, _, _ := NewBuyerKey(k, "b_x", 2, time.Now())
	if _, err := OpenContactWith(k, next, old, "o"); !errors.Is(err, ErrErased) {
		t.Fatalf("an erased generation under the next key: %v, want ErrErased", err)
	}
	fresh, _ := next.SealContact(c, "o")
	if _, err := OpenContactWith(k, bk, fresh, "o"); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("a newer generation than the stored key: %v, want ErrCorrupt", err)
	}
}

func TestBuyerKey_MasterKeySealedContactsStillOpen(t *testing.T) {
	k := mustKeyring(t, testKey("1", 1))
	c := Contact{Name: "王五"}
	legacy, err := c.Seal(k, "o")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := SealedByBuyer(legacy); ok {
		t.Fatal("a master-key value reads as sealed by a data key")
	}
	if got, err := OpenContactWith(k, nil, legacy, "o"); err != nil || got != c {
		t.Fatalf("open a master-key value = %v, %v", got, err)
	}
}

func TestBuyerKey_RewrapMovesToTheCurrentMasterKey(t *testing.T) {
	old := mustKeyring(t, testKey("1", 1))
	rotated := mustKeyring(t, testKey("2", 2), testKey("1", 1))
	onlyNew := mustKeyring(t, testKey("2", 2))
	bk, stored, _ := NewBuyerKey(old, "b_x", 3, time.Now())
	blob, _ := bk.SealContact(Contact{Name: "赵六"}, "o")
	re, err := Rewrap(rotated, stored)
	if err != nil || re.KeyID != "2" || re.Generation != 3 {
		t.Fatalf("rewrap = %+v, %v", re, err)
	}
	opened, err := OpenBuyerKey(onlyNew, re)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := OpenContactWith(onlyNew, opened, blob, "o"); err != nil || got.Name != "赵六" {
		t.Fatalf("contact after the rotation = %v, %v", got, err)
	}
	if tomb, err := Rewrap(rotated, StoredKey{Ref: "b_x", Generation: 3}); err != nil || !tomb.Erased() {
		t.Fatalf("rewrap of a tombstone = %+v, %v", tomb, err)
	}
}
