package audit

import (
	"context"
	"encoding/csv"
	"encoding/hex"
	"io"
	"strconv"
	"time"
)

// CSVHeader is the first row of an export.
var CSVHeader = []string{"seq", "at", "actor", "role", "via", "action", "target", "status", "detail", "prev_hash", "hash"}

// WriteCSV writes every entry matching f, newest first, as CSV: a UTF-8
// byte order mark so that Excel reads the Chinese right, the header, then
// one row per entry with times in loc. A cell that would start a formula
// in a spreadsheet (= + - @) is prefixed with ' so it stays text.
func (l *Log) WriteCSV(ctx context.Context, w io.Writer, f Filter, loc *time.Location) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	err := l.Each(ctx, f, func(e Entry) error {
		return cw.Write([]string{strconv.FormatInt(e.Seq, 10), e.At.In(loc).Format(time.RFC3339Nano), cell(e.Actor),
			cell(e.Role), string(e.Via), cell(e.Action), cell(e.Target), strconv.Itoa(e.Status), string(e.Detail),
			hex.EncodeToString(e.PrevHash), hex.EncodeToString(e.Hash)})
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

func cell(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}
