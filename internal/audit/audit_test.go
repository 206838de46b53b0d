package audit

import (
	"bytes"
	"encoding/json"
	"strings"
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
	for _, r := range []Record{{Via: "email", Detail: json.RawMessage(`{}`)}, {Via: ViaCLI, Detail: json.RawMessage(`[1]`)}} {
		if _, err := l.Record(t.Context(), r); err == nil {
			t.Errorf("%+v was accepted", r)
		}
	}
}
