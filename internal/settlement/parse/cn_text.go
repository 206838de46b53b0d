package parse

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// This file holds the text handling the Chinese wallet bills and the
// generic format share: encoding sniffing, a fast line splitter, and
// exact amount parsing. Names carry a cn prefix so they do not collide
// with the helpers of the other parsers in this package.

// cnSniffLen is how much of a file is looked at to tell UTF-8 from GBK.
const cnSniffLen = 64 << 10

// cnDecode returns r as UTF-8: a UTF-8 BOM is dropped; text whose first
// 64 KiB are not valid UTF-8 is read as GBK (GB18030, its superset), the
// encoding Alipay and Excel on Chinese Windows write.
func cnDecode(r io.Reader) io.Reader {
	br := bufio.NewReaderSize(r, cnSniffLen)
	head, _ := br.Peek(cnSniffLen)
	if bytes.HasPrefix(head, []byte("\xEF\xBB\xBF")) {
		_, _ = br.Discard(3)
		return br
	}
	if cnLooksUTF8(head, len(head) < cnSniffLen) {
		return br
	}
	return transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder())
}

// cnLooksUTF8 reports whether b is UTF-8, allowing a rune cut at the end
// of the sniffed window unless the window is the whole file.
func cnLooksUTF8(b []byte, whole bool) bool {
	if utf8.Valid(b) {
		return true
	}
	if whole {
		return false
	}
	for cut := 1; cut <= 3 && cut < len(b); cut++ {
		if utf8.Valid(b[:len(b)-cut]) {
			return true
		}
	}
	return false
}

// cnLines reads a file line by line without a regexp or a copy per field.
type cnLines struct {
	r    *bufio.Reader
	row  int // the 1-based number of the line last read
	line string
}

func newCNLines(r io.Reader) *cnLines { return &cnLines{r: bufio.NewReaderSize(r, 256<<10)} }

// next reads the next line without its line ending; false at the end.
func (l *cnLines) next() (bool, error) {
	b, err := l.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		// A line longer than the buffer: gather it whole.
		long := append([]byte(nil), b...)
		for err == bufio.ErrBufferFull {
			b, err = l.r.ReadSlice('\n')
			long = append(long, b...)
			if len(long) > 16<<20 {
				return false, errors.New("a line is longer than 16 MiB")
			}
		}
		b = long
	}
	if err != nil && err != io.EOF {
		return false, err
	}
	if len(b) == 0 && err == io.EOF {
		return false, nil
	}
	l.row++
	b = bytes.TrimSuffix(b, []byte("\n"))
	b = bytes.TrimSuffix(b, []byte("\r"))
	l.line = string(b)
	return true, nil
}

// cnSplit splits one CSV line into fields, appending to dst. Lines
// without a quote (nearly all of a wallet bill) are cut on commas;
// a line with quotes goes through encoding/csv so quoted commas survive.
// A quoted field spanning lines is not supported by these bills' parsers.
func cnSplit(dst []string, line string) ([]string, error) {
	dst = dst[:0]
	if strings.IndexByte(line, '"') < 0 {
		for {
			i := strings.IndexByte(line, ',')
			if i < 0 {
				return append(dst, line), nil
			}
			dst = append(dst, line[:i])
			line = line[i+1:]
		}
	}
	cr := csv.NewReader(strings.NewReader(line))
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	rec, err := cr.Read()
	if err != nil {
		return dst, err
	}
	return append(dst, rec...), nil
}

// cnBlank reports whether a line holds nothing but commas and spaces.
func cnBlank(line string) bool {
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case ',', ' ', '\t':
		default:
			return false
		}
	}
	return true
}

// cnClean strips what the bills wrap values in: the Excel guards (a
// trailing tab in Alipay files, a leading backtick in WeChat Pay files)
// and surrounding spaces.
func cnClean(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "`")
	s = strings.TrimSuffix(s, "\t")
	return strings.TrimSpace(s)
}

// cnHeaderName normalises a header cell: the Excel guards go, and
// full-width parentheses become ASCII so 订单金额（元） and 订单金额(元)
// are one name.
func cnHeaderName(s string) string {
	s = cnClean(strings.TrimPrefix(s, "\uFEFF"))
	if strings.Contains(s, "（") || strings.Contains(s, "）") {
		s = strings.NewReplacer("（", "(", "）", ")").Replace(s)
	}
	return s
}

// cnIndex maps normalised header names to their column positions.
type cnIndex map[string]int

func newCNIndex(header []string) cnIndex {
	ix := make(cnIndex, len(header))
	for i, h := range header {
		name := cnHeaderName(h)
		if _, dup := ix[name]; !dup && name != "" {
			ix[name] = i
		}
	}
	return ix
}

