package ledger

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
)

func cny(minor int64) money.Amount { return money.New(minor, "CNY") }

func TestRequest_Validate(t *testing.T) {
	ok := []Posting{{Account: "1122", Amount: cny(11300)}, {Account: "6001", Amount: cny(-10000)}, {Account: "2221", Amount: cny(-1300)}}
	cases := []struct {
		name  string
		req   Request
		code  string
		field string
	}{
		{"a balanced entry is valid", Request{SourceKey: "k", Postings: ok}, "", ""},
		{"a reversal needs no postings", Request{SourceKey: "k", Reverses: 7}, "", ""},
		{"the key is required", Request{Postings: ok}, "source_key_missing", "source_key"},
		{"one posting is not an entry", Request{SourceKey: "k", Postings: ok[:1]}, "entry_too_few_postings", "postings"},
		{"debits must equal credits", Request{SourceKey: "k", Postings: []Posting{{Account: "1122", Amount: cny(100)}, {Account: "6001", Amount: cny(-99)}}}, "entry_unbalanced", "postings"},
		{"each currency balances on its own", Request{SourceKey: "k", Postings: []Posting{
			{Account: "1122", Amount: cny(100)}, {Account: "6001", Amount: money.New(-100, "USD")}}}, "entry_unbalanced", "postings"},
		{"zero postings are refused", Request{SourceKey: "k", Postings: []Posting{{Account: "1122", Amount: cny(0)}, {Account: "6001", Amount: cny(0)}}}, "posting_amount_zero", "postings[0].amount"},
		{"unknown currencies are refused", Request{SourceKey: "k", Postings: []Posting{{Account: "1122", Amount: money.New(1, "XXX")}, {Account: "6001", Amount: money.New(-1, "XXX")}}}, "posting_currency_invalid", "postings[0].amount"},
		{"a reversal brings no postings", Request{SourceKey: "k", Reverses: 7, Postings: ok}, "reversal_with_postings", "postings"},
		{"an overflowing sum is refused", Request{SourceKey: "k", Postings: []Posting{
			{Account: "1122", Amount: cny(1 << 62)}, {Account: "1122", Amount: cny(1 << 62)}, {Account: "6001", Amount: cny(-(1 << 62))}, {Account: "6001", Amount: cny(-(1 << 62))}}}, "entry_overflow", "postings"},
		{"a source kind must be known", Request{SourceKey: "k", Postings: []Posting{{Account: "1122", Amount: cny(5), Dims: Dims{Source: Source{"invoice", "1"}}}, {Account: "6001", Amount: cny(-5)}}}, "source_kind_invalid", "postings[0].source.kind"},
		{"a source kind needs an id", Request{SourceKey: "k", Postings: []Posting{{Account: "1122", Amount: cny(5)}, {Account: "6001", Amount: cny(-5), Dims: Dims{Source: Source{Kind: SourceOrder}}}}}, "source_id_missing", "postings[1].source.id"},
		{"dimensions are valid with a known kind", Request{SourceKey: "k", Postings: []Posting{{Account: "1122", Amount: cny(5), Dims: Dims{Shop: "tm-1", Channel: "tmall", SKU: "A", Source: Source{SourceOrder, "9"}}}, {Account: "6001", Amount: cny(-5)}}}, "", ""},
		{"the entity is positive", Request{SourceKey: "k", Entity: -1, Postings: ok}, "entity_invalid", "entity"},
		{"the key has a length limit", Request{SourceKey: strings.Repeat("k", 201), Postings: ok}, "source_key_too_long", "source_key"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.req.Validate()
			if c.code == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			fe, _ := err.(*fault.Error)
			if fe == nil || fe.Kind != fault.Invalid || fe.Code != c.code || fe.Field != c.field {
				t.Fatalf("Validate() = %#v, want invalid %s on %s", err, c.code, c.field)
			}
		})
	}
}

