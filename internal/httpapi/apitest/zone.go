package apitest

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"
)

// WrongOffsets names every RFC 3339 time in a JSON answer that is not shown
// at the given offset from UTC, the merchant's (+08:00 in Asia/Shanghai).
func WrongOffsets(raw []byte, offset time.Duration) []string {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return nil
	}
	var out []string
	WalkStrings(v, "$", func(path, s string) {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return
		}
		if _, off := t.Zone(); time.Duration(off)*time.Second != offset {
			out = append(out, fmt.Sprintf("%s = %s is not at the merchant's offset (%s)", path, s, offset))
		}
	})
	return out
}

// WalkStrings calls visit with every string in a decoded JSON value and its
// path ($.items[0].created_at).
func WalkStrings(v any, path string, visit func(path, s string)) {
	switch v := v.(type) {
	case string:
		visit(path, v)
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(v)) {
			WalkStrings(v[k], path+"."+k, visit)
		}
	case []any:
		for i, item := range v {
			WalkStrings(item, fmt.Sprintf("%s[%d]", path, i), visit)
		}
	}
}
