package pii

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// A KeyCheck proves which master key sealed data in a database: a fixed
// text sealed with that key, stored once per key id when the key is first
// used there. A keyring that cannot open a database's checks cannot open its
// data either, and is refused at start instead of by every later read.
type KeyCheck struct {
	KeyID     string
	Sealed    []byte
	CreatedAt time.Time
}

// A Sample is one value already sealed in the database and the way to open
// it, for a database whose data was sealed before key checks existed.
type Sample struct {
	Where string // names the row, never its content: "contact of order 12"
	Blob  []byte
	Open  func(*Keyring) error // opens Blob with the AAD of its row
}

// CheckStore keeps key checks; piidb implements it on SQLite and PostgreSQL.
// Any method may fail with the database's own error.
type CheckStore interface {
	// KeyChecks lists every key check in key id order.
	KeyChecks(ctx context.Context) ([]KeyCheck, error)
	// AddKeyCheck stores c, unless a check for c.KeyID is stored already:
	// then it changes nothing and returns nil, so the first writer wins.
	AddKeyCheck(ctx context.Context, c KeyCheck) error
	// HoldsSealed reports whether the database holds sealed values or key
	// checks: whether a new key would be unable to read something.
	HoldsSealed(ctx context.Context) (bool, error)
	// Samples returns up to n of the newest sealed values.
	Samples(ctx context.Context, n int) ([]Sample, error)
}

// ErrKeyMismatch means the keyring cannot open data already sealed in the
// database: a key that sealed it is missing, or another key has its id.
var ErrKeyMismatch = errors.New("pii: the master key cannot open the data in this database")

// The check's text and AAD carry a version and never change; the AAD binds
// a check to its key id, so a check cannot be copied to another id.
const (
	checkText = "fnshub key check v1"
	checkAAD  = "fnshub key check v1\x00"
	// samplesTried bounds the work on a database without key checks; one
	// sample that opens is enough, and one corrupt row must not refuse all.
	samplesTried = 3
)

func (k *Keyring) newCheck(id string, at time.Time) (KeyCheck, error) {
	sealed, err := k.sealWith(id, []byte(checkText), []byte(checkAAD+id))
	return KeyCheck{KeyID: id, Sealed: sealed, CreatedAt: at}, err
}

// openCheck reports why c does not open with k, or nil.
func (k *Keyring) openCheck(c KeyCheck) error {
	if _, held := k.aeads[c.KeyID]; !held {
		return fmt.Errorf("%w: it holds data sealed with key %q, which the keyring (keys %s) lacks. %s",
			ErrKeyMismatch, c.KeyID, strings.Join(k.order, ", "), keyFix(c.KeyID))
	}
	plain, err := k.Open(c.Sealed, []byte(checkAAD+c.KeyID))
	if id, _ := KeyIDOf(c.Sealed); err != nil || id != c.KeyID || string(plain) != checkText {
		return fmt.Errorf("%w: key %q is not the key that sealed its data (its key check does not open). %s",
			ErrKeyMismatch, c.KeyID, keyFix(c.KeyID))
	}
	return nil
}

// keyFix says how to give fnshub the key it needs, whichever source it reads.
func keyFix(id string) string {
	return fmt.Sprintf("Only the original key can read that data: set %s, or restore %s in the data directory from a backup, "+
		"so that it holds key %q as it was. To move to a new key, put the new one first and keep the old one behind it: "+
		"%s=new:<base64 of 32 bytes>,%s:<the old key>", EnvMasterKey, KeyFileName, id, EnvMasterKey, id)
}

// VerifyKeyring returns an error wrapping ErrKeyMismatch, saying how to fix
// it, unless k opens every key check in st, or, where none is stored yet,
// at least one of the newest sealed values. It changes nothing.
func VerifyKeyring(ctx context.Context, k *Keyring, st CheckStore) error {
	_, err := verify(ctx, k, st)
	return err
}

// RecordKeyring is VerifyKeyring, then stores a key check for the current
// key and for each key that opened a sample, so later starts can tell a
// wrong key at once. Two processes starting at once with different keys
// under one id both write; the first check stored wins and the other
// process's second verification refuses it.
func RecordKeyring(ctx context.Context, k *Keyring, st CheckStore, at time.Time) error {
	ids, err := verify(ctx, k, st)
	if err != nil {
		return err
	}
	for _, id := range ids {
		c, err := k.newCheck(id, at.UTC().Truncate(time.Microsecond))
		if err != nil {
			return err
		}
		if err := st.AddKeyCheck(ctx, c); err != nil {
			return fmt.Errorf("pii: record key check %q: %w", id, err)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	_, err = verify(ctx, k, st)
	return err
}

// verify checks k against st and returns the key ids that still need a
// check: the current key and any key that opened a sample.
func verify(ctx context.Context, k *Keyring, st CheckStore) (missing []string, err error) {
	checks, err := st.KeyChecks(ctx)
	if err != nil {
		return nil, fmt.Errorf("pii: read key checks: %w", err)
	}
	checked := map[string]bool{}
	for _, c := range checks {
		if err := k.openCheck(c); err != nil {
			return nil, err
		}
		checked[c.KeyID] = true
	}
	need := []string{k.current}
	if len(checks) == 0 {
		opened, err := openSamples(ctx, k, st)
		if err != nil {
			return nil, err
		}
		need = append(need, opened...)
	}
	for _, id := range need {
		if !checked[id] && !slices.Contains(missing, id) {
			missing = append(missing, id)
		}
	}
	return missing, nil
}

// openSamples returns the ids of the keys that sealed the newest sealed
// values, or an error when there are some and none opens with k.
func openSamples(ctx context.Context, k *Keyring, st CheckStore) ([]string, error) {
	samples, err := st.Samples(ctx, samplesTried)
	if err != nil {
		return nil, fmt.Errorf("pii: read sealed samples: %w", err)
	}
	var opened []string
	var failures []string
	for _, s := range samples {
		if err := s.Open(k); err != nil {
			failures = append(failures, s.Where+": "+err.Error())
			continue
		}
		if id, err := KeyIDOf(s.Blob); err == nil {
			opened = append(opened, id)
		}
	}
	if len(samples) > 0 && len(opened) == 0 {
		return nil, fmt.Errorf("%w: none of the %d newest sealed values opens with the keyring (keys %s): %s. %s",
			ErrKeyMismatch, len(samples), strings.Join(k.order, ", "), strings.Join(failures, "; "), keyFix(k.current))
	}
	return opened, nil
}
