package auth

import (
	"strings"
	"testing"
)

func TestHashPassword_RoundTrip(t *testing.T) {
	h, err := HashPassword("correct horse battery", TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("hash %q is not a PHC argon2id string with TestKDF's parameters", h)
	}
	if ok, err := VerifyPassword(h, "correct horse battery"); !ok || err != nil {
		t.Fatalf("the right password does not verify: %v, %v", ok, err)
	}
	if ok, err := VerifyPassword(h, "correct horse batterz"); ok || err != nil {
		t.Fatalf("a wrong password verifies: %v, %v", ok, err)
	}
	if h2, _ := HashPassword("correct horse battery", TestKDF); h2 == h {
		t.Fatal("two hashes of one password are equal; the salt is not random")
	}
}

func TestVerifyPassword_ReadsParametersFromTheString(t *testing.T) {
	p := KDFParams{Time: 2, MemoryKiB: 128, Threads: 2}
	h, err := HashPassword("a long enough password", p)
	if err != nil {
		t.Fatal(err)
	}
	got, _, _, err := decodePHC(h)
	if err != nil || got != p {
		t.Fatalf("decoded parameters %+v, %v; want %+v", got, err, p)
	}
	if ok, err := VerifyPassword(h, "a long enough password"); !ok || err != nil {
		t.Fatalf("a hash made with other parameters than the default does not verify: %v, %v", ok, err)
	}
}

func TestVerifyPassword_TamperedStrings(t *testing.T) {
	h, _ := HashPassword("correct horse battery", TestKDF)
	// Same shape, other costs: the hash no longer matches.
	if ok, err := VerifyPassword(strings.Replace(h, "t=1", "t=2", 1), "correct horse battery"); ok || err != nil {
		t.Fatalf("changed parameters: ok=%v err=%v, want a mismatch", ok, err)
	}
	if ok, _ := VerifyPassword(h[:len(h)-4], "correct horse battery"); ok {
		t.Fatal("a truncated hash still verifies")
	}
	salt := strings.Split(h, "$")[4]
	if ok, _ := VerifyPassword(strings.Replace(h, salt, flip(salt), 1), "correct horse battery"); ok {
		t.Fatal("a changed salt still verifies")
	}
	for _, bad := range []string{"", "plain", strings.Replace(h, "argon2id", "argon2i", 1),
		strings.Replace(h, "v=19", "v=16", 1), strings.Replace(h, "m=64", "m=064", 1),
		strings.Replace(h, "p=1", "p=1,x=2", 1), strings.Replace(h, "m=64", "m=99999999", 1),
		strings.Replace(h, "t=1", "t=0", 1), h + "$", h[:len(h)-2], h + "!"} {
		if ok, err := VerifyPassword(bad, "correct horse battery"); ok || err == nil {
			t.Errorf("VerifyPassword(%q) = %v, %v; want an error", bad, ok, err)
		}
	}
}

func TestHashPassword_RefusesParametersOutOfRange(t *testing.T) {
	for _, p := range []KDFParams{{}, {Time: 1, MemoryKiB: 4, Threads: 1}, {Time: 1, MemoryKiB: 1 << 19, Threads: 1}, {Time: 33, MemoryKiB: 64, Threads: 1}} {
		if _, err := HashPassword("whatever password", p); err == nil {
			t.Errorf("HashPassword with %+v succeeded", p)
		}
	}
}

// flip changes the first character of s to another valid base64 character.
func flip(s string) string {
	if s[0] == 'A' {
		return "B" + s[1:]
	}
	return "A" + s[1:]
}

func FuzzVerifyPassword(f *testing.F) {
	h, _ := HashPassword("correct horse battery", TestKDF)
	f.Add(h)
	f.Add("$argon2id$v=19$m=64,t=1,p=1$$")
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = VerifyPassword(s, "x") // must not panic or spin on any stored text
	})
}
