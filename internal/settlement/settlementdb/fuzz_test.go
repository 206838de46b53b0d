package settlementdb_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/settlement/settlementtest"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// FuzzImport imports arbitrary files into one database, one after
// another, with and without the pending-move rule: whatever a file holds,
// the import either refuses it (the format's ParseError, Invalid, or
// Conflict with what an earlier input stored) or accounts for every line
// it read — new, duplicate or moved — and never panics.
func FuzzImport(f *testing.F) {
	f.Add(settlementtest.File("a", 5, 2))
	f.Add(settlementtest.Header + "\npending\tk1\tsale\tO1\t1.00\n")
	f.Add(settlementtest.Header + "\nP1\tk1\tsale\tO1\t1.00\nP1\tk1\tsale\tO1\t1.00\n")
	f.Add(settlementtest.Header + "\nP1\t\tsale\tO1\t1.00\n")
	f.Add(settlementtest.Header + "\n\t\tpayout\t\t1.00\n")
	f.Add(settlementtest.Header + "\nP1\tk1\tnope\tO1\t1.00\n")
	f.Add("garbage")
	db := storetest.SQLite(f)
	f.Fuzz(func(t *testing.T, body string) {
		for _, pending := range []bool{false, true} {
			im, err := importFile(t, db, "s1", body, pending)
			var pe *settlement.ParseError
			if err != nil {
				if k := fault.KindOf(err); !errors.As(err, &pe) && k != fault.Invalid && k != fault.Conflict {
					t.Fatalf("%v (kind %v)", err, k)
				}
				continue
			}
			if im.LinesNew+im.LinesDuplicate+im.Moved != im.LinesRead || im.LinesRead > int64(strings.Count(body, "\n")+1) {
				t.Fatalf("%+v does not account for the lines read", im)
			}
		}
	})
}
