package pii

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// memChecks is a CheckStore in memory, with sealed contacts as samples.
type memChecks struct {
	mu       sync.Mutex
	checks   map[string]KeyCheck
	contacts [][]byte // sealed with aad "order i"
}

func newMemChecks() *memChecks { return &memChecks{checks: map[string]KeyCheck{}} }

func (m *memChecks) KeyChecks(context.Context) ([]KeyCheck, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []KeyCheck
	for _, c := range m.checks {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b KeyCheck) int { return strings.Compare(a.KeyID, b.KeyID) })
	return out, nil
}

func (m *memChecks) AddKeyCheck(_ context.Context, c KeyCheck) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.checks[c.KeyID]; !ok {
		m.checks[c.KeyID] = c
	}
	return nil
}

func (m *memChecks) HoldsSealed(context.Context) (bool, error) {
	return len(m.checks) > 0 || len(m.contacts) > 0, nil
}

func (m *memChecks) Samples(_ context.Context, n int) ([]Sample, error) {
	var out []Sample
	for i := len(m.contacts) - 1; i >= 0 && len(out) < n; i-- {
		blob, aad := m.contacts[i], fmt.Sprint("order ", i)
		out = append(out, Sample{Where: "contact of " + aad, Blob: blob, Open: func(k *Keyring) error {
			_, err := OpenContact(k, blob, aad)
			return err
		}})
	}
	return out, nil
}

func (m *memChecks) seal(t *testing.T, k *Keyring) {
	t.Helper()
	b, err := Contact{Name: "张三", Phone: "13812345678"}.Seal(k, fmt.Sprint("order ", len(m.contacts)))
	if err != nil {
		t.Fatal(err)
	}
	m.contacts = append(m.contacts, b)
}

var checkTime = time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)

func wantMismatch(t *testing.T, err error, mentions ...string) {
	t.Helper()
	if !errors.Is(err, ErrKeyMismatch) {
		t.Fatalf("err = %v, want ErrKeyMismatch", err)
	}
	for _, m := range append(mentions, EnvMasterKey, KeyFileName, "behind") {
		if !strings.Contains(err.Error(), m) {
			t.Errorf("error %q should mention %q", err, m)
		}
	}
}

func TestRecordKeyring_AnotherKeyUnderTheSameIDIsRefused(t *testing.T) {
	ctx := context.Background()
	st := newMemChecks()
	good := mustKeyring(t, testKey("1", 1))
	if err := RecordKeyring(ctx, good, st, checkTime); err != nil {
		t.Fatal(err)
	}
	if len(st.checks) != 1 || st.checks["1"].CreatedAt != checkTime {
		t.Fatalf("checks = %+v, want one for key 1", st.checks)
	}
	// A second start with the same key is fine and writes nothing new.
	if err := RecordKeyring(ctx, good, st, checkTime.Add(time.Hour)); err != nil || st.checks["1"].CreatedAt != checkTime {
		t.Fatalf("restart with the same key: %v, %+v", err, st.checks)
	}
	wrong := mustKeyring(t, testKey("1", 2))
	wantMismatch(t, VerifyKeyring(ctx, wrong, st), `"1"`)
	wantMismatch(t, RecordKeyring(ctx, wrong, st, checkTime), `"1"`)
}

func TestRecordKeyring_AKeyThatSealedDataMustStayInTheRing(t *testing.T) {
	ctx := context.Background()
	st := newMemChecks()
	if err := RecordKeyring(ctx, mustKeyring(t, testKey("1", 1)), st, checkTime); err != nil {
		t.Fatal(err)
	}
	wantMismatch(t, VerifyKeyring(ctx, mustKeyring(t, testKey("2", 2)), st), `key "1"`, "lacks")
}

func TestRecordKeyring_RotationKeepsTheOldKeyBehindTheNew(t *testing.T) {
	ctx := context.Background()
	st := newMemChecks()
	old, next := testKey("1", 1), testKey("2", 2)
	if err := RecordKeyring(ctx, mustKeyring(t, old), st, checkTime); err != nil {
		t.Fatal(err)
	}
	rotated := mustKeyring(t, next, old)
	if err := RecordKeyring(ctx, rotated, st, checkTime); err != nil {
		t.Fatalf("a ring with the new key first and the old behind it: %v", err)
	}
	if _, ok := st.checks["2"]; !ok {
		t.Fatal("the new current key got no check")
	}
	wantMismatch(t, VerifyKeyring(ctx, mustKeyring(t, next), st), `key "1"`)
	wantMismatch(t, VerifyKeyring(ctx, mustKeyring(t, next, testKey("1", 3)), st), `key "1"`)
}

func TestRecordKeyring_DataSealedBeforeKeyChecksIsSampled(t *testing.T) {
	ctx := context.Background()
	st := newMemChecks()
	old := testKey("1", 1)
	st.seal(t, mustKeyring(t, old))
	st.seal(t, mustKeyring(t, old))
	wrong := mustKeyring(t, testKey("1", 9))
	wantMismatch(t, VerifyKeyring(ctx, wrong, st), "contact of order 1")
	wantMismatch(t, RecordKeyring(ctx, wrong, st, checkTime))
	if len(st.checks) != 0 {
		t.Fatal("a refused key left a key check behind")
	}
	wantMismatch(t, VerifyKeyring(ctx, mustKeyring(t, testKey("2", 2)), st))
	// One corrupt row among good ones is a row problem, not a key problem.
	st.contacts[1] = append([]byte(nil), st.contacts[0]...)
	rotated := mustKeyring(t, testKey("2", 2), old)
	if err := RecordKeyring(ctx, rotated, st, checkTime); err != nil {
		t.Fatalf("rotated ring over old data: %v", err)
	}
	if _, ok := st.checks["1"]; !ok || len(st.checks) != 2 {
		t.Fatalf("checks = %v, want one for the current key 2 and one for key 1, which sealed the samples", st.checks)
	}
}

func TestRecordKeyring_ConcurrentStartsWithDifferentKeysOneWins(t *testing.T) {
	ctx := context.Background()
	st := newMemChecks()
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() { errs[i] = RecordKeyring(ctx, mustKeyring(t, testKey("1", byte(i%2+1))), st, checkTime) })
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else if !errors.Is(err, ErrKeyMismatch) {
			t.Fatal(err)
		}
	}
	if ok != 4 {
		t.Fatalf("%d starts succeeded, want the 4 with the key whose check was stored first", ok)
	}
}

func TestVerifyKeyring_AnEmptyDatabaseAcceptsAnyKeyAndStoresNothing(t *testing.T) {
	st := newMemChecks()
	if err := VerifyKeyring(context.Background(), mustKeyring(t, testKey("1", 1)), st); err != nil || len(st.checks) != 0 {
		t.Fatalf("VerifyKeyring on an empty database: %v, %d checks", err, len(st.checks))
	}
}

func TestKeyCheck_IsBoundToItsKeyID(t *testing.T) {
	k := mustKeyring(t, testKey("a", 1), testKey("b", 1)) // same secret, two ids
	c, err := k.newCheck("a", checkTime)
	if err != nil {
		t.Fatal(err)
	}
	if err := k.openCheck(c); err != nil {
		t.Fatal(err)
	}
	c.KeyID = "b"
	if err := k.openCheck(c); !errors.Is(err, ErrKeyMismatch) {
		t.Fatalf("a check moved to another id opened: %v", err)
	}
}
