package pii

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"pgregory.net/rapid"
)

var orderAAD = []byte("shopify/shop-7/1001")

func TestKeyring_SealOpen_RoundTrips(t *testing.T) {
	k := mustKeyring(t, testKey("1", 7))
	for _, plain := range [][]byte{nil, {}, []byte("张三丰"), bytes.Repeat([]byte{0}, 5000)} {
		blob, err := k.Seal(plain, orderAAD)
		if err != nil {
			t.Fatal(err)
		}
		got, err := k.Open(blob, orderAAD)
		if err != nil || !bytes.Equal(got, plain) {
			t.Fatalf("Open(Seal(%q)) = %q, %v", plain, got, err)
		}
		if bytes.Contains(blob, []byte("张三丰")) {
			t.Fatal("the sealed value contains the plaintext")
		}
	}
}

func TestKeyring_Seal_IsRandomised(t *testing.T) {
	k := mustKeyring(t, testKey("1", 7))
	a, _ := k.Seal([]byte("13812345678"), orderAAD)
	b, _ := k.Seal([]byte("13812345678"), orderAAD)
	if bytes.Equal(a, b) {
		t.Fatal("sealing one value twice gives one blob, so equal values are visible in the database")
	}
}

func TestKeyring_Seal_WritesTheDocumentedFormat(t *testing.T) {
	k := mustKeyring(t, testKey("k2026", 7))
	blob, _ := k.Seal([]byte("abc"), nil)
	if blob[0] != formatV1 || blob[1] != 5 || string(blob[2:7]) != "k2026" {
		t.Fatalf("header = % x, want 01 05 'k2026'", blob[:7])
	}
	if want := 2 + 5 + gcmNonce + 3 + gcmTag; len(blob) != want {
		t.Fatalf("len = %d, want %d", len(blob), want)
	}
	if id, err := KeyIDOf(blob); id != "k2026" || err != nil {
		t.Fatalf("KeyIDOf = %q, %v", id, err)
	}
}

func TestKeyring_Open_RejectsEveryFlippedByte(t *testing.T) {
	k := mustKeyring(t, testKey("1", 7))
	blob, _ := k.Seal([]byte("浙江省杭州市西湖区文三路 100 号"), orderAAD)
	for i := range blob {
		for _, bit := range []byte{0x01, 0x80} {
			bad := bytes.Clone(blob)
			bad[i] ^= bit
			if got, err := k.Open(bad, orderAAD); err == nil {
				t.Fatalf("flipping bit %#x of byte %d opened to %q", bit, i, got)
			}
		}
	}
	for n := range len(blob) {
		if _, err := k.Open(blob[:n], orderAAD); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("a value cut to %d bytes: err = %v, want ErrCorrupt", n, err)
		}
	}
	if _, err := k.Open(append(bytes.Clone(blob), 0), orderAAD); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("a value with a byte appended: err = %v, want ErrCorrupt", err)
	}
}

func TestKeyring_Open_RejectsAnotherRowsAAD(t *testing.T) {
	k := mustKeyring(t, testKey("1", 7))
	blob, _ := k.Seal([]byte("13812345678"), orderAAD)
	for _, aad := range [][]byte{nil, []byte("shopify/shop-7/1002"), append(bytes.Clone(orderAAD), 0)} {
		if _, err := k.Open(blob, aad); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("opening with AAD %q: err = %v, want ErrCorrupt", aad, err)
		}
	}
}

func TestKeyring_Open_ErrorsLeakNothing(t *testing.T) {
	k := mustKeyring(t, testKey("1", 7))
	blob, _ := k.Seal([]byte("13812345678"), orderAAD)
	blob[len(blob)-1] ^= 1
	_, err := k.Open(blob, orderAAD)
	if msg := err.Error(); strings.Contains(msg, "13812345678") || strings.Contains(msg, string(orderAAD)) {
		t.Fatalf("error %q shows the value or its AAD", msg)
	}
}

func TestKeyring_Rotation(t *testing.T) {
	old := mustKeyring(t, testKey("1", 7))
	sealedOld, _ := old.Seal([]byte("张三丰"), orderAAD)

	rotated := mustKeyring(t, testKey("2", 9), testKey("1", 7))
	if got, err := rotated.Open(sealedOld, orderAAD); err != nil || string(got) != "张三丰" {
		t.Fatalf("after rotation the old value opens to %q, %v", got, err)
	}
	sealedNew, _ := rotated.Seal([]byte("李四"), orderAAD)
	if id, _ := KeyIDOf(sealedNew); id != "2" || rotated.CurrentID() != "2" {
		t.Fatalf("after rotation new values are sealed with key %q, want 2", id)
	}
	if _, err := old.Open(sealedNew, orderAAD); !errors.Is(err, ErrUnknownKey) || !strings.Contains(err.Error(), `"2"`) {
		t.Fatalf("a keyring without key 2: err = %v, want ErrUnknownKey naming key 2", err)
	}

	// A key under a reused id is a different key: the value must not open.
	impostor := mustKeyring(t, testKey("1", 8))
	if _, err := impostor.Open(sealedOld, orderAAD); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("another key under id 1: err = %v, want ErrCorrupt", err)
	}
}

func TestKeyring_ZeroValueRefusesToSeal(t *testing.T) {
	var k Keyring
	if _, err := k.Seal([]byte("x"), nil); err == nil {
		t.Fatal("the zero Keyring sealed a value")
	}
	var nilK *Keyring
	if _, err := nilK.Open(make([]byte, 40), nil); err == nil {
		t.Fatal("a nil Keyring opened a value")
	}
}

func TestKeyring_ConcurrentUse(t *testing.T) {
	k := mustKeyring(t, testKey("2", 9), testKey("1", 7))
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				plain := fmt.Appendf(nil, "%d/%d", g, i)
				blob, err := k.Seal(plain, orderAAD)
				if err != nil {
					t.Error(err)
					return
				}
				if got, err := k.Open(blob, orderAAD); err != nil || !bytes.Equal(got, plain) {
					t.Errorf("concurrent round trip: %q, %v", got, err)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestKeyring_SealOpen_Property(t *testing.T) {
	k := mustKeyring(t, testKey("2", 9), testKey("1", 7))
	rapid.Check(t, func(t *rapid.T) {
		plain := rapid.SliceOf(rapid.Byte()).Draw(t, "plaintext")
		aad := rapid.SliceOf(rapid.Byte()).Draw(t, "aad")
		blob, err := k.Seal(plain, aad)
		if err != nil {
			t.Fatal(err)
		}
		got, err := k.Open(blob, aad)
		if err != nil || !bytes.Equal(got, plain) {
			t.Fatalf("Open(Seal(%x)) = %x, %v", plain, got, err)
		}
		other := rapid.SliceOf(rapid.Byte()).Draw(t, "other aad")
		if _, err := k.Open(blob, other); (err == nil) != bytes.Equal(other, aad) {
			t.Fatalf("Open with AAD %x (sealed with %x): err = %v", other, aad, err)
		}
	})
}
