package parse

import (
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/settlement"
)

func TestPresets_golden(t *testing.T) {
	for _, name := range []string{"douyin", "pdd"} {
		t.Run(name, func(t *testing.T) {
			s, err := cnParse(t, name, cnRead(t, name+".csv"), settlement.Options{})
			if err != nil {
				t.Fatal(err)
			}
			cnCheckLines(t, s)
			cnGolden(t, name, s)
		})
	}
}

func TestPresets_registered(t *testing.T) {
	for name, platform := range map[string]string{"douyin": "douyin", "pdd": "pdd", "alipay": "", "wechatpay": "", "generic": ""} {
		f, ok := Lookup(name)
		if !ok || f.Platform != platform || f.Summary == "" || f.Parse == nil {
			t.Errorf("format %s: %+v, %v", name, f, ok)
		}
	}
	if _, ok := Lookup("jd"); ok {
		t.Error("jd has no documented bill columns and must not be registered")
	}
	fs := Formats()
	for i := 1; i < len(fs); i++ {
		if fs[i-1].Name >= fs[i].Name {
			t.Fatalf("Formats not sorted: %s before %s", fs[i-1].Name, fs[i].Name)
		}
	}
}

func TestPresets_douyinSignsAndKinds(t *testing.T) {
	s, err := cnParse(t, "douyin", cnRead(t, "douyin.csv"), settlement.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		kind  settlement.Kind
		minor int64
	}{{settlement.Sale, 8800}, {settlement.Commission, -880}, {settlement.Transfer, -50000}, {settlement.Other, 200}}
	for i, w := range want {
		if s.lines[i].Kind != w.kind || s.lines[i].Amount.Minor() != w.minor {
			t.Errorf("line %d: %s %d, want %s %d", i, s.lines[i].Kind, s.lines[i].Amount.Minor(), w.kind, w.minor)
		}
	}
	_, err = cnParse(t, "douyin", []byte(strings.Replace(string(cnRead(t, "douyin.csv")), ",出账,", ",转出,", 1)), settlement.Options{})
	cnWantParseError(t, err, 3, "动账方向", "转出")
}

func TestPresets_pddSplitAmounts(t *testing.T) {
	s, err := cnParse(t, "pdd", cnGBK(t, cnRead(t, "pdd.csv")), settlement.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := []int64{}
	for _, l := range s.lines {
		got = append(got, l.Amount.Minor())
	}
	if len(got) != 4 || got[0] != 5990 || got[1] != -36 || got[2] != -1990 || got[3] != -10000 {
		t.Fatalf("amounts %v", got)
	}
	_, err = cnParse(t, "pdd", []byte(strings.Replace(string(cnRead(t, "pdd.csv")), "-0.36", "-0.3x", 1)), settlement.Options{})
	cnWantParseError(t, err, 3, "支出金额", "not a decimal")
}
