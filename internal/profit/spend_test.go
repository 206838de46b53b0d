package profit_test

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/profit"
)

func TestParseSpend(t *testing.T) {
	s, err := profit.ParseSpend("tmall", []byte("\ufeffCampaign,Date,Clicks,Spend,Currency\ndouble11,2026-11-11,120,\"1,234.50\",CNY\n\n预热,2026/11/10,3,0.99,CNY\n"))
	if err != nil || len(s) != 2 || s[0].Campaign != "double11" || s[0].Day != "2026-11-11" || s[0].Amount.Minor() != 123450 ||
		s[1].Campaign != "预热" || s[1].Day != "2026-11-10" || s[0].Channel != "tmall" {
		t.Fatalf("parsed %+v %v", s, err)
	}
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String("日期,推广计划,花费,币种\n2026-11-11,双十一,10.00,CNY\n")
	if s, err := profit.ParseSpend("jd", []byte(gbk)); err != nil || len(s) != 1 || s[0].Campaign != "双十一" {
		t.Fatalf("GBK: %+v %v", s, err)
	}
	for _, c := range []struct{ file, want string }{
		{"date,campaign,spend\n", "no currency column"},
		{"date,campaign,spend,currency\n2026-13-01,a,1,CNY\n", "row 2, column 1 (date)"},
		{"date,campaign,spend,currency\n2026-11-01,a,-1,CNY\n", "negative"},
		{"date,campaign,spend,currency\n2026-11-01,a,1.001,CNY\n", "row 2, column 3 (spend)"},
		{"date,campaign,spend,currency\n2026-11-01,a,1,CNY\n2026-11-01,a,2,CNY\n", "row 3: campaign \"a\" on 2026-11-01 is on row 2 too"},
		{"", "empty"},
	} {
		_, err := profit.ParseSpend("tmall", []byte(c.file))
		var f *fault.Error
		if err == nil || !errors.As(err, &f) || f.Kind != fault.Invalid || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want Invalid saying %q", c.file, err, c.want)
		}
	}
}

// FuzzParseSpend: any file is parsed or refused as Invalid, never half:
// what is returned has valid days, campaigns and non-negative amounts.
func FuzzParseSpend(f *testing.F) {
	f.Add([]byte("date,campaign,spend,currency\n2026-11-11,double11,10.00,CNY\n"))
	f.Add([]byte("日期,活动,花费,币种\n2026/11/11,a,\"1,000\",USD\n"))
	f.Add([]byte("date,campaign,spend,currency\n\"x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := profit.ParseSpend("tmall", data)
		if err != nil {
			var fe *fault.Error
			if !errors.As(err, &fe) || fe.Kind != fault.Invalid || s != nil {
				t.Fatalf("error %v (%T) with %d rows", err, err, len(s))
			}
			return
		}
		for _, r := range s {
			if r.Campaign == "" || len(r.Day) != 10 || r.Amount.Sign() < 0 {
				t.Fatalf("row %+v", r)
			}
		}
	})
}