func TestEntry_ChainHashCoversEveryField(t *testing.T) {
	base := Entry{ID: 4, SourceKey: "k", Description: "d", EffectiveAt: time.Unix(100, 0), PostedAt: time.Unix(200, 0),
		Reverses: 2, Postings: []Posting{{Account: "1122", Amount: cny(5)}, {Account: "6001", Amount: cny(-5)}}, ContentHash: []byte{1}, PrevHash: []byte{9}}
	mutations := map[string]func(*Entry){
		"id":          func(e *Entry) { e.ID++ },
		"key":         func(e *Entry) { e.SourceKey = "k2" },
		"description": func(e *Entry) { e.Description = "d2" },
		"effective":   func(e *Entry) { e.EffectiveAt = e.EffectiveAt.Add(time.Microsecond) },
		"posted":      func(e *Entry) { e.PostedAt = e.PostedAt.Add(time.Microsecond) },
		"reverses":    func(e *Entry) { e.Reverses = 3 },
		"content":     func(e *Entry) { e.ContentHash = []byte{2} },
		"prev":        func(e *Entry) { e.PrevHash = []byte{8} },
		"account": func(e *Entry) {
			e.Postings = []Posting{{Account: "1123", Amount: cny(5)}, {Account: "6001", Amount: cny(-5)}}
		},
		"amount": func(e *Entry) {
			e.Postings = []Posting{{Account: "1122", Amount: cny(6)}, {Account: "6001", Amount: cny(-6)}}
		},
		"currency": func(e *Entry) {
			e.Postings = []Posting{{Account: "1122", Amount: money.New(5, "USD")}, {Account: "6001", Amount: money.New(-5, "USD")}}
		},
		"field split": func(e *Entry) { e.SourceKey, e.Description = "kd", "" }, // length prefixes keep fields apart
		"dated for":   func(e *Entry) { e.DatedFor = time.Unix(50, 0) },
	}
	want := base.ChainHash()
	for name, mutate := range mutations {
		e := base
		mutate(&e)
		if bytes.Equal(e.ChainHash(), want) {
			t.Errorf("changing the %s does not change the hash", name)
		}
	}
}

func TestRequest_ContentHashIgnoresTheKey(t *testing.T) {
	a := Request{SourceKey: "a", Postings: []Posting{{Account: "1122", Amount: cny(5)}, {Account: "6001", Amount: cny(-5)}}}
	b := a
	b.SourceKey = "b"
	if !bytes.Equal(a.ContentHash(), b.ContentHash()) {
		t.Fatal("the key is part of the content hash; a replay under the same key must compare content only")
	}
	b.Description = "other"
	if bytes.Equal(a.ContentHash(), b.ContentHash()) {
		t.Fatal("a different description gives the same content hash")
	}
}

// TestEntry_HashesOfEntriesBeforeEntitiesAreUnchanged pins the hashes the
// ledger computed before entities and dimensions (commit dd07762): entries
// migrated into entity 1 must verify as they were chained.
func TestEntry_HashesOfEntriesBeforeEntitiesAreUnchanged(t *testing.T) {
	r := Request{SourceKey: "order:7:paid", Description: "paid", EffectiveAt: time.UnixMicro(1_700_000_000_000_000),
		Postings: []Posting{{Account: "1122", Amount: cny(11300)}, {Account: "2203", Amount: cny(-11300)}}}
	e := Entry{ID: 3, Entity: DefaultEntity, Seq: 3, SourceKey: r.SourceKey, Description: r.Description, EffectiveAt: r.EffectiveAt,
		PostedAt: time.UnixMicro(1_700_000_000_000_001), Postings: r.Postings, ContentHash: r.ContentHash(), PrevHash: []byte{7, 7}}
	if got := hex.EncodeToString(r.ContentHash()); got != "52d5f75ab899beee22461cc8776958c334598ba5ceba74ac10479f3d9d473e1b" {
		t.Errorf("content hash = %s, changed since before entities", got)
	}
	if got := hex.EncodeToString(e.ChainHash()); got != "ee13d12461001fe531d2e7c663833a96e144d97ef8740b4a0848408daa3e60c2" {
		t.Errorf("chain hash = %s, changed since before entities", got)
	}
	for name, mutate := range map[string]func(*Entry){
		"entity":      func(e *Entry) { e.Entity = 2 },
		"seq":         func(e *Entry) { e.Seq = 1 },
		"map version": func(e *Entry) { e.MapVersion = 1 },
		"shop": func(e *Entry) {
			e.Postings = []Posting{{Account: "1122", Amount: cny(11300), Dims: Dims{Shop: "s"}}, e.Postings[1]}
		},
		"source": func(e *Entry) {
			e.Postings = []Posting{{Account: "1122", Amount: cny(11300), Dims: Dims{Source: Source{SourceOrder, "7"}}}, e.Postings[1]}
		},
		"dated for": func(e *Entry) { e.DatedFor = time.UnixMicro(1_600_000_000_000_000) },
	} {
		m := e
		mutate(&m)
		if bytes.Equal(m.ChainHash(), e.ChainHash()) {
			t.Errorf("changing the %s does not change the hash", name)
		}
	}
}

func TestEntryID_EncodesEntityAndSeq(t *testing.T) {
	for _, c := range []struct{ entity, seq int64 }{{1, 1}, {1, 12345}, {2, 1}, {MaxEntity, 1 << 40}} {
		id := EntryID(c.entity, c.seq)
		if e, s := SplitID(id); e != c.entity || s != c.seq {
			t.Errorf("SplitID(EntryID(%d, %d)) = %d, %d", c.entity, c.seq, e, s)
		}
		if id <= 0 || id >= 1<<53 {
			t.Errorf("EntryID(%d, %d) = %d is not a positive integer exact in JSON", c.entity, c.seq, id)
		}
	}
	if EntryID(1, 7) != 7 {
		t.Fatal("entity 1's ids must be its sequence numbers, as ids were before entities")
	}
}
