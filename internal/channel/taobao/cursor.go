package taobao

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
)

// maxPiece is the longest span taobao.trades.sold.increment.get takes.
const maxPiece = 24 * time.Hour

// maxRestarts bounds how often one piece is paged again from its new last
// page when trades entered it while it was being paged (pull.go).
const maxRestarts = 3

// cursor is where a pull stands: which day-piece of the window, which page
// of it comes next (paging backwards, so page 0 means "find the last"),
// how many trades the piece held when the paging started, and how often it
// was restarted. Callers see it only as an opaque string. Page numbers
// count in the connector's page_size, so a cursor is for the connector
// that gave it (or one with the same setting).
type cursor struct {
	piece, page, total, restarts int
}

const cursorPrefix = "top1"

func (c cursor) String() string {
	return fmt.Sprintf("%s.%d.%d.%d.%d", cursorPrefix, c.piece, c.page, c.total, c.restarts)
}

// parseCursor reads a cursor; "" is the start of the window. Errors:
// *channel.Error of kind Rejected.
func parseCursor(s string) (cursor, error) {
	if s == "" {
		return cursor{}, nil
	}
	parts := strings.Split(s, ".")
	bad := &channel.Error{Kind: channel.Rejected, Platform: platform, Message: fmt.Sprintf("cursor %q is not one this connector gave", s)}
	if len(parts) != 5 || parts[0] != cursorPrefix {
		return cursor{}, bad
	}
	var n [4]int
	for i, p := range parts[1:] {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || v > 1<<30 {
			return cursor{}, bad
		}
		n[i] = v
	}
	return cursor{piece: n[0], page: n[1], total: n[2], restarts: n[3]}, nil
}

// piece is the i-th span of at most one day of w, or false past its end.
// TOP takes whole seconds, both ends included: From is rounded down and To
// up, so pieces overlap their neighbours by at most a second, never leave
// a gap.
func piece(w channel.Window, i int) (from, to time.Time, ok bool) {
	start := w.From.Truncate(time.Second)
	from = start.Add(time.Duration(i) * maxPiece)
	if !from.Before(w.To) {
		return time.Time{}, time.Time{}, false
	}
	to = from.Add(maxPiece)
	if end := ceilSecond(w.To); to.After(end) {
		to = end
	}
	return from, to, true
}

func ceilSecond(t time.Time) time.Time {
	if r := t.Truncate(time.Second); !r.Equal(t) {
		return r.Add(time.Second)
	}
	return t
}

// lastPage is the number of the last page of total trades.
func lastPage(total, size int) int {
	return (total + size - 1) / size
}
