package erp

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/ledger"
)

// FuzzParsePeriod: a period from a query string or a flag is either a
// month whose Start is its first instant, or an Invalid error; no panic.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2026-11", "2026-1", "0000-00", "9999-12", "2026-11-01", "", "２０２６-11", "2026-13"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriod(s, time.UTC)
		if err != nil {
			return
		}
		if p.String() != s || !p.Contains(p.Start()) || p.Contains(p.End()) {
			t.Fatalf("%q parsed as %s [%v, %v)", s, p, p.Start(), p.End())
		}
	})
}

// FuzzValidateEntries: an account map sent to the API is refused with an
// error or accepted as entries whose every code Lookup can return; no panic.
func FuzzValidateEntries(f *testing.F) {
	for _, s := range []string{
		`[{"hub":"1122","account":"1122.02","aux":{"FFLEX6":"C1"}}]`,
		`[{"hub":"1122","channel":"tmall","shop":"T1","account":"A-1"},{"hub":"1122","account":"B"}]`,
		`[{"hub":"11","account":""}]`, `[]`, `null`, `[{"hub":"1122","account":"x'y"}]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var entries []MapEntry
		if json.Unmarshal(data, &entries) != nil {
			return
		}
		out, err := ValidateEntries(entries)
		if err != nil {
			return
		}
		m := Map{ERP: Kingdee, Version: 1, Entries: out}
		for _, e := range out {
			got, ok := m.Lookup(e.Hub, ledger.Dims{Channel: e.Channel, Shop: e.Shop})
			if !ok || got.Hub != e.Hub || !erpCode.MatchString(got.Account) {
				t.Fatalf("entry %+v looked up as %+v, %v", e, got, ok)
			}
		}
	})
}
