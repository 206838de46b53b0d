package pii

import (
	"regexp"
	"testing"
)

func TestPseudonym(t *testing.T) {
	k := mustKeyring(t, testKey("1", 7))
	p := Pseudonym(k, "taobao", "AAHk5d-EAAeGwJedwSHu7o2d")
	if !regexp.MustCompile(`^b_[0-9a-f]{32}$`).MatchString(p) {
		t.Fatalf("Pseudonym = %q, want b_ and 32 hex digits", p)
	}
	if again := Pseudonym(k, "taobao", "AAHk5d-EAAeGwJedwSHu7o2d"); again != p {
		t.Fatalf("the pseudonym is not stable: %q then %q", p, again)
	}
	for _, other := range [][2]string{
		{"jd", "AAHk5d-EAAeGwJedwSHu7o2d"},     // same id, other platform
		{"taobao", "AAHk5d-EAAeGwJedwSHu7o2e"}, // other id
		{"taobaoA", "AHk5d-EAAeGwJedwSHu7o2d"}, // same concatenation
	} {
		if Pseudonym(k, other[0], other[1]) == p {
			t.Fatalf("%v has the same pseudonym as taobao's buyer", other)
		}
	}
	if got := Pseudonym(k, "taobao", ""); got != "" {
		t.Fatalf("an empty buyer id has pseudonym %q, want empty so anonymous buyers are not merged", got)
	}
	if other := mustKeyring(t, testKey("1", 8)); Pseudonym(other, "taobao", "AAHk5d-EAAeGwJedwSHu7o2d") == p {
		t.Fatal("another master key gives the same pseudonym; it is not keyed")
	}
}

func TestPseudonym_SurvivesRotationNotLosingTheOldestKey(t *testing.T) {
	before := mustKeyring(t, testKey("1", 7))
	after := mustKeyring(t, testKey("3", 11), testKey("2", 9), testKey("1", 7))
	if Pseudonym(before, "jd", "u1") != Pseudonym(after, "jd", "u1") || before.PseudonymCheck() != after.PseudonymCheck() {
		t.Fatal("adding current keys in front changed the pseudonyms")
	}
	dropped := mustKeyring(t, testKey("3", 11), testKey("2", 9))
	if before.PseudonymCheck() == dropped.PseudonymCheck() {
		t.Fatal("dropping the oldest key changes pseudonyms, but PseudonymCheck did not notice")
	}
}

func TestPseudonym_IsNotTheSealingKey(t *testing.T) {
	// Subkeys are derived per purpose, so the pseudonym key is neither the
	// master key nor anything that opens sealed values.
	k := mustKeyring(t, testKey("1", 7))
	if string(k.pseudo) == string(testKey("1", 7).Secret) {
		t.Fatal("the pseudonym key is the master key")
	}
}

func TestPseudonym_PanicsWithoutAKey(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("Pseudonym under the zero Keyring returned a value computed with no key")
		}
	}()
	Pseudonym(&Keyring{}, "jd", "u1")
}