// get returns the cleaned value of the named column, "" when the header
// has no such column or the row is short.
func (ix cnIndex) get(rec []string, name string) string {
	i, ok := ix[name]
	if !ok || i >= len(rec) {
		return ""
	}
	return cnClean(rec[i])
}

// has reports whether the header holds every name.
func (ix cnIndex) has(names ...string) bool {
	for _, n := range names {
		if _, ok := ix[n]; !ok {
			return false
		}
	}
	return true
}

// cnMinor reads a decimal such as "-12.50" as an integer count of units
// of 10^-exp. With round set, extra fraction digits are rounded half away
// from zero (half-up on the magnitude); without it they are an error, as
// amounts are never rounded silently. A leading '+' is accepted; an empty
// string is an error.
func cnMinor(s string, exp int, round bool) (int64, string) {
	if s == "" {
		return 0, "is empty; write an amount such as 12.50"
	}
	neg := false
	switch s[0] {
	case '-':
		neg, s = true, s[1:]
	case '+':
		s = s[1:]
	}
	var v int64
	digits, frac, dot, roundUp := 0, 0, false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.' && !dot:
			dot = true
			continue
		case c < '0' || c > '9':
			return 0, "is not a decimal number; write digits with at most one '.', such as 12.50"
		}
		digits++
		if dot {
			frac++
			if frac > exp {
				if !round {
					return 0, "has more decimal places than the currency; amounts are never rounded"
				}
				if frac == exp+1 {
					roundUp = c >= '5'
				}
				continue
			}
		}
		if v > (1<<62)/10 {
			return 0, "is out of range"
		}
		v = v*10 + int64(c-'0')
	}
	if digits == 0 {
		return 0, "is not a decimal number; write digits such as 12.50"
	}
	for ; frac < exp; frac++ {
		if v > (1<<62)/10 {
			return 0, "is out of range"
		}
		v *= 10
	}
	if roundUp {
		v++
	}
	if neg {
		v = -v
	}
	return v, ""
}

// cnTimeLayouts are the zone-less layouts the Chinese bills and the usual
// spreadsheet exports write.
var cnTimeLayouts = []string{
	"2006-01-02 15:04:05",
	"2006/01/02 15:04:05",
	"2006/1/2 15:04:05",
	"2006-01-02 15:04",
	"2006/1/2 15:04",
	"2006-01-02",
	"2006/01/02",
	"2006/1/2",
	"20060102150405",
	"20060102",
	"2006年01月02日 15:04:05",
	"2006年01月02日",
}

// cnTime reads a zone-less time in loc, trying the extra layout last; a
// value with a zone (RFC 3339) keeps its own.
func cnTime(s string, loc *time.Location, extra string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	if t, ok := cnFastTime(s, loc); ok {
		return t, true
	}
	if strings.IndexByte(s, 'T') > 0 {
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return t, true
		}
	}
	for _, layout := range cnTimeLayouts {
		if len(layout) != len(s) && !strings.Contains(layout, "/1/") && !strings.Contains(layout, "年") {
			continue // cheap length check before the parse
		}
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true
		}
	}
	if extra != "" {
		if t, err := time.ParseInLocation(extra, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// cnFastTime reads the layout nearly every bill row has, "2006-01-02
// 15:04:05" (or with '/'), by hand: time.Parse's failed attempts
// allocate, and a bill has millions of rows.
func cnFastTime(s string, loc *time.Location) (time.Time, bool) {
	if len(s) != 19 || s[4] != s[7] || (s[4] != '-' && s[4] != '/') || s[10] != ' ' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	var f [6]int
	for i, at := range [6][2]int{{0, 4}, {5, 7}, {8, 10}, {11, 13}, {14, 16}, {17, 19}} {
		for _, c := range []byte(s[at[0]:at[1]]) {
			if c < '0' || c > '9' {
				return time.Time{}, false
			}
			f[i] = f[i]*10 + int(c-'0')
		}
	}
	if f[1] < 1 || f[1] > 12 || f[2] < 1 || f[2] > cnDaysIn(f[0], f[1]) || f[3] > 23 || f[4] > 59 || f[5] > 59 {
		return time.Time{}, false
	}
	return time.Date(f[0], time.Month(f[1]), f[2], f[3], f[4], f[5], 0, loc), true
}

func cnDaysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// cnDay returns the yyyymmdd of t in loc.
func cnDay(t time.Time, loc *time.Location) string { return t.In(loc).Format("20060102") }

// cnDayStart returns midnight of t's day in loc.
func cnDayStart(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// cnStripTaobao drops the T200P prefix Taobao and Tmall put before the
// trade id in Alipay's 商户订单号, so the line joins to the order's tid.
func cnStripTaobao(s string) string { return strings.TrimPrefix(s, "T200P") }
