package auth

import (
	"regexp"
	"testing"
)

var secretShape = regexp.MustCompile(`^fnsh_[a-z2-7]{16}_[a-z2-7]{52}$`)

func TestNewSecret_Format(t *testing.T) {
	id := newTokenID()
	secret, random := newSecret(id)
	if !secretShape.MatchString(secret) {
		t.Fatalf("secret %q is not fnsh_<16 base32>_<52 base32>", secret)
	}
	gotID, gotRandom, ok := parseSecret(secret)
	if !ok || gotID != id || gotRandom != random {
		t.Fatalf("parseSecret(%q) = %q, %q, %v; want %q, %q", secret, gotID, gotRandom, ok, id, random)
	}
	if other, _ := newSecret(id); other == secret {
		t.Fatal("two secrets are equal; the random part is not random")
	}
	if len(hashSecret(random)) != 32 {
		t.Fatal("the stored hash is not a SHA-256")
	}
}

func TestParseSecret_RefusesMalformed(t *testing.T) {
	secret, _ := newSecret(newTokenID())
	for _, bad := range []string{"", "fnsh_", "fnsh__", "Bearer " + secret, secret + "a", secret[:len(secret)-1],
		"FNSH_" + secret[5:], secret[:5] + "A" + secret[6:], secret[:len(secret)-1] + "1",
		"fnsh_" + secret[5:21] + "-" + secret[22:], " " + secret} {
		if _, _, ok := parseSecret(bad); ok {
			t.Errorf("parseSecret(%q) accepted a malformed secret", bad)
		}
	}
}

func FuzzParseSecret(f *testing.F) {
	secret, _ := newSecret(newTokenID())
	f.Add(secret)
	f.Add("fnsh_x_y")
	f.Fuzz(func(t *testing.T, s string) {
		id, random, ok := parseSecret(s)
		if ok && s != secretPrefix+id+"_"+random {
			t.Fatalf("parseSecret(%q) accepted it but does not rebuild it", s)
		}
	})
}
