package parse

import "time"

// parseTime reads the date and date-time forms settlement files use,
// returning UTC:
//
//	2026-03-02T14:23:00+00:00   ISO 8601 (Amazon US/UK, Shopify), Z and fractions too
//	2026-03-02 14:23:00 UTC     Amazon EU/JP flat files, a zone word after the time
//	2026-03-02                  a date alone: midnight
//	02.03.2026 14:23:00 UTC     Amazon.de and other dotted locales: always day.month.year
//	2026/03/02 14:23:00 +0900   Amazon.co.jp, PayPal STL ("2024/08/20 00:01:17 -0700")
//	03/02/2026                  slashed with the year last: day first unless
//	                            monthFirst (the US marketplace); a part above 12 decides
//
// A time without a zone is in loc. It is a hand-written scanner rather than
// a list of time.Parse layouts because it runs once or twice per line of
// ten-million-line files.
func parseTime(s string, loc *time.Location, monthFirst bool) (time.Time, bool) {
	y, mo, d, rest, ok := scanDate(s, monthFirst)
	if !ok || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) {
		return time.Time{}, false
	}
	var h, mi, sec, ns int
	if rest != "" {
		if rest[0] != 'T' && rest[0] != ' ' {
			return time.Time{}, false
		}
		if h, mi, sec, ns, rest, ok = scanClock(rest[1:]); !ok {
			return time.Time{}, false
		}
	}
	offset, named, ok := scanZone(rest)
	if !ok {
		return time.Time{}, false
	}
	if !named {
		return time.Date(y, time.Month(mo), d, h, mi, sec, ns, loc).UTC(), true
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, ns, time.UTC)
	return t.Add(-time.Duration(offset) * time.Second), true
}

// scanDate reads the date part and returns what follows it.
func scanDate(s string, monthFirst bool) (y, mo, d int, rest string, ok bool) {
	if len(s) < 10 {
		return 0, 0, 0, "", false
	}
	a, okA := digits(s[0:4])
	switch {
	case okA && (s[4] == '-' || s[4] == '/') && s[7] == s[4]:
		mo, ok1 := digits(s[5:7])
		d, ok2 := digits(s[8:10])
		return a, mo, d, s[10:], ok1 && ok2
	case s[2] == '.' && s[5] == '.', s[2] == '/' && s[5] == '/':
		p, ok1 := digits(s[0:2])
		q, ok2 := digits(s[3:5])
		y, ok3 := digits(s[6:10])
		if s[2] == '/' && (monthFirst && p <= 12 || q > 12) {
			p, q = q, p
		}
		return y, q, p, s[10:], ok1 && ok2 && ok3
	}
	return 0, 0, 0, "", false
}

// scanClock reads HH:MM[:SS[.fraction]].
func scanClock(s string) (h, mi, sec, ns int, rest string, ok bool) {
	if len(s) < 5 || s[2] != ':' {
		return 0, 0, 0, 0, "", false
	}
	h, ok1 := digits(s[0:2])
	mi, ok2 := digits(s[3:5])
	rest = s[5:]
	ok3 := true
	if len(rest) >= 3 && rest[0] == ':' {
		sec, ok3 = digits(rest[1:3])
		rest = rest[3:]
	}
	if len(rest) > 1 && (rest[0] == '.' || rest[0] == ',') {
		i, scale := 1, 100000000
		for ; i < len(rest) && rest[i] >= '0' && rest[i] <= '9'; i++ {
			ns += int(rest[i]-'0') * scale
			scale /= 10
		}
		rest = rest[i:]
	}
	return h, mi, sec, ns, rest, ok1 && ok2 && ok3 && h < 24 && mi < 60 && sec < 60
}

// zoneWords are the zone names settlement files print after a time.
// "CST" is left out on purpose: it is China's and the US Central zone.
var zoneWords = map[string]int{
	"UTC": 0, "GMT": 0, "Z": 0, "BST": 3600, "CET": 3600, "CEST": 7200,
	"JST": 9 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600, "MST": -7 * 3600, "MDT": -6 * 3600,
	"EST": -5 * 3600, "EDT": -4 * 3600,
}

// scanZone reads what follows the clock: nothing (named false), "Z", an
// offset (+hh:mm, +hhmm, optionally after a space) or a zone word.
func scanZone(s string) (offset int, named, ok bool) {
	if s == "" {
		return 0, false, true
	}
	if s[0] == ' ' {
		s = s[1:]
	}
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		return scanOffset(s)
	}
	off, ok := zoneWords[s]
	return off, true, ok
}

func scanOffset(s string) (int, bool, bool) {
	body := s[1:]
	hh, mm := "", ""
	switch {
	case len(body) == 5 && body[2] == ':':
		hh, mm = body[:2], body[3:]
	case len(body) == 4:
		hh, mm = body[:2], body[2:]
	default:
		return 0, false, false
	}
	h, ok1 := digits(hh)
	m, ok2 := digits(mm)
	off := h*3600 + m*60
	if s[0] == '-' {
		off = -off
	}
	return off, true, ok1 && ok2 && h < 24 && m < 60
}

// digits reads a short run of ASCII digits.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, s != ""
}

func daysIn(y, mo int) int {
	return time.Date(y, time.Month(mo)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
