package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestEntry_ChainHashCoversEveryField(t *testing.T) {
	base := Entry{Seq: 7, PrevHash: []byte{1, 2}, Record: Record{At: time.UnixMicro(1_700_000_000_000_001), Actor: "ops",
		Role: "operations", Via: ViaToken, Action: "PATCH /api/v1/shops/{id}", Target: "shop T1",
		Detail: json.RawMessage(`{"a":1}`), Status: 200}}
	want := base.ChainHash()
	changes := map[string]func(*Entry){
		"seq":       func(e *Entry) { e.Seq++ },
		"prev_hash": func(e *Entry) { e.PrevHash = []byte{1, 3} },
		"at":        func(e *Entry) { e.At = e.At.Add(time.Microsecond) },
		"actor":     func(e *Entry) { e.Actor = "opt" },
		"role":      func(e *Entry) { e.Role = "admin" },
		"via":       func(e *Entry) { e.Via = ViaSession },
		"action":    func(e *Entry) { e.Action = "PATCH /api/v1/shops/{id}x" },
		"target":    func(e *Entry) { e.Target = "shop T2" },
		"detail":    func(e *Entry) { e.Detail = json.RawMessage(`{"a":2}`) },
		"status":    func(e *Entry) { e.Status = 201 },
		// Length prefixes: moving a byte from one field to the next must show.
		"boundary": func(e *Entry) { e.Actor, e.Role = "opso", "perations" },
	}
	for name, change := range changes {
		e := base
		change(&e)
		if bytes.Equal(e.ChainHash(), want) {
			t.Errorf("changing %s leaves the hash unchanged", name)
		}
	}
	if !bytes.Equal(base.ChainHash(), want) {
		t.Fatal("the hash is not deterministic")
	}
}

func TestRedactJSON_KeepsSecretsAndContactsOut(t *testing.T) {
	raw := `{"name":"ops2","password":"hunter2-secret","Secrets":{"access_token":"shpat_X"},"value":"whsec_Y",
		"contact":{"name":"张三","phone":"13800000000"},"lines":[{"sku":"A","quantity":2,"buyer_id":"b-1"}],"amount":"12.30"}`
	out, ok := RedactJSON([]byte(raw))
	if !ok {
		t.Fatal("not JSON")
	}
	enc, _ := json.Marshal(out)
	for _, leaked := range []string{"hunter2", "shpat_X", "whsec_Y", "张三", "13800000000", "b-1"} {
		if strings.Contains(string(enc), leaked) {
			t.Errorf("%q survived redaction: %s", leaked, enc)
		}
	}
	for _, kept := range []string{`"name":"ops2"`, `"sku":"A"`, `"quantity":2`, `"amount":"12.30"`} {
		if !strings.Contains(string(enc), kept) {
			t.Errorf("%s was lost: %s", kept, enc)
		}
	}
	if _, ok := RedactJSON([]byte(`{"a":1} {"b":2}`)); ok {
		t.Error("two values accepted as one")
	}
}

func TestLog_RecordRefusesBadDetailAndVia(t *testing.T) {
	l := New(nil, nil)
	defer l.Close()
	for _, r := range []Record{{Via: "email", Detail: json.RawMessage(`{}`)}, {Via: ViaCLI, Detail: json.RawMessage(`[1]`)}} {
		if _, err := l.Record(t.Context(), r); err == nil {
			t.Errorf("%+v was accepted", r)
		}
	}
}

// memStore is a Store in memory that can be told to fail any append
// holding a given actor, and remembers the size of each append.
type memStore struct {
	mu      sync.Mutex
	entries []Entry
	sizes   []int
	failFor string
	gate    chan struct{} // when set, each append waits for it
}

func (m *memStore) Append(_ context.Context, rs []Record) ([]Entry, error) {
	if m.gate != nil {
		<-m.gate
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sizes = append(m.sizes, len(rs))
	for _, r := range rs {
		if r.Actor == m.failFor {
			return nil, errors.New("refused")
		}
	}
	out := make([]Entry, len(rs))
	for i, r := range rs {
		prev := []byte{}
		if n := len(m.entries); n > 0 {
			prev = m.entries[n-1].Hash
		}
		e := Entry{Seq: int64(len(m.entries) + 1), Record: r, PrevHash: prev}
		e.Hash = e.ChainHash()
		m.entries, out[i] = append(m.entries, e), e
	}
	return out, nil
}

func (m *memStore) List(context.Context, Filter) ([]Entry, error) { return nil, nil }

func (m *memStore) After(_ context.Context, after int64, limit int) ([]Entry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if after >= int64(len(m.entries)) {
		return nil, nil
	}
	return m.entries[after:min(int(after)+limit, len(m.entries))], nil
}

func (m *memStore) Head(context.Context) (int64, []byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.entries) == 0 {
		return 0, []byte{}, nil
	}
	return int64(len(m.entries)), m.entries[len(m.entries)-1].Hash, nil
}

// TestLog_GroupsWaitingRecordsAndIsolatesAFailingOne: records that wait
// while an append runs go in one group; a group that fails is retried
// record by record, so only the bad record fails.
func TestLog_GroupsWaitingRecordsAndIsolatesAFailingOne(t *testing.T) {
	m := &memStore{failFor: "bad", gate: make(chan struct{})}
	l := New(m, nil)
	defer l.Close()
	const n = 20
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			actor := "ok"
			if i == 7 {
				actor = "bad"
			}
			_, err := l.Record(t.Context(), Record{Actor: actor, Via: ViaSystem, Action: "test"})
			if (err != nil) != (actor == "bad") {
				errs <- fmt.Errorf("record %d by %s: %v", i, actor, err)
			}
		}()
	}
	time.Sleep(200 * time.Millisecond) // the first append holds the others queued
	close(m.gate)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	big := 0
	for _, s := range m.sizes {
		big = max(big, s)
	}
	if len(m.entries) != n-1 || big < 2 {
		t.Fatalf("%d entries from appends of sizes %v; want %d, and some group of more than one", len(m.entries), m.sizes, n-1)
	}
	rep, err := l.Verify(t.Context())
	if err != nil || !rep.OK() || rep.Entries != n-1 {
		t.Fatalf("verify = %+v %v", rep, err)
	}
	l.Close()
	if _, err := l.Record(t.Context(), Record{Via: ViaSystem}); !errors.Is(err, ErrClosed) {
		t.Fatalf("record after close = %v", err)
	}
}
