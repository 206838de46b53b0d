package ledger

import (
	"encoding/hex"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
)

// TestEntry_HashesOfEntriesBeforePeriodCloseAreUnchanged pins the hash an
// entity-2 entry with dimensions had before dated_for existed (commit
// c351f7a computes the same): only a moved entry hashes differently.
func TestEntry_HashesOfEntriesBeforePeriodCloseAreUnchanged(t *testing.T) {
	e := Entry{ID: EntryID(2, 5), Entity: 2, Seq: 5, MapVersion: 3, SourceKey: "order:9:paid", Description: "paid",
		EffectiveAt: time.UnixMicro(1_760_000_000_000_000), PostedAt: time.UnixMicro(1_760_000_000_000_001), ContentHash: []byte{1}, PrevHash: []byte{2},
		Postings: []Posting{{Account: "1122", Amount: cny(500), Dims: Dims{Shop: "tmall-1", Channel: "tmall", Source: Source{SourceOrder, "9"}}}, {Account: "6001", Amount: cny(-500)}}}
	if got := hex.EncodeToString(e.ChainHash()); got != "1232d9d2bd9cbca74ec0e5be388e765dfd1766f43236df29a8abd2bc0a6abcb5" {
		t.Fatalf("chain hash = %s, changed by period close", got)
	}
	moved := e
	moved.DatedFor = time.UnixMicro(1_750_000_000_000_000)
	if hex.EncodeToString(moved.ChainHash()) == hex.EncodeToString(e.ChainHash()) {
		t.Fatal("dated_for is not in the hash")
	}
}

func TestParsePeriod(t *testing.T) {
	for _, ok := range []string{"2026-11", "2026-01", "0001-12", "9999-12"} {
		p, err := ParsePeriod("period", ok)
		if err != nil || p.String() != ok || p.Validate() != nil {
			t.Errorf("ParsePeriod(%q) = %v, %v", ok, p, err)
		}
	}
	for _, bad := range []string{"", "2026-13", "2026-00", "2026-1", "26-11", "2026/11", "2026-11-01", " 2026-11", "２０２６-11"} {
		_, err := ParsePeriod("period", bad)
		if fault.KindOf(err) != fault.Invalid {
			t.Errorf("ParsePeriod(%q) = %v, want Invalid", bad, err)
		}
	}
	if (Period{2026, time.December}).Next() != (Period{2027, time.January}) || !(Period{2026, time.November}).Before(Period{2026, time.December}) {
		t.Fatal("Next or Before is wrong at the year's end")
	}
}

func TestPeriod_BoundsAreTheEntityZoneMonth(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	start, end := Period{2026, time.November}.Bounds(shanghai)
	if start != time.Date(2026, 10, 31, 16, 0, 0, 0, time.UTC) || end != time.Date(2026, 11, 30, 16, 0, 0, 0, time.UTC) {
		t.Fatalf("November in Shanghai = [%v, %v)", start, end)
	}
	if PeriodOf(end, shanghai) != (Period{2026, time.December}) || PeriodOf(end.Add(-time.Microsecond), shanghai) != (Period{2026, time.November}) {
		t.Fatal("PeriodOf disagrees with Bounds")
	}
	r := PeriodRecord{Start: start, End: end, Status: PeriodOpen, ClosedSeq: 4, ReopenedSeq: 9}
	if !r.Contains(start) || r.Contains(end) || r.Governs(4) || !r.Governs(5) || !r.Governs(9) || r.Governs(10) {
		t.Fatal("Contains or Governs is wrong at the edges")
	}
}

// FuzzParsePeriod: a period from outside (a path, a command line) is a
// month that prints back as given, or an Invalid error; never a panic.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2026-11", "2026-13", "", "0000-01", "9999-12", "2026-1", "2026-011", "+026-11", "2026-\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriod("period", s)
		if err != nil {
			if fault.KindOf(err) != fault.Invalid {
				t.Fatalf("ParsePeriod(%q) error %v is not Invalid", s, err)
			}
			return
		}
		if p.String() != s || p.Validate() != nil {
			t.Fatalf("ParsePeriod(%q) = %v, which prints %q", s, p, p.String())
		}
		start, end := p.Bounds(time.UTC)
		if !start.Before(end) || PeriodOf(start, time.UTC) != p {
			t.Fatalf("%v bounds [%v, %v)", p, start, end)
		}
	})
}
