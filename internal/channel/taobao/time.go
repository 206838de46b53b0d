package taobao

import (
	"fmt"
	"time"
)

// TimeLayout is how TOP writes times: yyyy-MM-dd HH:mm:ss, in Beijing time.
const TimeLayout = "2006-01-02 15:04:05"

// Beijing is GMT+8. A fixed zone rather than time.LoadLocation("Asia/Shanghai"),
// so the binary needs no tzdata: China has kept +8 without daylight saving
// since 1991, and TOP documents its times as GMT+8.
var Beijing = time.FixedZone("GMT+8", 8*60*60)

// FormatTime writes t as TOP reads it.
func FormatTime(t time.Time) string { return t.In(Beijing).Format(TimeLayout) }

// ParseTime reads a TOP time as GMT+8 and returns it in UTC. An empty
// string is the zero time: TOP leaves pay_time empty on an unpaid trade.
func ParseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(TimeLayout, s, Beijing)
	if err != nil {
		return time.Time{}, fmt.Errorf("taobao: time %q is not yyyy-MM-dd HH:mm:ss", s)
	}
	return t.UTC(), nil
}
