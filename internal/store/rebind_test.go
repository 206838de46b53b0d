package store

import (
	"fmt"
	"testing"
)

func TestInList_PadsToAPowerOfTwoWithTheLastValue(t *testing.T) {
	cases := []struct {
		args []any
		want string
	}{
		{[]any{1}, "? [1]"},
		{[]any{1, 2}, "?, ? [1 2]"},
		{[]any{1, 2, 3}, "?, ?, ?, ? [1 2 3 3]"},
		{[]any{1, 2, 3, 4, 5}, "?, ?, ?, ?, ?, ?, ?, ? [1 2 3 4 5 5 5 5]"},
	}
	for _, c := range cases {
		marks, args := InList(c.args)
		if got := fmt.Sprint(marks, " ", args); got != c.want {
			t.Errorf("InList(%v) = %s, want %s", c.args, got, c.want)
		}
	}
	if marks, args := InList(nil); marks != "NULL" || args != nil {
		t.Errorf("InList(nil) = %q %v", marks, args)
	}
}
